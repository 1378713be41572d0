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

# Each runs one command and prints "<wall ms> <CPU ms>" (CPU: user + system of the command and
# its children, from GNU time; the machine's load moves wall time far more than CPU time), after
# checking it did what the CLI needs.
timed() { # directory, command...
  local dir="$1"
  shift
  if [ -x /usr/bin/time ]; then
    (cd "$dir" && /usr/bin/time -f '%e %U %S' -o "$work/time" "$@")
  else
    local start status=0
    start=$(now_ms)
    (cd "$dir" && "$@") || status=$?
    echo "$(($(now_ms) - start))" | awk '{ print $1 / 1000, 0, 0 }' >"$work/time"
    return "$status"
  fi
}
figures() { tail -n 1 "$work/time" | awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }'; }
time_packages() {
  timed "$@" >"$work/out" 2>"$work/err" || { cat "$work/out" "$work/err" >&2; echo "plugin discovery failed" >&2; exit 1; }
  grep -q "$plugin" "$work/out" || { cat "$work/out" "$work/err" >&2; echo "no aws plugin reported" >&2; exit 1; }
  figures
}
time_run() {
  timed "$@" >"$work/out" 2>&1 || true
  grep -q "$cli_engine_missing" "$work/out" || { cat "$work/out" >&2; echo "the program did not reach the engine" >&2; exit 1; }
  figures
}
# A table row: label, then "wall cpu" pairs of plugin discovery, '--', then those of the program.
row() {
  local label="$1" pw=() pc=() rw=() rc=() tw=() tc=() i
  shift
  while [ "$1" != -- ]; do pw+=("${1% *}"); pc+=("${1#* }"); shift; done
  shift
  for i in "$@"; do rw+=("${i% *}"); rc+=("${i#* }"); done
  for i in "${!pw[@]}"; do tw+=($((pw[i] + rw[i]))); tc+=($((pc[i] + rc[i]))); done
  printf '| %s | %d | %d / %d | %d / %d | **%d** / %d |\n' "$label" "${#pw[@]}" \
    "$(median "${pw[@]}")" "$(median "${pc[@]}")" "$(median "${rw[@]}")" "$(median "${rc[@]}")" \
    "$(median "${tw[@]}")" "$(median "${tc[@]}")"
}

echo "Pulumi program start (app/), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores," \
  "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | sed -n 1p)," \
  "$(java -version 2>&1 | sed -n 1p), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
echo
echo "| Case (medians; wall / CPU ms) | runs | plugin discovery | program to the engine | both |"
echo "|---|---:|---:|---:|---:|"

p=$(time_packages "$app" ./mvnw "${cli_packages_args[@]}")
r=$(time_run "$app" ./mvnw "${cli_run_args[@]}")
row "first run in a fresh checkout (builds)" "$p" -- "$r"

ps=() rs=()
for _ in $(seq "$runs"); do
  ps+=("$(time_packages "$app" ./mvnw "${cli_packages_args[@]}")")
  rs+=("$(time_run "$app" ./mvnw "${cli_run_args[@]}")")
done
row "nothing changed (no Maven)" "${ps[@]}" -- "${rs[@]}"

source_file="$(main_source "$copy")"
ps=() rs=()
for i in $(seq "$maven_runs"); do
  printf '// changed %s\n' "$i" >>"$source_file"
  ps+=("$(time_packages "$app" ./mvnw "${cli_packages_args[@]}")")
  rs+=("$(time_run "$app" ./mvnw "${cli_run_args[@]}")")
done
[ "$maven_runs" -eq 0 ] || row "after an app source change (plugin discovery rebuilds)" "${ps[@]}" -- "${rs[@]}"

classpath="$app/target/classes:$(cat "$app/target/pulumi-start/classpath")"
read -r -a options <<<"$(tr -s '\r\n' '  ' <"$app/.mvn/jvm.config" 2>/dev/null || true)"
main="$(main_class "$copy")"
ps=() rs=()
for _ in $(seq "$runs"); do
  ps+=("$(time_packages "$app" java "${options[@]}" -cp "$classpath" com.pulumi.bootstrap.internal.Main packages)")
  rs+=("$(time_run "$app" java "${options[@]}" -cp "$classpath" "$main")")
done
row "bare java -cp, same classpath and options" "${ps[@]}" -- "${rs[@]}"

ps=() rs=()
export APP_MVNW_FAST_START=0
for _ in $(seq "$maven_runs"); do
  ps+=("$(time_packages "$app" ./mvnw "${cli_packages_args[@]}")")
  rs+=("$(time_run "$app" ./mvnw "${cli_run_args[@]}")")
done
unset APP_MVNW_FAST_START
[ "$maven_runs" -eq 0 ] || row "through Maven (APP_MVNW_FAST_START=0), nothing changed" "${ps[@]}" -- "${rs[@]}"
