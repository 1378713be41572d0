#!/usr/bin/env bash
# Runs the commands the Pulumi CLI's Java (maven) executor runs, in a copy of the working tree, and
# checks what they print. No Pulumi CLI or AWS account needed. For each program (the backend in
# app/, as Pulumi.yaml's main says, and the toolchain in toolchain/), the CLI runs ./mvnw since it
# exists there:
#   1. plugin discovery must print the aws resource plugin the program needs;
#   2. the program run must compile (for the backend: rebuild the handler jar) and reach the point
#      where it needs the Pulumi engine.
# The backend's build (app/.mvn/maven.config) builds only what the program needs, without the
# quality gates: the copy gets a badly formatted source with a compiler warning, which `./mvnw
# verify` refuses, and the backend must still start.
# app's PulumiEntrypointsTest runs this script, so it is part of `./mvnw verify`.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/copy"
# Tracked and new files as they are now (not the last commit), without build output.
git -C "$repo" ls-files -z --cached --others --exclude-standard |
  (cd "$repo" && tar --null -T - -cf -) | tar -xf - -C "$work/copy"

plugin='[{"resource":true,"name":"aws","version":"6.83.0"}]'
engine="Program run without the Pulumi engine available"

check() {
  local name="$1" dir="$2" log="$work/$1"
  local start mid end
  start=$(date +%s)
  (cd "$dir" && ./mvnw --no-transfer-progress compile exec:java \
    -DmainClass=com.pulumi.bootstrap.internal.Main -DmainArgs=packages) >"$log.packages" 2>&1 || {
    cat "$log.packages"; echo "FAIL $name: plugin discovery command failed"; exit 1; }
  mid=$(date +%s)
  grep -qF "$plugin" "$log.packages" || {
    cat "$log.packages"; echo "FAIL $name: aws plugin not reported"; exit 1; }
  echo "ok   $name: plugin discovery prints $plugin ($((mid - start)) s)"
  (cd "$dir" && ./mvnw --no-transfer-progress compile exec:java) >"$log.run" 2>&1 && {
    echo "FAIL $name: the program ran without a Pulumi engine?"; exit 1; }
  end=$(date +%s)
  grep -q "$engine" "$log.run" || {
    cat "$log.run"; echo "FAIL $name: the program did not get as far as needing the engine"; exit 1; }
  echo "ok   $name: 'mvnw compile exec:java' starts the program, which stops for lack of the engine ($((end - mid)) s)"
}

rm -f "$work/copy/handler/target/handler-lambda.jar"
# A formatting slip and a javac warning (a raw type): the test job's gates, not a deploy's.
printf 'package com.example.users.infra;\nfinal class FormattingSlip {   java.util.List raw;\n}\n' \
  >"$work/copy/app/src/main/java/com/example/users/infra/FormattingSlip.java"
check backend "$work/copy/app"
for module in dev/local dev/benchmark; do
  if [ -d "$work/copy/$module/target/classes" ]; then
    echo "FAIL backend: the program's build compiled $module, which the program does not need"; exit 1
  fi
done
echo "ok   backend: built without the quality gates, and without dev/local/ and dev/benchmark/"
test -f "$work/copy/handler/target/handler-lambda.jar" || { echo "FAIL backend: handler jar not rebuilt"; exit 1; }
echo "ok   backend: the run rebuilt handler/target/handler-lambda.jar from the sources"
# That was a clean build in another directory at another time: if this tree has a jar built from
# the same sources, the two must be byte-identical (otherwise every `pulumi up` redeploys).
if [ -f "$repo/handler/target/handler-lambda.jar" ]; then
  a="$(sha256sum "$repo/handler/target/handler-lambda.jar" | cut -d' ' -f1)"
  b="$(sha256sum "$work/copy/handler/target/handler-lambda.jar" | cut -d' ' -f1)"
  [ "$a" = "$b" ] || { echo "FAIL backend: handler jar not reproducible ($a here, $b in the copy)"; exit 1; }
  echo "ok   backend: the handler jar is reproducible (sha256 $a, $(stat -c %s "$repo/handler/target/handler-lambda.jar") bytes)"
fi
check toolchain "$work/copy/toolchain"
echo "entry points ok"
