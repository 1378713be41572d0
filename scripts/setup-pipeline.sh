#!/usr/bin/env bash
# Sets up the delivery pipeline for a repository made from this template, in the order that keeps
# production safe at every step (docs/pipeline.md walks through the same steps by hand):
#   1. checks every prerequisite before changing anything;
#   2. deploys the toolchain stack (OIDC provider, preview and deploy roles, CodeDeploy role, and
#      with --state s3 the state bucket and KMS key), trusting the repository's OIDC subjects in
#      both formats GitHub uses (it reads the owner and repository ids with gh api);
#   3. creates the production environment with required reviewers and main as its only branch,
#      and checks GitHub kept them;
#   4. sets the repository variables and secrets, the deploy role's variable last, so that no push
#      to main can deploy through an unprotected environment;
#   5. creates the production stack with the right secrets provider and writes the toolchain's
#      ARNs and the account into Pulumi.production.yaml, for you to commit.
#
#   scripts/setup-pipeline.sh --repo OWNER/REPO --state cloud|s3 [options]
#     --region REGION          AWS region of the toolchain and production (default: aws:region of
#                              Pulumi.production.yaml)
#     --reviewer LOGIN         a required reviewer of production deploys (repeatable; default: you)
#     --pulumi-org ORG         Pulumi Cloud organisation of the stacks (default: your default one)
#     --oidc-provider-arn ARN  reuse the account's token.actions.githubusercontent.com provider
#     --dependabot-preview     Pulumi Cloud only: also store PULUMI_ACCESS_TOKEN as a Dependabot
#                              secret, so that Dependabot's pull requests get a preview too
#   Environment: PULUMI_ACCESS_TOKEN (required with --state cloud; stored as a secret, never passed
#   on a command line), TOOLCHAIN_STATE_DIR (with --state s3: where the toolchain's own state lives,
#   default $HOME/.pulumi-toolchain-state; keep it), PULUMI_CONFIG_PASSPHRASE (the toolchain stack's
#   passphrase with --state s3; it holds no secrets, empty by default).
# Needs: gh (logged in, admin on the repository), pulumi, aws (credentials for the production
# account, e.g. aws sso login), jq. Safe to run again: it selects what exists.
set -euo pipefail

fail() { echo "setup-pipeline: $*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed 's/^# \{0,1\}//; /^set -euo/d' >&2; exit 2; }

repo="" state="" region="" org="" provider_arn="" dependabot=false
reviewers=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --repo) repo="${2:-}"; shift 2 ;;
    --state) state="${2:-}"; shift 2 ;;
    --region) region="${2:-}"; shift 2 ;;
    --reviewer) reviewers+=("${2:-}"); shift 2 ;;
    --pulumi-org) org="${2:-}"; shift 2 ;;
    --oidc-provider-arn) provider_arn="${2:-}"; shift 2 ;;
    --dependabot-preview) dependabot=true; shift ;;
    -h | --help) usage ;;
    *) echo "setup-pipeline: unknown option '$1'" >&2; usage ;;
  esac
done
[[ "$repo" =~ ^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$ ]] || fail "--repo OWNER/REPO is required (e.g. --repo octo-org/users-api), not '$repo'"
case "$state" in
  cloud | s3) ;;
  *) fail "--state must be cloud (Pulumi Cloud) or s3 (a bucket and KMS key the toolchain creates), not '$state'" ;;
esac
if [[ "$state" == s3 && ( -n "$org" || "$dependabot" == true ) ]]; then
  fail "--pulumi-org and --dependabot-preview are for --state cloud only"
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
stack_file="Pulumi.production.yaml"
[[ -f "$stack_file" && -f toolchain/Pulumi.yaml ]] || fail "run it from a checkout of the repository ($stack_file and toolchain/ not found in $root)"

# --- 1. prerequisites, before anything changes
for tool in gh pulumi aws jq; do
  command -v "$tool" >/dev/null || fail "'$tool' is not installed (see docs/pipeline.md, 'Before you start')"
done
gh auth status >/dev/null 2>&1 || fail "the GitHub CLI is not logged in: run gh auth login"
account="$(aws sts get-caller-identity --query Account --output text 2>/dev/null)" \
  || fail "no AWS credentials: log in to the production account (aws sso login, or set AWS_PROFILE) and run this again"
[[ "$account" =~ ^[0-9]{12}$ ]] || fail "no AWS credentials: aws sts get-caller-identity answered '$account'"
if [[ -z "$region" ]]; then
  region="$(sed -n 's/^  aws:region: *\([a-z0-9-]*\).*/\1/p' "$stack_file" | head -n 1)"
