#!/usr/bin/env bash
# Runs the user API locally on the embedded DynamoDB engine dynalite: no AWS account, no Docker.
#   scripts/run-local.sh [--port N] [--data DIR] [--cors-origins LIST]
# Serves the API, its OpenAPI document at /openapi.yaml and the interactive reference at /docs.
# Builds what it needs first (quietly; the first run downloads dependencies).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp -pl local -am package -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true -Dspotbugs.skip=true
exec java -jar local/target/local-server.jar "$@"
