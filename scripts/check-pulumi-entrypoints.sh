#!/usr/bin/env bash
# Runs, in a fresh clone of HEAD, the two commands the Pulumi CLI's maven executor runs at the
# repository root, and checks what they print. No Pulumi CLI or AWS account needed.
#   1. plugin discovery must print the aws resource plugin the program needs;
#   2. the program run must rebuild the handler jar and reach the point where it needs the engine.
# Not part of `mvn verify` (a nested Maven build in a clone adds ~15 s and needs the network the
# first time); run it after changing a pom, Pulumi.yaml or the exec-maven-plugin configuration.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/clone"
cd "$work/clone"

start=$(date +%s)
mvn --no-transfer-progress compile exec:java \
  -DmainClass=com.pulumi.bootstrap.internal.Main -DmainArgs=packages >"$work/packages.log" 2>&1 || {
  cat "$work/packages.log"; echo "FAIL: plugin discovery command failed"; exit 1; }
mid=$(date +%s)
grep -qF '[{"resource":true,"name":"aws","version":"6.83.0"}]' "$work/packages.log" || {
  cat "$work/packages.log"; echo "FAIL: aws plugin not reported"; exit 1; }
echo "ok: plugin discovery prints the aws 6.83.0 plugin ($((mid - start)) s)"

rm -f handler/target/handler-lambda.jar
mvn --no-transfer-progress compile exec:java >"$work/run.log" 2>&1 && {
  echo "FAIL: the program ran without a Pulumi engine?"; exit 1; }
end=$(date +%s)
test -f handler/target/handler-lambda.jar || { cat "$work/run.log"; echo "FAIL: handler jar not rebuilt"; exit 1; }
grep -q "Program run without the Pulumi engine available" "$work/run.log" || {
  cat "$work/run.log"; echo "FAIL: the program did not get as far as needing the engine"; exit 1; }
echo "ok: 'mvn compile exec:java' rebuilt the handler jar and started the program, which stops for lack of the engine ($((end - mid)) s)"