fi
[[ "$region" =~ ^[a-z]{2}(-[a-z]+)+-[0-9]+$ ]] || fail "no AWS region: pass --region (e.g. --region eu-west-1)"
if [[ "$state" == cloud ]]; then
  [[ -n "${PULUMI_ACCESS_TOKEN:-}" ]] || fail "--state cloud needs PULUMI_ACCESS_TOKEN in the environment (a token from app.pulumi.com, Personal access tokens): the pipeline's secret"
  pulumi whoami >/dev/null 2>&1 || fail "the Pulumi CLI cannot reach Pulumi Cloud with PULUMI_ACCESS_TOKEN: check the token (pulumi login)"
fi

repo_json="$(gh api "repos/$repo")" || fail "cannot read $repo with gh api: check the name and your access"
owner="$(jq -r '.owner.login' <<<"$repo_json")"
name="$(jq -r '.name' <<<"$repo_json")"
owner_id="$(jq -r '.owner.id' <<<"$repo_json")"
repo_id="$(jq -r '.id' <<<"$repo_json")"
visibility="$(jq -r '.visibility // (if .private then "private" else "public" end)' <<<"$repo_json")"
owner_type="$(jq -r '.owner.type' <<<"$repo_json")"
[[ "$(jq -r '.permissions.admin // false' <<<"$repo_json")" == true ]] \
  || fail "you need admin rights on $repo to create its environment and secrets"

# The roles trust GitHub's default subject (legacy or immutable); a custom template changes it.
sub_json="$(gh api "repos/$repo/actions/oidc/customization/sub")" || fail "cannot read the OIDC subject settings of $repo"
if [[ "$(jq -r '.use_default' <<<"$sub_json")" != true ]]; then
  fail "$repo uses a custom OIDC subject template ($(jq -c '.include_claim_keys' <<<"$sub_json")); the toolchain's roles trust GitHub's default subject. Reset it (gh api -X PUT repos/$repo/actions/oidc/customization/sub -F use_default=true) or adapt toolchain/Policies.java"
fi

# Required reviewers on a private or internal repository need GitHub Enterprise.
if [[ "$visibility" != public ]]; then
  if [[ "$owner_type" == Organization ]]; then
    plan="$(gh api "orgs/$owner" --jq '.plan.name // empty' 2>/dev/null || true)"
  else
    plan="$(gh api user --jq '.plan.name // empty' 2>/dev/null || true)"
  fi
  if [[ -n "$plan" && "$plan" != *enterprise* ]]; then
    fail "$repo is $visibility and its owner's plan is '$plan': required reviewers on environments of private and internal repositories need GitHub Enterprise, and production must not deploy without approval. Make the repository public, or move it to a GitHub Enterprise organisation."
  fi
fi

