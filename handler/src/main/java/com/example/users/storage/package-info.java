/** Storage: the one place that speaks DynamoDB, and the table's key schema. */
package com.example.users.storage;
