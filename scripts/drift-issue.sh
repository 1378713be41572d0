#!/usr/bin/env bash
# Keeps ONE open issue about production drift, for the scheduled drift check
# (.github/workflows/drift.yml):
#   drift: opens the issue, or comments on the open one while drift persists;
#   clean: closes the open issue, if any.
#   scripts/drift-issue.sh drift|clean PREVIEW_LOG
# PREVIEW_LOG holds the output of `pulumi preview --refresh --expect-no-changes`. Uses the GitHub CLI
# (GH_TOKEN with issues: write; GH_REPO names the repository when not run in its checkout).
# RUN_URL, if set, links the run in the issue.
set -euo pipefail

status="${1:?usage: scripts/drift-issue.sh drift|clean PREVIEW_LOG}"
log="${2:?usage: scripts/drift-issue.sh drift|clean PREVIEW_LOG}"
label="production-drift"
title="Production has drifted from the code"
run="${RUN_URL:-}"

case "$status" in
  drift | clean) ;;
  *) echo "status must be drift or clean, not '$status'" >&2; exit 2 ;;
esac

open="$(gh issue list --label "$label" --state open --json number --jq '.[0].number // empty')"

if [[ "$status" == clean ]]; then
  if [[ -n "$open" ]]; then
    gh issue close "$open" --comment "Production matches the code again (\`pulumi preview --refresh\` shows no changes${run:+: $run})."
    echo "no drift: closed issue #$open"
  else
    echo "no drift"
  fi
  exit 0
fi

body="$(mktemp)"
trap 'rm -f "$body"' EXIT
{
  echo "The daily drift check's \`pulumi preview --refresh --expect-no-changes\` of production found changes: what runs in AWS is not what the code on \`main\` declares${run:+ ($run)}."
  echo
  echo "Either bring AWS back to the code (a deploy: re-run the latest \`pipeline\` run on \`main\`), or change the code to what production should be. See docs/pipeline.md, \"Drift detection\"."
  echo
  echo '<details><summary>The preview (last 60,000 characters)</summary>'
  echo
  echo '```'
  tail -c 60000 "$log"
  echo '```'
  echo '</details>'
} >"$body"

if [[ -n "$open" ]]; then
  gh issue comment "$open" --body-file "$body"
  echo "drift persists: commented on issue #$open"
else
  gh label create "$label" --color D93F0B --description "Production differs from the code (drift check)" --force >/dev/null
  gh issue create --title "$title" --label "$label" --body-file "$body"
  echo "drift: opened an issue"
fi
