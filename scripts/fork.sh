#!/usr/bin/env bash
# Makes this template your own service in one step: renames the Java package (moving the source
# directories of every module, main and test), the name every project, artifact and AWS resource
# derives from, and fills in the AWS account id placeholder; optionally sets the auth mode of the
# stacks that protect data. It prints what it changed; review with `git diff` and commit.
#
#   scripts/fork.sh --package com.acme.accounts --name acme-accounts --account 123456789012
#                   [--auth iam|jwt [--jwt-issuer URL --jwt-audience IDS]]
#
# What each option touches (docs/make-it-yours.md has the checklist):
#   --package  the Java package com.example.users (also the Maven groupId), in every file, and
#              the directories .../com/example/users of every module (src/main and src/test,
#              java and resources); with git, the moves are `git mv`s so history follows
#   --name     "user-management" everywhere: the Pulumi project (Pulumi.yaml `name:`, NAME-backend)
#              and so every stack setting's namespace (NAME-backend:billingMode) and every AWS
#              resource name (NAME-backend-<stack>-...), the toolchain's project (NAME-toolchain)
#              and its resourceNamePrefix default (NAME: the deploy role may manage only NAME*
#              resources), the permissions boundary's name, Maven artifactIds, npm package names
#   --account  the placeholder account 111111111111 in the stack files (aws:allowedAccountIds and
#              the permissions boundary's ARN), with its "REPLACE" comments
#   --auth     apiAuth of every stack file that sets protectData: true (the sandbox stays open:
#              none); jwt also needs the token issuer and audience
# It rewrites its own defaults with the rest, so it can rename again later; it stops, changing
# nothing, on bad input or when no sources are in the package it knows. Tested by app's
# ForkScriptTests, on a copy of the repository.
set -euo pipefail

OLD_PACKAGE=com.example.users
OLD_NAME=user-management
OLD_ACCOUNT=111111111111

usage() {
  sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

fail() {
  echo "fork.sh: $*" >&2
  exit 1
}

package="" name="" account="" auth="" issuer="" audience=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --package) package="${2:-}"; shift 2 ;;
    --name) name="${2:-}"; shift 2 ;;
    --account) account="${2:-}"; shift 2 ;;
    --auth) auth="${2:-}"; shift 2 ;;
    --jwt-issuer) issuer="${2:-}"; shift 2 ;;
    --jwt-audience) audience="${2:-}"; shift 2 ;;
    -h | --help) usage ;;
    *) echo "fork.sh: unknown option $1" >&2; usage ;;
  esac
done

[[ -n "$package" && -n "$name" && -n "$account" ]] \
  || fail "--package, --name and --account are required (--help for what each touches)"
[[ "$package" =~ ^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$ ]] \
  || fail "--package '$package': a Java package in lower case with at least two parts, e.g. com.acme.accounts"
[[ "$package" != "$OLD_PACKAGE" && "$package" != "$OLD_PACKAGE".* ]] \
  || fail "--package '$package': choose a package outside $OLD_PACKAGE"
# The toolchain's resourceNamePrefix pattern, shortened so that the longest AWS name the stacks
# derive (an IAM role: NAME-backend-<stack>-api-role-<7 random characters>) stays within 64.
[[ "$name" =~ ^[a-z][a-z0-9-]{2,19}$ && "$name" != *- ]] \
  || fail "--name '$name': 3 to 20 characters, lower-case letters, digits and '-', starting with a letter, e.g. acme-accounts"
