/**
 * Local mode: the Lambda handler served over HTTP against the embedded DynamoDB engine dynalite.
 */
package com.example.users.local;
