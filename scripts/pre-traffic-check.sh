#!/usr/bin/env bash
# Pre-traffic check: proves a new function version before any user reaches it. Invokes the version
# directly (by qualifier, not through the alias API Gateway calls) with the smoke test's requests
# as API Gateway HTTP API (payload 2.0) events, and checks every answer as scripts/smoke-test.sh
# does: create, get, update, delete a user, then expect 404. The user it creates is deleted, also
# when a check fails half-way, so the check leaves no data behind.
#   scripts/pre-traffic-check.sh FUNCTION_NAME VERSION [REGION]
# Needs the AWS CLI v2 and jq; lambda:InvokeFunction on FUNCTION_NAME:VERSION. Exits non-zero,
# saying which request failed and why, on the first unexpected answer.
set -euo pipefail

function_name="${1:?usage: scripts/pre-traffic-check.sh FUNCTION_NAME VERSION [REGION]}"
version="${2:?usage: scripts/pre-traffic-check.sh FUNCTION_NAME VERSION [REGION]}"
[[ "$version" =~ ^[0-9]+$ ]] || { echo "VERSION must be a published version number, not '$version'" >&2; exit 2; }
region=()
if [[ -n "${3:-}" ]]; then
  region=(--region "$3")
fi
command -v jq >/dev/null || { echo "pre-traffic check: jq is not installed" >&2; exit 2; }

user="${PRETRAFFIC_USERNAME:-pretraffic-$(date +%s)-$RANDOM}"
work="$(mktemp -d)"
created=""
step=0

# invoke METHOD PATH [JSON_BODY]: one request to the version; its response is in $work/response.
invoke() {
  local method="$1" path="$2" body="${3:-}"
  step=$((step + 1))
  jq -n --arg method "$method" --arg path "$path" --arg body "$body" \
    --arg id "pre-traffic-$step-$(date +%s)" '{
      version: "2.0",
      routeKey: ($method + " " + $path),
      rawPath: $path,
      rawQueryString: "",
      headers: ({"user-agent": "pre-traffic-check"}
        + (if $body == "" then {} else {"content-type": "application/json"} end)),
      requestContext: {
        http: {method: $method, path: $path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1",
               userAgent: "pre-traffic-check"},
        requestId: $id,
        stage: "$default"
      },
      isBase64Encoded: false
    } + (if $body == "" then {} else {body: $body} end)' >"$work/event.json"
  local meta
  meta="$(aws lambda invoke --function-name "$function_name" --qualifier "$version" \
    ${region[@]+"${region[@]}"} --payload "fileb://$work/event.json" \
    --query '[StatusCode, FunctionError, ExecutedVersion]' --output text "$work/response")" || {
    echo "FAIL step $step: $method $path: the invocation of version $version failed" >&2
    return 1
  }
  local invoke_status error executed
  read -r invoke_status error executed <<<"$meta"
  if [[ "$error" != "None" && -n "$error" ]]; then
    echo "FAIL step $step: $method $path: version $version raised an error ($error): $(head -c 500 "$work/response")" >&2
    return 1
  fi
  if [[ "$executed" != "$version" ]]; then
    echo "FAIL step $step: $method $path: Lambda ran version $executed, not $version" >&2
    return 1
  fi
  : "$invoke_status"
}

# check METHOD PATH EXPECTED_STATUS [JSON_BODY]
check() {
  local method="$1" path="$2" expected="$3" body="${4:-}"
  invoke "$method" "$path" "$body" || exit 1
  local status
  status="$(jq -r '.statusCode' "$work/response")"
  if [[ "$status" != "$expected" ]]; then
    echo "FAIL step $step: $method $path: expected $expected, got $status: $(head -c 500 "$work/response")" >&2
    exit 1
  fi
  jq -j '.body // ""' "$work/response" >"$work/body"
  echo "ok   step $step: $method $path -> $status (version $version)"
}

# expect_body TEXT: the last response's body contains TEXT
expect_body() {
  if ! grep -qF -- "$1" "$work/body"; then
    echo "FAIL step $step: body lacks $1: $(head -c 500 "$work/body")" >&2
    exit 1
  fi
}

cleanup() {
  if [[ -n "$created" ]]; then
    echo "cleaning up: deleting $user" >&2
    invoke DELETE "/users/${user}" >/dev/null 2>&1 || echo "could not delete $user; delete it by hand" >&2
  fi
  rm -rf "$work"
}
trap cleanup EXIT

check POST "/users" 201 "{\"username\":\"${user}\", \"email\":\"${user}@example.com\"}"
created=yes
expect_body "\"username\":\"${user}\""
expect_body "\"email\":\"${user}@example.com\""
expect_body '"version":1'

check GET "/users/${user}" 200
expect_body "\"email\":\"${user}@example.com\""

check PUT "/users/${user}" 200 '{"country":"US", "state":"WA"}'
expect_body '"country":"US"'
expect_body '"state":"WA"'
expect_body "\"email\":\"${user}@example.com\""
expect_body '"version":2'

check DELETE "/users/${user}" 204
created=""
if [[ -s "$work/body" ]]; then
  echo "FAIL step $step: 204 with a body: $(head -c 200 "$work/body")" >&2
  exit 1
fi

check GET "/users/${user}" 404
expect_body '"status":404'

echo "pre-traffic check passed: ${function_name} version ${version} (${step} requests)"
