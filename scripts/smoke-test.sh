#!/usr/bin/env bash
# Smoke test: the sample's curl session against a running API, with every status and body checked.
#   scripts/smoke-test.sh BASE_URL
# BASE_URL is local mode (http://localhost:8080) or a stack's `pulumi stack output apiEndpoint`.
# When SMOKE_SIGV4_REGION is set, requests are signed with SigV4 for API Gateway IAM authorization,
# using AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and (if set) AWS_SESSION_TOKEN. With AWS SSO (IAM
# Identity Center) or a profile, export them first: eval "$(aws configure export-credentials --format env)".
# Runs on bash 3.2 (macOS): an empty array is expanded as ${a[@]+"${a[@]}"}, which set -u accepts.
# SMOKE_USERNAME overrides the user created and deleted (default: smoke-<random>), so that a smoke
# test never touches a real user. Exits non-zero on the first unexpected answer.
set -euo pipefail

base="${1:?usage: scripts/smoke-test.sh BASE_URL}"
base="${base%/}"
user="${SMOKE_USERNAME:-smoke-$(date +%s)-$RANDOM}"
sign=()
if [[ -n "${SMOKE_SIGV4_REGION:-}" ]]; then
  : "${AWS_ACCESS_KEY_ID:?SMOKE_SIGV4_REGION is set but AWS_ACCESS_KEY_ID is not; with SSO or a profile, first run: eval of aws configure export-credentials --format env}"
  : "${AWS_SECRET_ACCESS_KEY:?SMOKE_SIGV4_REGION is set but AWS_SECRET_ACCESS_KEY is not}"
  sign=(--aws-sigv4 "aws:amz:${SMOKE_SIGV4_REGION}:execute-api" --user "${AWS_ACCESS_KEY_ID}:${AWS_SECRET_ACCESS_KEY}")
  if [[ -n "${AWS_SESSION_TOKEN:-}" ]]; then
    sign+=(-H "x-amz-security-token: ${AWS_SESSION_TOKEN}")
  fi
fi

body_file="$(mktemp)"
trap 'rm -f "$body_file"' EXIT
step=0

# call METHOD PATH EXPECTED_STATUS [JSON_BODY]
call() {
  local method="$1" path="$2" expected="$3" data="${4:-}"
  local args=(-sS -o "$body_file" -w '%{http_code}' --max-time 30 -X "$method" ${sign[@]+"${sign[@]}"})
  if [[ -n "$data" ]]; then
    args+=(-H 'Content-Type: application/json' --data-binary "$data")
  fi
  step=$((step + 1))
  local status
  status="$(curl "${args[@]}" "${base}${path}")" || { echo "FAIL step $step: $method $path: curl failed" >&2; exit 1; }
  if [[ "$status" != "$expected" ]]; then
    echo "FAIL step $step: $method $path: expected $expected, got $status: $(head -c 500 "$body_file")" >&2
    exit 1
  fi
  echo "ok   step $step: $method $path -> $status"
}

# expect_body TEXT: the last response body contains TEXT
expect_body() {
  if ! grep -qF -- "$1" "$body_file"; then
    echo "FAIL step $step: body lacks $1: $(head -c 500 "$body_file")" >&2
    exit 1
  fi
}

call POST "/users" 201 "{\"username\":\"${user}\", \"email\":\"${user}@example.com\"}"
expect_body "\"username\":\"${user}\""
expect_body "\"email\":\"${user}@example.com\""
expect_body '"version":1'

call GET "/users/${user}" 200
expect_body "\"email\":\"${user}@example.com\""

call PUT "/users/${user}" 200 '{"country":"US", "state":"WA"}'
expect_body '"country":"US"'
expect_body '"state":"WA"'
expect_body "\"email\":\"${user}@example.com\""
expect_body '"version":2'

call DELETE "/users/${user}" 204
if [[ -s "$body_file" ]]; then
  echo "FAIL step $step: 204 with a body: $(head -c 200 "$body_file")" >&2
  exit 1
fi

call GET "/users/${user}" 404
expect_body '"status":404'

echo "smoke test passed: ${base} (${step} requests)"