[[ "$name" != "$OLD_NAME" ]] || fail "--name '$name' is the template's name"
[[ "$account" =~ ^[0-9]{12}$ ]] || fail "--account '$account': the 12-digit AWS account id"
case "$auth" in
  "" | iam) [[ -z "$issuer$audience" ]] || fail "--jwt-issuer and --jwt-audience go with --auth jwt" ;;
  jwt)
    [[ "$issuer" == https://* && -n "$audience" ]] \
      || fail "--auth jwt needs --jwt-issuer https://... and --jwt-audience (comma-separated client ids)"
    ;;
  *) fail "--auth '$auth': iam or jwt (none is for throw-away stacks only)" ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[[ -f Pulumi.yaml ]] || fail "no Pulumi.yaml in $root"

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  in_git=true
else
  in_git=false
fi

# The text files of the repository (no build output, dependencies or binaries), one per line.
# Portable to macOS's bash 3.2 and BSD tools: no mapfile, no grep -Z.
text_files() {
  if $in_git; then
    git ls-files -z --cached --others --exclude-standard | xargs -0 grep -Il '' -- 2>/dev/null
  else
    find . -type f -not -path './.git/*' -not -path '*/node_modules/*' -not -path '*/target/*' \
      -print0 | xargs -0 grep -Il '' -- 2>/dev/null | sed 's#^\./##'
  fi
}

# Reads lines into the array named $1.
read_lines() {
  local line
  eval "$1=()"
  while IFS= read -r line; do
    eval "$1+=(\"\$line\")"
  done
}

# Replaces a literal text in the given files; prints each file it changed.
replace_in() {
  local old="$1" new="$2"
  shift 2
  local file
  for file in "$@"; do
    if grep -qF -- "$old" "$file"; then
      OLD="$old" NEW="$new" perl -pi -e 's/\Q$ENV{OLD}\E/$ENV{NEW}/g' "$file"
      echo "  $file"
    fi
  done
}

old_path="${OLD_PACKAGE//.//}"
new_path="${package//.//}"

read_lines package_dirs < <(find . -type d -path "*/src/*/$old_path" -not -path '*/target/*' \
  -not -path '*/node_modules/*' | sed 's#^\./##' | sort)
[[ ${#package_dirs[@]} -gt 0 ]] \
  || fail "no */src/*/$old_path directory: this repository has been forked already"

echo "Java package: $OLD_PACKAGE -> $package"
for dir in "${package_dirs[@]}"; do
  target="${dir%"$old_path"}$new_path"
  [[ ! -e "$target" ]] || fail "$target exists already"
  mkdir -p "$(dirname "$target")"
  if $in_git; then
    git mv "$dir" "$target"
  else
    mv "$dir" "$target"
  fi
  # Remove the directories the move emptied (com/example, com).
  parent="$(dirname "$dir")"
  while [[ "$parent" == */src/*/* ]] && rmdir "$parent" 2>/dev/null; do
    parent="$(dirname "$parent")"
  done
  echo "  moved $dir -> $target"
done
read_lines files < <(text_files)
replace_in "$OLD_PACKAGE" "$package" "${files[@]}"
replace_in "$old_path" "$new_path" "${files[@]}"

echo "Name (Pulumi projects $name-backend and $name-toolchain, resource name prefix $name):"
replace_in "$OLD_NAME" "$name" "${files[@]}"

read_lines stack_files < <(find . -maxdepth 1 -name 'Pulumi.*.yaml' | sed 's#^\./##' | sort)
echo "AWS account id $OLD_ACCOUNT -> $account in the stack files:"
for file in "${stack_files[@]}"; do
  if grep -qF "$OLD_ACCOUNT" "$file"; then
    ACCOUNT="$account" OLD="$OLD_ACCOUNT" perl -pi -e \
      's/\Q$ENV{OLD}\E/$ENV{ACCOUNT}/g; s/\s+# REPLACE\b.*$//' "$file"
    echo "  $file"
  fi
done

if [[ -n "$auth" ]]; then
  echo "apiAuth: $auth in the stack files that set protectData: true:"
  for file in "${stack_files[@]}"; do
    grep -qE "^[[:space:]]*$name-backend:protectData:[[:space:]]*true([[:space:]]|#|$)" "$file" || continue
    NS="$name-backend" AUTH="$auth" perl -pi -e \
      's/^(\s*\Q$ENV{NS}\E:apiAuth:).*$/$1 $ENV{AUTH}/' "$file"
    grep -qE "^[[:space:]]*$name-backend:apiAuth:" "$file" \
      || printf '  %s-backend:apiAuth: %s\n' "$name" "$auth" >>"$file"
    if [[ "$auth" == jwt ]]; then
      for setting in "jwtIssuer:$issuer" "jwtAudience:$audience"; do
        key="${setting%%:*}" value="${setting#*:}"
        NS="$name-backend" KEY="$key" perl -ni -e 'print unless /^\s*\Q$ENV{NS}\E:\Q$ENV{KEY}\E:/' "$file"
        printf '  %s-backend:%s: "%s"\n' "$name" "$key" "$value" >>"$file"
      done
    fi
    echo "  $file"
  done
fi

echo "Done. Review with 'git diff', then run ./mvnw verify."
