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
# Then the backend's fast start (app/mvnw, docs/pulumi-startup.md): with nothing changed neither
# command runs Maven; after a change to an app source, a handler source, a pom or the build output,
# the program is rebuilt before it runs, and never runs a stale class; other arguments and
# APP_MVNW_FAST_START=0 go to Maven. Times are single runs in milliseconds (figures with medians:
# scripts/pulumi-start-figures.sh).
# app's PulumiEntrypointsTest runs this script, so it is part of `./mvnw verify`.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib/pulumi-cli.sh
. "$repo/scripts/lib/pulumi-cli.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
copy="$work/copy"
copy_tree "$repo" "$copy"

plugin='[{"resource":true,"name":"aws","version":"6.83.0"}]'
fast="nothing changed since the last build: starting without Maven"
rebuild="building with Maven first"

fail() { echo "FAIL $*"; exit 1; }
# Runs plugin discovery in $2 into $work/$1.packages/.err; checks its standard output is the JSON.
packages() {
  local log="$work/$1" start
  start=$(now_ms)
  cli_packages "$2" >"$log.packages" 2>"$log.err" || {
    cat "$log.packages" "$log.err"; fail "$1: plugin discovery command failed"; }
  took=$(($(now_ms) - start))
  [ "$(cat "$log.packages")" = "$plugin" ] || {
    cat "$log.packages" "$log.err"; fail "$1: plugin discovery printed something else than $plugin"; }
}
# Runs the program in $2 into $work/$1.run; checks it stopped for lack of the engine.
run() {
  local log="$work/$1" start
  start=$(now_ms)
  cli_run "$2" >"$log.run" 2>&1 && fail "$1: the program ran without a Pulumi engine?"
  took=$(($(now_ms) - start))
  grep -q "$cli_engine_missing" "$log.run" || {
    cat "$log.run"; fail "$1: the program did not get as far as needing the engine"; }
}
# Checks that the backend's last command ($1: packages or run) took the fast path or rebuilt ($2).
took_path() {
  local log="$work/backend.$1"
  [ "$1" = packages ] && log="$work/backend.err"
  case "$2" in
    fast) grep -q "$fast" "$log" || { cat "$log"; fail "backend: $1 did not take the fast path ($3)"; } ;;
    rebuild) grep -q "$rebuild" "$log" || { cat "$log"; fail "backend: $1 was not rebuilt ($3)"; } ;;
  esac
}

main="$(main_class "$copy")"
source_file="$(main_source "$copy")"
[ -n "$main" ] && [ -f "$source_file" ] || fail "backend: no main class source for '$main' (app/pom.xml mainClass)"
rm -f "$copy/handler/target/handler-lambda.jar"
# A formatting slip and a javac warning (a raw type): the test job's gates, not a deploy's.
printf 'package %s;\nfinal class FormattingSlip {   java.util.List raw;\n}\n' "${main%.*}" \
  >"$(dirname "$source_file")/FormattingSlip.java"

# A fresh checkout: the first run builds.
packages backend "$copy/app"
took_path packages rebuild "fresh copy"
echo "ok   backend: plugin discovery prints $plugin (first run, built with Maven: $took ms)"
run backend "$copy/app"
echo "ok   backend: 'mvnw compile exec:java' starts the program, which stops for lack of the engine ($took ms)"
for module in dev/local dev/benchmark; do
  [ ! -d "$copy/$module/target/classes" ] ||
    fail "backend: the program's build compiled $module, which the program does not need"
done
echo "ok   backend: built without the quality gates, and without dev/local/ and dev/benchmark/"
jar="$copy/handler/target/handler-lambda.jar"
test -f "$jar" || fail "backend: handler jar not rebuilt"
echo "ok   backend: the run rebuilt handler/target/handler-lambda.jar from the sources"
# That was a clean build in another directory at another time: if this tree has a jar built from
# the same sources, the two must be byte-identical (otherwise every `pulumi up` redeploys).
if [ -f "$repo/handler/target/handler-lambda.jar" ]; then
  a="$(sha256sum "$repo/handler/target/handler-lambda.jar" | cut -d' ' -f1)"
  b="$(sha256sum "$jar" | cut -d' ' -f1)"
  [ "$a" = "$b" ] || fail "backend: handler jar not reproducible ($a here, $b in the copy)"
  echo "ok   backend: the handler jar is reproducible (sha256 $a, $(stat -c %s "$repo/handler/target/handler-lambda.jar") bytes)"
fi

# Nothing changed: no Maven.
packages backend "$copy/app"
took_path packages fast "nothing changed"
p=$took
run backend "$copy/app"
took_path run fast "nothing changed"
echo "ok   backend: nothing changed, no Maven: plugin discovery $p ms, program start $took ms"

