#!/usr/bin/env bash
# Builds the Lambda jar twice from clean and checks the two are byte-identical, so that an
# unchanged source tree never makes `pulumi up` redeploy the function (Pulumi hashes the bytes).
set -euo pipefail
cd "$(dirname "$0")/.."
build() {
  ./mvnw --no-transfer-progress -q -pl handler -am clean compile >/dev/null
  sha256sum handler/target/handler-lambda.jar | cut -d' ' -f1
}
first=$(build)
sleep 2 # a build that leaked the clock into the jar would now differ
second=$(build)
echo "first:  $first"
echo "second: $second"
[ "$first" = "$second" ] && echo "ok: reproducible" || { echo "FAIL: the jar differs between builds"; exit 1; }
