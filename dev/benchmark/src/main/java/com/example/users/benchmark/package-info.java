/**
 * The benchmark behind {@code scripts/benchmark.sh}: cold start of the Lambda jar in fresh JVMs,
 * warm in-process latency with the handler's own share, local-server throughput against dynalite
 * direct, DynamoDB requests per operation and the jar itself, printed as Markdown tables. It is a
 * command, not a test: nothing here runs in {@code mvn verify} but the small unit tests of its
 * helpers.
 */
package com.example.users.benchmark;
