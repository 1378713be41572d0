#!/usr/bin/env bash
# Prints the "What it costs" tables of docs/cost.md (Markdown) from the benchmark's measured figures and
# AWS's published prices:
#   scripts/cost.sh [RESULTS.json] [--memory MB]
# RESULTS.json defaults to dev/benchmark/target/benchmark-results.json, which scripts/benchmark.sh
# writes (warm p50/p99 per operation, the stored size of a typical user, the request log line);
# without it the defaults in dev/benchmark/src/main/resources/cost/prices.properties are used. The
# prices, their pages and dates, and every assumption are in that file. --memory is the Lambda
# memory of the main table (default 1024, the stack's lambdaMemoryMb).
# Builds nothing if dev/benchmark/target/benchmark.jar exists (scripts/benchmark.sh builds it); else it
# builds the benchmark module once, without tests (about a minute). Needs no AWS account.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f dev/benchmark/target/benchmark.jar ]; then
  echo "Building the benchmark module (once)..." >&2
  ./mvnw -q -B -ntp -pl dev/benchmark -am package -DskipTests -Dspotless.check.skip=true \
    -Djacoco.skip=true -Dspotbugs.skip=true >&2
fi
exec java -cp "dev/benchmark/target/benchmark.jar:dev/benchmark/target/lib/*" \
  com.example.users.benchmark.cost.CostReport "$@"
