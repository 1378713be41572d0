/** DynamoDB Local started in-process, for tests and the local mode. */
package com.example.users.dynamodblocal;
