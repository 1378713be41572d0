#!/usr/bin/env bash
# Runs the user API locally on the embedded DynamoDB engine dynalite: no AWS account, no Docker.
#   scripts/run-local.sh [--port N] [--data DIR] [--cors-origins LIST] [--self-test]
# Serves the API, its OpenAPI document at /openapi.yaml and the interactive reference at /docs.
# Builds what it needs first (quietly; the first run downloads dependencies), and skips the build
# when nothing local mode is built from has changed since the last build (its own, or a
# `./mvnw package`/`verify` that wrote dev/local/target/local-server.jar): then no Maven runs.
# After a build it writes a class-data-sharing archive (AppCDS) from one `--self-test` run, so
# that later starts load the classes ready-parsed from dev/local/target/local-server.jsa.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=dev/local/target/local-server.jar
stamp=dev/local/target/.run-local-built
archive=dev/local/target/local-server.jsa
inputs=(pom.xml .mvn handler/pom.xml handler/src/main dev/local/pom.xml dev/local/src/main
  dev/dynalite/pom.xml dev/dynalite/package.json dev/dynalite/package-lock.json dev/dynalite/src/main docs/openapi.yaml)

# True when REF is missing or an input is newer than it.
changed_since() {
  [ ! -e "$1" ] || [ -n "$(find "${inputs[@]}" -newer "$1" -print -quit 2>/dev/null)" ]
}
if [ ! -f "$jar" ] || { changed_since "$stamp" && changed_since "$jar"; }; then
  ./mvnw -q -B -ntp -pl dev/local -am package -DskipTests -Dmaven.test.skip=true \
    -Dspotless.check.skip=true -Djacoco.skip=true -Dspotbugs.skip=true -Dlicense.skip=true
  touch "$stamp"
fi

# The archive is used only if it was made by this java from the current jars, and is whole: a
# truncated archive crashes JDK 17 at start (SIGBUS) instead of being ignored, so its size is
# recorded once it is complete and checked before every use. A missing, stale or broken archive
# means a slower start, never a failed one: if it cannot be written, local mode runs without it.
java_bin="$(command -v java || true)"
java_id="$(readlink -f "$java_bin" 2>/dev/null || echo "$java_bin")"
archive_ok() {
  [ -n "$java_bin" ] && [ -f "$archive" ] && [ -f "$archive.id" ] &&
    [ "$(cat "$archive.id")" = "$java_id $(wc -c <"$archive" | tr -d ' ')" ] &&
    [ -z "$(find -L "$jar" dev/local/target/lib "$java_bin" -newer "$archive" -print -quit 2>/dev/null)" ]
}
if [ -n "$java_bin" ] && ! archive_ok; then
  echo "Writing a class archive for faster starts (once after each build)..." >&2
  tmp="$archive.$$.tmp"
  rm -f "$archive" "$archive.id" "$tmp"
  if java -XX:ArchiveClassesAtExit="$tmp" -jar "$jar" --self-test >"$archive.log" 2>&1 &&
    java -XX:SharedArchiveFile="$tmp" -Xshare:on -XX:ErrorFile=dev/local/target/hs_err_pid%p.log \
      -jar "$jar" --help >>"$archive.log" 2>&1; then
    mv -f "$tmp" "$archive"
    echo "$java_id $(wc -c <"$archive" | tr -d ' ')" >"$archive.id"
  else
    rm -f "$tmp"
    echo "note: no class archive (see $archive.log); starting without it, a little slower." >&2
  fi
fi
cds=()
if archive_ok; then
  cds=(-XX:SharedArchiveFile="$archive")
fi
exec java ${cds[@]+"${cds[@]}"} -jar "$jar" "$@"
