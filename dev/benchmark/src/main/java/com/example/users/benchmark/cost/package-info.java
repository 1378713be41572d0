/**
 * What the backend costs on AWS: a cost model from the benchmark's measured durations, item and log
 * sizes and AWS's published prices ({@code cost/prices.properties}), printed as the README's "What
 * it costs" table by {@code scripts/cost.sh}.
 */
package com.example.users.benchmark.cost;
