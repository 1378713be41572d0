/**
 * Storage: all DynamoDB code. {@link com.example.users.storage.UserTable} is the one class that
 * speaks DynamoDB (key schema, operations, page cursors); {@link
 * com.example.users.storage.DynamoDbClients} builds its client, with the HTTP client configuration
 * and the call counter the request log reads.
 */
package com.example.users.storage;
