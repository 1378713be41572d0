/**
 * dynalite, the open-source DynamoDB engine (Apache-2.0, on Node.js), started as a child process
 * for the tests, local mode and the benchmark. {@link com.example.users.dynalite.Dynalite} is the
 * whole API: start in memory or on a data directory, its endpoint, close.
 */
package com.example.users.dynalite;