# An app source changed: the new class runs, never the old one. The main method prints a marker.
cp "$source_file" "$work/main.orig"
mark() {
  awk -v m="$1" '{ print } /static void main\(/ && !done { print "    System.err.println(\"" m "\");"; done = 1 }' \
    "$work/main.orig" >"$source_file"
  grep -q "$1" "$source_file" || fail "backend: no main method found in $source_file"
}
mark fast-start-marker-1
run backend "$copy/app"
took_path run rebuild "app source changed"
grep -q fast-start-marker-1 "$work/backend.run" || { cat "$work/backend.run"; fail "backend: the changed main class did not run"; }
echo "ok   backend: after an app source change the program is rebuilt and the new class runs ($took ms)"
mark fast-start-marker-2
packages backend "$copy/app"
took_path packages rebuild "app source changed again"
p=$took
run backend "$copy/app"
took_path run fast "rebuilt by plugin discovery"
grep -q fast-start-marker-2 "$work/backend.run" && ! grep -q fast-start-marker-1 "$work/backend.run" || {
  cat "$work/backend.run"; fail "backend: a stale main class ran"; }
echo "ok   backend: changed again, plugin discovery rebuilds ($p ms) and the program runs the new class without Maven ($took ms)"

# A handler source changed: the handler's classes and its jar are rebuilt before the program runs.
handler_source="$(find "$copy/handler/src/main/java" -name '*.java' ! -name package-info.java | sort | sed -n 1p)"
handler_package="$(sed -n 's/^package \([A-Za-z0-9_.]*\);.*/\1/p' "$handler_source" | sed -n 1p)"
printf 'package %s;\n\nfinal class FastStartProbe {}\n' "$handler_package" >"$(dirname "$handler_source")/FastStartProbe.java"
probe="$(echo "$handler_package" | tr . /)/FastStartProbe.class"
packages backend "$copy/app"
took_path packages rebuild "handler source changed"
p=$took
unzip -Z1 "$jar" >"$work/jar-entries"
grep -qxF "$probe" "$work/jar-entries" || fail "backend: the handler jar was not rebuilt with $probe"
run backend "$copy/app"
took_path run fast "handler rebuilt by plugin discovery"
echo "ok   backend: after a handler source change the handler jar is rebuilt before the program runs ($p ms + $took ms)"

# The build output removed (./mvnw clean in handler): rebuilt, not run against a missing jar.
rm -rf "$copy/handler/target"
run backend "$copy/app"
took_path run rebuild "handler/target removed"
test -f "$jar" || fail "backend: handler jar not rebuilt after handler/target was removed"
echo "ok   backend: with handler/target removed the program is rebuilt first ($took ms)"

# A pom changed (a comment): rebuilt.
printf '<!-- changed -->\n' >>"$copy/app/pom.xml"
run backend "$copy/app"
took_path run rebuild "app/pom.xml changed"
echo "ok   backend: after a pom change the program is rebuilt first ($took ms)"

# Other arguments, and the bypass, go to Maven unchanged.
(cd "$copy/app" && ./mvnw --version) >"$work/version" 2>&1 || { cat "$work/version"; fail "backend: ./mvnw --version failed"; }
grep -q "Apache Maven" "$work/version" && ! grep -q "app/mvnw:" "$work/version" ||
  { cat "$work/version"; fail "backend: ./mvnw --version did not go to Maven"; }
(cd "$copy/app" && ./mvnw --no-transfer-progress compile exec:java -Dexec.args=x) >"$work/other" 2>&1 || true
grep -q "BUILD" "$work/other" && ! grep -q "app/mvnw:" "$work/other" ||
  { cat "$work/other"; fail "backend: a command with other arguments did not go to Maven"; }
export APP_MVNW_FAST_START=0
run backend "$copy/app"
unset APP_MVNW_FAST_START
grep -q "exec-maven-plugin" "$work/backend.run" && ! grep -q "app/mvnw:" "$work/backend.run" ||
  { cat "$work/backend.run"; fail "backend: APP_MVNW_FAST_START=0 did not run the program through Maven"; }
echo "ok   backend: other arguments and APP_MVNW_FAST_START=0 go to Maven (program through Maven: $took ms)"

# The toolchain program, through Maven as before.
packages toolchain "$copy/toolchain"
echo "ok   toolchain: plugin discovery prints $plugin ($took ms)"
run toolchain "$copy/toolchain"
echo "ok   toolchain: 'mvnw compile exec:java' starts the program, which stops for lack of the engine ($took ms)"
echo "entry points ok"
