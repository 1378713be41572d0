/**
 * dynalite, the open-source DynamoDB engine (Apache-2.0, on Node.js), started as a child process
 * for the tests, local mode and the benchmark. {@link com.example.users.dynalite.Dynalite} starts
 * it (in memory or on a data directory) and gives its endpoint; {@link
 * com.example.users.dynalite.Tables} creates a table in it.
 */
package com.example.users.dynalite;