if [[ ${#reviewers[@]} -eq 0 ]]; then
  reviewers=("$(gh api user --jq .login)")
fi
reviewer_json="[]"
for login in "${reviewers[@]}"; do
  id="$(gh api "users/$login" --jq .id)" || fail "no GitHub user '$login' (--reviewer)"
  reviewer_json="$(jq -c --argjson id "$id" '. + [{type: "User", id: $id}]' <<<"$reviewer_json")"
done

echo "setting up $repo: account $account, region $region, state $state, owner id $owner_id, repository id $repo_id"

# --- 2. the toolchain stack
toolchain_stack="toolchain"
if [[ "$state" == cloud ]]; then
  [[ -n "$org" ]] && toolchain_stack="$org/toolchain"
else
  # The toolchain creates the bucket production's state will live in, so its own state lives
  # elsewhere: a local folder, created first (pulumi login file:// refuses a missing one).
  toolchain_state="${TOOLCHAIN_STATE_DIR:-$HOME/.pulumi-toolchain-state}"
  mkdir -p "$toolchain_state"
  pulumi login "file://$toolchain_state"
  export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-}"
fi
pulumi -C toolchain stack select --create "$toolchain_stack"
tc() { pulumi -C toolchain config set --stack "$toolchain_stack" "$@"; }
tc aws:region "$region"
tc githubOwner "$owner"
tc githubRepo "$name"
tc githubOwnerId "$owner_id"
tc githubRepoId "$repo_id"
tc createStateBackend "$([[ "$state" == s3 ]] && echo true || echo false)"
if [[ -n "$provider_arn" ]]; then
  tc existingOidcProviderArn "$provider_arn"
fi
pulumi -C toolchain up --yes --stack "$toolchain_stack"
# Every output now, while logged in to the toolchain's own state: after the login to the new bucket
# below, `pulumi -C toolchain stack output` would find no toolchain stack and print nothing.
outputs="$(pulumi -C toolchain stack output --json --stack "$toolchain_stack")"
out() {
  local value
  value="$(jq -r --arg k "$1" '.[$k] // empty' <<<"$outputs")"
  [[ -n "$value" ]] || fail "the toolchain stack has no output '$1'"
  echo "$value"
}
preview_role="$(out previewRoleArn)"
deploy_role="$(out deployRoleArn)"
boundary="$(out permissionsBoundaryArn)"
codedeploy_role="$(out codeDeployRoleArn)"
tc_region="$(out region)"
if [[ "$state" == s3 ]]; then
  backend_url="$(out stateBackendUrl)"
  secrets_provider="$(out secretsProvider)"
fi

# --- 3. the protected production environment, before any variable that lets a deploy run
gh api --method PUT "repos/$repo/environments/production" --input - >/dev/null <<JSON
{"reviewers": $reviewer_json, "prevent_self_review": false,
 "deployment_branch_policy": {"protected_branches": false, "custom_branch_policies": true}}
JSON
gh api "repos/$repo/environments/production/deployment-branch-policies" --jq '.branch_policies[].name' \
  | grep -qx main \
  || gh api --method POST "repos/$repo/environments/production/deployment-branch-policies" \
    -f name=main -f type=branch >/dev/null
kept="$(gh api "repos/$repo/environments/production" \
  --jq '[.protection_rules[]? | select(.type == "required_reviewers") | .reviewers[]?] | length')"
[[ "$kept" =~ ^[0-9]+$ && "$kept" -gt 0 ]] \
  || fail "GitHub did not keep the required reviewers of the production environment of $repo (a private repository needs GitHub Enterprise for them). The deploy role's variable is NOT set, so nothing can deploy; fix the environment (Settings, Environments) and run this again."

# --- 4. repository variables and secrets; the deploy role last
gh variable set AWS_REGION --repo "$repo" --body "$tc_region"
gh variable set AWS_PREVIEW_ROLE_ARN --repo "$repo" --body "$preview_role"
if [[ "$state" == cloud ]]; then
  printf '%s' "$PULUMI_ACCESS_TOKEN" | gh secret set PULUMI_ACCESS_TOKEN --repo "$repo"
  if [[ "$dependabot" == true ]]; then
    printf '%s' "$PULUMI_ACCESS_TOKEN" | gh secret set PULUMI_ACCESS_TOKEN --repo "$repo" --app dependabot
  fi
  if [[ -n "$org" ]]; then
    gh variable set PULUMI_STACK --repo "$repo" --body "$org/production"
  fi
else
  gh variable set PULUMI_BACKEND_URL --repo "$repo" --body "$backend_url"
fi
gh variable set AWS_DEPLOY_ROLE_ARN --repo "$repo" --body "$deploy_role"

# --- 5. the production stack and its committed settings
production="production"
if [[ "$state" == cloud ]]; then
  [[ -n "$org" ]] && production="$org/production"
  pulumi stack select --create "$production"
else
  pulumi login "$backend_url"
  if ! pulumi stack select "$production" >/dev/null 2>&1; then
    pulumi stack init "$production" --secrets-provider "$secrets_provider"
  fi
  grep -q '^secretsprovider: awskms://' "$stack_file" && grep -q '^encryptedkey: ' "$stack_file" \
    || fail "$stack_file lacks the secretsprovider:/encryptedkey: lines of the KMS secrets provider; without them the pipeline's CLI would use a passphrase. Run: pulumi stack change-secrets-provider --stack production \"$secrets_provider\""
fi
pc() { pulumi config set --stack "$production" "$@"; }
pc aws:region "$tc_region"
# The account as a quoted string (an id may start with 0), in place of the template's placeholder.
if grep -q '^    - "111111111111"' "$stack_file"; then
  sed -i.bak "s/^    - \"111111111111\".*/    - \"$account\"/" "$stack_file" && rm -f "$stack_file.bak"
fi
grep -q "^    - \"$account\"" "$stack_file" \
  || echo "warning: aws:allowedAccountIds in $stack_file does not list $account; the provider will refuse this account" >&2
pc permissionsBoundaryArn "$boundary"
pc codeDeployRoleArn "$codedeploy_role"

echo
echo "Done. Commit $stack_file now: the pipeline deploys what is committed."
if [[ "$state" == s3 ]]; then
  echo "  It holds the secretsprovider: and encryptedkey: lines of the KMS secrets provider; without them"
  echo "  the pipeline would fall back to a passphrase it does not have."
  echo "  The toolchain's own state is in $toolchain_state: keep it (pulumi login file://$toolchain_state"
  echo "  before working on toolchain/)."
fi
echo "  git add $stack_file && git commit -m 'Production: this account and the toolchain ARNs' && git push"
echo "Then merge to main: the deploy waits for a reviewer's approval in the production environment."
