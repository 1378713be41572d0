/** Local mode: the Lambda handler served over HTTP against an embedded DynamoDB Local. */
package com.example.users.local;
