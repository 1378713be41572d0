#!/usr/bin/env bash
# Releases the function version `pulumi up` published to a stack's users, safely:
#   1. waits for the new version to be Active (its SnapStart snapshot taken);
#   2. runs the pre-traffic check against it (scripts/pre-traffic-check.sh), by qualifier, before
#      any user reaches it;
#   3. starts an AWS CodeDeploy deployment that shifts the live alias from the version it serves to
#      the new one, with the stack's trafficShifting configuration, and waits for it;
#   4. if CodeDeploy rolls back (a rollback alarm fired, or the deployment failed), names the alarms
#      that fired, checks that the old version serves 100 % again, and fails.
#   scripts/release.sh STACK
# The deploy job runs it after `pulumi up`; run it yourself after a `pulumi up` of a stack whose
# trafficShifting is not none. With trafficShifting none, `pulumi up` has already moved the alias:
# it only waits for the version to be Active. Reads the stack's outputs and aws:region with the
# Pulumi CLI (logged in to the stack's backend); calls AWS with the AWS CLI v2.
# RELEASE_WAIT_SECONDS bounds the deployment (default 1800; then it is stopped and rolled back),
# RELEASE_POLL_SECONDS sets the polling interval (default 15).
set -euo pipefail

stack="${1:?usage: scripts/release.sh STACK}"
limit="${RELEASE_WAIT_SECONDS:-1800}"
interval="${RELEASE_POLL_SECONDS:-15}"
[[ "$limit" =~ ^[0-9]+$ ]] || { echo "RELEASE_WAIT_SECONDS must be a whole number of seconds, not '$limit'" >&2; exit 2; }
[[ "$interval" =~ ^[0-9]+$ ]] || { echo "RELEASE_POLL_SECONDS must be a whole number of seconds, not '$interval'" >&2; exit 2; }
command -v jq >/dev/null || { echo "release: jq is not installed" >&2; exit 2; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
alias_name=live

outputs="$(pulumi stack output --json --stack "$stack")"
region="$(pulumi config get aws:region --stack "$stack")"
output() { jq -r --arg k "$1" '.[$k] // empty' <<<"$outputs"; }
function_name="$(output functionName)"
target="$(output functionVersion)"
application="$(output codeDeployApplication)"
group="$(output codeDeployDeploymentGroup)"
[[ -n "$function_name" && -n "$target" ]] || { echo "stack $stack has no functionName/functionVersion outputs: run pulumi up first" >&2; exit 1; }

if [[ -z "$application" ]]; then
  echo "stack $stack has no traffic shifting (trafficShifting none): pulumi up moved the alias"
  exec "$here/wait-for-snapstart.sh" "$function_name" "$alias_name" "$region"
fi

alias_state() {
  aws lambda get-alias --function-name "$function_name" --name "$alias_name" --region "$region" \
    --query '[FunctionVersion, RoutingConfig.AdditionalVersionWeights]' --output json
}
current="$(alias_state | jq -r '.[0]')"
if [[ "$current" == "$target" ]]; then
  echo "the $alias_name alias already serves version $target: nothing to release"
  exec "$here/wait-for-snapstart.sh" "$function_name" "$alias_name" "$region"
fi
echo "releasing $function_name version $target (the $alias_name alias serves $current)"

SNAPSTART_VERSION="$target" "$here/wait-for-snapstart.sh" "$function_name" "$alias_name" "$region"
"$here/pre-traffic-check.sh" "$function_name" "$target" "$region"

appspec="$(jq -cn --arg name "$function_name" --arg alias "$alias_name" \
  --arg current "$current" --arg target "$target" '{
    version: 0.0,
    Resources: [{api: {Type: "AWS::Lambda::Function",
      Properties: {Name: $name, Alias: $alias, CurrentVersion: $current, TargetVersion: $target}}}]
  }')"
revision="$(jq -cn --arg content "$appspec" '{revisionType: "AppSpecContent", appSpecContent: {content: $content}}')"
deployment="$(aws deploy create-deployment --application-name "$application" \
  --deployment-group-name "$group" --region "$region" --revision "$revision" \
  --description "version $target (was $current)" --query deploymentId --output text)"
echo "CodeDeploy deployment $deployment: shifting $alias_name from $current to $target, at most ${limit} s"

# The alias must serve one version, whole, with no weights left.
serves_only() {
  local state
  state="$(alias_state)"
  [[ "$(jq -r '.[0]' <<<"$state")" == "$1" ]] && [[ "$(jq -r '.[1] // {} | length' <<<"$state")" == "0" ]]
}

start=$SECONDS
while :; do
  # Assigned first: a failed call then stops the script (set -e), instead of reading nothing.
  state="$(aws deploy get-deployment --deployment-id "$deployment" --region "$region" \
    --query 'deploymentInfo.[status, errorInformation.code]' --output text)"
  read -r status code <<<"$state"
  case "$status" in
    Succeeded)
      if ! serves_only "$target"; then
        echo "::error title=Release::CodeDeploy succeeded but the $alias_name alias does not serve version $target alone: $(alias_state | tr -d '\n ')" >&2
        exit 1
      fi
      echo "released: the $alias_name alias serves version $target ($((SECONDS - start)) s)"
      exit 0
      ;;
    Failed | Stopped)
      alarms="$(aws deploy get-deployment-group --application-name "$application" \
        --deployment-group-name "$group" --region "$region" \
        --query 'deploymentGroupInfo.alarmConfiguration.alarms[].name' --output text)"
      fired=""
      if [[ -n "$alarms" && "$alarms" != "None" ]]; then
        # shellcheck disable=SC2086 # one argument per alarm name
        fired="$(aws cloudwatch describe-alarms --alarm-names $alarms --state-value ALARM \
          --region "$region" --query 'MetricAlarms[].AlarmName' --output text)"
      fi
      [[ "$fired" == "None" ]] && fired=""
      reason="${code:-unknown}"
      if [[ -n "$fired" ]]; then
        reason="alarm(s) fired: ${fired//$'\t'/, }"
      fi
      if serves_only "$current"; then
        echo "::error title=Release rolled back::CodeDeploy deployment $deployment $status ($reason); rolled back: the $alias_name alias serves version $current at 100 %." >&2
      else
        echo "::error title=Release rolled back::CodeDeploy deployment $deployment $status ($reason), and the $alias_name alias does not serve version $current alone: $(alias_state | tr -d '\n ')" >&2
      fi
      exit 1
      ;;
  esac
  if ((SECONDS - start >= limit)); then
    aws deploy stop-deployment --deployment-id "$deployment" --auto-rollback-enabled --region "$region" >/dev/null || true
    echo "::error title=Release::CodeDeploy deployment $deployment still $status after ${limit} s; stopped it, which rolls back (RELEASE_WAIT_SECONDS)" >&2
    exit 1
  fi
  echo "  $status after $((SECONDS - start)) s"
  sleep "$interval"
done
