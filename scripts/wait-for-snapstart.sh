#!/usr/bin/env bash
# Waits until the version a Lambda alias points at is Active, so that a smoke test right after a
# deploy does not meet a SnapStart version whose snapshot is still being taken. `pulumi up` can
# return before that: the AWS provider does not wait for a new SnapStart version to become Active
# (hashicorp/terraform-provider-aws #42693), which takes one to a few minutes.
#   scripts/wait-for-snapstart.sh FUNCTION_NAME [ALIAS [REGION]]
# ALIAS defaults to live. REGION is the stack's region (e.g. "$(pulumi config get aws:region -s
# sandbox)"); without it the AWS CLI's default region is used, which may not be the stack's.
# SNAPSTART_VERSION waits for that version instead of the alias's (the version `pulumi up` published,
# before traffic reaches it). SNAPSTART_WAIT_SECONDS bounds the wait (default 900: 15 minutes),
# SNAPSTART_POLL_SECONDS sets the interval between checks (default 10). Uses the AWS CLI with the
# caller's credentials (lambda:GetAlias, lambda:GetFunctionConfiguration).
# Exits 0 once the version is Active and its last update Successful; non-zero, saying why, if the
# version failed or the time ran out.
set -euo pipefail

function_name="${1:?usage: scripts/wait-for-snapstart.sh FUNCTION_NAME [ALIAS]}"
alias_name="${2:-live}"
region=()
if [[ -n "${3:-}" ]]; then
  region=(--region "$3")
fi
limit="${SNAPSTART_WAIT_SECONDS:-900}"
interval="${SNAPSTART_POLL_SECONDS:-10}"
[[ "$limit" =~ ^[0-9]+$ ]] || { echo "SNAPSTART_WAIT_SECONDS must be a whole number of seconds, not '$limit'" >&2; exit 2; }
[[ "$interval" =~ ^[0-9]+$ ]] || { echo "SNAPSTART_POLL_SECONDS must be a whole number of seconds, not '$interval'" >&2; exit 2; }

if [[ -n "${SNAPSTART_VERSION:-}" ]]; then
  version="$SNAPSTART_VERSION"
  [[ "$version" =~ ^[0-9]+$ ]] || { echo "SNAPSTART_VERSION must be a published version number, not '$version'" >&2; exit 2; }
  echo "waiting for $function_name version $version to be Active, at most ${limit} s"
else
  version="$(aws lambda get-alias --function-name "$function_name" --name "$alias_name" \
    ${region[@]+"${region[@]}"} --query FunctionVersion --output text)"
  [[ -n "$version" && "$version" != "None" ]] || { echo "alias $function_name:$alias_name has no version" >&2; exit 1; }
  echo "waiting for $function_name version $version (alias $alias_name) to be Active, at most ${limit} s"
fi

start=$SECONDS
while :; do
  status="$(aws lambda get-function-configuration \
    --function-name "$function_name" --qualifier "$version" ${region[@]+"${region[@]}"} \
    --query '[State, LastUpdateStatus, StateReason]' --output text)"
  read -r state update reason <<<"$status"
  case "$state/$update" in
    Active/Successful)
      echo "version $version is Active ($((SECONDS - start)) s)"
      exit 0
      ;;
    Failed/* | */Failed)
      echo "version $version failed: state $state, last update $update: ${reason:-no reason given}" >&2
      exit 1
      ;;
  esac
  if ((SECONDS - start >= limit)); then
    echo "version $version still $state/$update after ${limit} s; giving up (SNAPSTART_WAIT_SECONDS)" >&2
    exit 1
  fi
  echo "  $state/$update after $((SECONDS - start)) s"
  sleep "$interval"
done
