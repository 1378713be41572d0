#!/usr/bin/env bash
# Runs the user API locally on the embedded DynamoDB engine dynalite: no AWS account, no Docker.
#   scripts/run-local.sh [--port N] [--data DIR] [--cors-origins LIST]
# Serves the API, its OpenAPI document at /openapi.yaml and the interactive reference at /docs.
# Builds what it needs first (quietly; the first run downloads dependencies), and skips the build
# when nothing local mode is built from has changed since the last one (then no Maven runs).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=local/target/.run-local-built
inputs=(pom.xml .mvn handler/pom.xml handler/src/main local/pom.xml local/src/main
  dynalite/pom.xml dynalite/package.json dynalite/package-lock.json dynalite/src/main docs/openapi.yaml)
if [ ! -f "$stamp" ] || [ ! -f local/target/local-server.jar ] ||
  [ -n "$(find "${inputs[@]}" -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  ./mvnw -q -B -ntp -pl local -am package -DskipTests -Dspotless.check.skip=true \
    -Djacoco.skip=true -Dspotbugs.skip=true -Dlicense.skip=true
  touch "$stamp"
fi
exec java -jar local/target/local-server.jar "$@"
