#!/usr/bin/env bash
# The drift workflow's decision: after pulumi/actions ran `pulumi preview --refresh
# --expect-no-changes` of production (OUTCOME: success or failure), tells drift from any other
# failure and keeps the drift issue in step (scripts/drift-issue.sh).
#   OUTCOME=success|failure STACK=production scripts/drift-check.sh
# On failure it runs the same read-only preview again with the Pulumi CLI to read why: the preview
# reports "no changes were expected but changes were proposed" for drift. Any other failure (no
# credentials, a program error) fails the run without touching the issue.
set -euo pipefail

outcome="${OUTCOME:?OUTCOME must be success or failure}"
stack="${STACK:?STACK must name the stack}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

case "$outcome" in
  success)
    exec "$here/drift-issue.sh" clean "$log"
    ;;
  failure) ;;
  *) echo "OUTCOME must be success or failure, not '$outcome'" >&2; exit 2 ;;
esac

set +e
pulumi preview --refresh --expect-no-changes --diff --non-interactive --stack "$stack" >"$log" 2>&1
code=$?
set -e
cat "$log"
if [[ $code -eq 0 ]]; then
  "$here/drift-issue.sh" clean "$log"
elif grep -Eq 'no changes were expected( for [^ ]+)? but changes were proposed' "$log"; then
  echo "::warning title=Production drift::production differs from the code on main; see the drift issue."
  "$here/drift-issue.sh" drift "$log"
else
  echo "::error title=Drift check failed::pulumi preview failed (exit $code) for another reason than drift; the drift issue is left as it is."
  exit 1
fi
