#!/usr/bin/env bash
# How long `pulumi preview`/`up` wait before the backend program reaches the engine: the two
# commands the Pulumi CLI's Java host runs in app/ (plugin discovery, then the program), timed in a
# copy of the working tree, in one run next to each other:
#   - the first run in a fresh checkout (it builds),
#   - with nothing changed (app/mvnw's fast path: no Maven),
#   - after a change to an app source (plugin discovery rebuilds, the program then starts directly),
#   - a bare `java -cp` start of the same two main classes on the same classpath (the floor),
#   - through Maven as the CLI would without app/mvnw's fast path (APP_MVNW_FAST_START=0).
# Without the engine the program stops at its first call to it, which is the point measured.
#   scripts/pulumi-start-figures.sh [--runs N] [--maven-runs M]
# Medians of N runs (default 5); M (default 3) for the slow rows, 0 skips the Maven row. Prints a
# Markdown table; docs/pulumi-startup.md explains the rows.
set -euo pipefail
runs=5
maven_runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --maven-runs) maven_runs="$2"; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--maven-runs M]" >&2; exit 2 ;;
  esac
done
repo="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib/pulumi-cli.sh
. "$repo/scripts/lib/pulumi-cli.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
copy="$work/copy"
copy_tree "$repo" "$copy"
app="$copy/app"
plugin='"name":"aws"'

# Each prints the milliseconds one run took, after checking it did what the CLI needs.
time_packages() {
  local start
  start=$(now_ms)
  "$@" >"$work/out" 2>"$work/err" || { cat "$work/out" "$work/err" >&2; echo "plugin discovery failed" >&2; exit 1; }
  echo $(($(now_ms) - start))
  grep -q "$plugin" "$work/out" || { cat "$work/out" "$work/err" >&2; echo "no aws plugin reported" >&2; exit 1; }
}
time_run() {
  local start
  start=$(now_ms)
  "$@" >"$work/out" 2>&1 || true
  echo $(($(now_ms) - start))
  grep -q "$cli_engine_missing" "$work/out" || { cat "$work/out" >&2; echo "the program did not reach the engine" >&2; exit 1; }
}
row() { # label, plugin discovery ms values..., '--', program ms values...
  local label="$1" p=() r=()
  shift
  while [ "$1" != -- ]; do p+=("$1"); shift; done
  shift
  r=("$@")
  local mp mr total=()
  mp=$(median "${p[@]}")
  mr=$(median "${r[@]}")
  for i in "${!p[@]}"; do total+=($((p[i] + r[i]))); done
  printf '| %s | %d | %d | %d | %d |\n' "$label" "${#p[@]}" "$mp" "$mr" "$(median "${total[@]}")"
}

echo "Pulumi program start (app/), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores," \
  "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)," \
  "$(java -version 2>&1 | head -n 1), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
echo
echo "| Case | runs | plugin discovery, ms | program to the engine, ms | both, ms |"
echo "|---|---:|---:|---:|---:|"

p=$(time_packages cli_packages "$app")
r=$(time_run cli_run "$app")
row "first run in a fresh checkout (builds)" "$p" -- "$r"

ps=() rs=()
for _ in $(seq "$runs"); do
  ps+=("$(time_packages cli_packages "$app")")
  rs+=("$(time_run cli_run "$app")")
done
row "nothing changed (no Maven)" "${ps[@]}" -- "${rs[@]}"

source_file="$(main_source "$copy")"
ps=() rs=()
for i in $(seq "$maven_runs"); do
  printf '// changed %s\n' "$i" >>"$source_file"
  ps+=("$(time_packages cli_packages "$app")")
  rs+=("$(time_run cli_run "$app")")
done
[ "$maven_runs" -eq 0 ] || row "after an app source change (plugin discovery rebuilds)" "${ps[@]}" -- "${rs[@]}"

classpath="$app/target/classes:$(cat "$app/target/pulumi-start/classpath")"
read -r -a options <<<"$(tr -s '\r\n' '  ' <"$app/.mvn/jvm.config" 2>/dev/null || true)"
main="$(main_class "$copy")"
ps=() rs=()
for _ in $(seq "$runs"); do
  ps+=("$(time_packages java "${options[@]}" -cp "$classpath" com.pulumi.bootstrap.internal.Main packages)")
  rs+=("$(time_run java "${options[@]}" -cp "$classpath" "$main")")
done
row "bare java -cp, same classpath and options" "${ps[@]}" -- "${rs[@]}"

ps=() rs=()
export APP_MVNW_FAST_START=0
for _ in $(seq "$maven_runs"); do
  ps+=("$(time_packages cli_packages "$app")")
  rs+=("$(time_run cli_run "$app")")
done
unset APP_MVNW_FAST_START
[ "$maven_runs" -eq 0 ] || row "through Maven (APP_MVNW_FAST_START=0), nothing changed" "${ps[@]}" -- "${rs[@]}"
