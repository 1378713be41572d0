package com.example.users.toolchain;

/**
 * The body of a stand-in {@code aws} command for the release scripts: Lambda, CodeDeploy and
 * CloudWatch as the scripts see them, driven by files in {@code $STATE}.
 *
 * <ul>
 *   <li>{@code lambda invoke --qualifier V}: a small user store like the handler's, answering the
 *       event in the payload file ({@code $STATE/users/}); {@code $STATE/broken} makes {@code PUT}
 *       answer 500, {@code $STATE/crash} makes every invocation an unhandled error, {@code
 *       $STATE/executed} overrides the version Lambda reports;
 *   <li>{@code lambda get-alias}: the next line of {@code $STATE/alias} (the last repeats);
 *   <li>{@code lambda get-function-configuration}: Active;
 *   <li>{@code deploy get-deployment}: the next line of {@code $STATE/deployment};
 *   <li>{@code deploy get-deployment-group}: the group's two alarms; {@code cloudwatch
 *       describe-alarms}: {@code $STATE/fired}.
 * </ul>
 */
final class FakeAws {

  static final String ERRORS_ALARM = "user-management-production-deployment-function-errors-ab12";
  static final String SERVER_ERRORS_ALARM = "user-management-production-deployment-api-5xx-cd34";

  private FakeAws() {}

  static final String BODY =
      """
      next() { # next FILE KEY: the next line of $STATE/FILE, the last one repeating
        n=$(( $(cat "$STATE/$2.n" 2>/dev/null || echo 0) + 1 )); echo "$n" > "$STATE/$2.n"
        total=$(wc -l < "$STATE/$1"); (( n > total )) && n=$total
        sed -n "${n}p" "$STATE/$1"
      }
      arg() { # arg NAME ARGS...: the value after --NAME
        local name="$1"; shift
        while [ $# -gt 0 ]; do [ "$1" = "--$name" ] && { echo "$2"; return; }; shift; done
      }
      case "$1 $2" in
        "sts get-caller-identity") echo 123456789012 ;;
        "lambda get-alias") next alias alias ;;
        "lambda get-function-configuration") printf 'Active\\tSuccessful\\tNone\\n' ;;
        "lambda invoke")
          qualifier=$(arg qualifier "$@"); payload=$(arg payload "$@"); payload=${payload#fileb://}
          out="${@: -1}"
          if [ -f "$STATE/crash" ]; then
            echo '{"errorMessage":"boom"}' > "$out"; printf '200\\tUnhandled\\t%s\\n' "$qualifier"; exit 0
          fi
          mkdir -p "$STATE/users"
          method=$(jq -r .requestContext.http.method "$payload"); path=$(jq -r .rawPath "$payload")
          body=$(jq -r '.body // ""' "$payload"); user=${path#/users/}
          echo "$method $path" >> "$STATE/requests"
          case "$method $path" in
            "POST /users")
              user=$(jq -r .username <<<"$body")
              jq -c '. + {version: 1}' <<<"$body" > "$STATE/users/$user"; status=201
              resp=$(cat "$STATE/users/$user") ;;
            "GET /users/"*)
              if [ -f "$STATE/users/$user" ]; then status=200; resp=$(cat "$STATE/users/$user")
              else status=404; resp='{"status":404,"title":"User not found"}'; fi ;;
            "PUT /users/"*)
              if [ -f "$STATE/broken" ]; then status=500; resp='{"status":500}'
              else
                jq -c --argjson p "$body" '. + $p + {version: 2}' "$STATE/users/$user" > "$STATE/tmp"
                mv "$STATE/tmp" "$STATE/users/$user"; status=200; resp=$(cat "$STATE/users/$user")
              fi ;;
            "DELETE /users/"*) rm -f "$STATE/users/$user"; status=204; resp="" ;;
            *) status=404; resp='{"status":404}' ;;
          esac
          jq -n --arg b "$resp" --argjson s "$status" '{statusCode: $s, body: $b}' > "$out"
          executed=$(cat "$STATE/executed" 2>/dev/null || echo "$qualifier")
          printf '200\\tNone\\t%s\\n' "$executed" ;;
        "deploy create-deployment") echo d-TEST123 ;;
        "deploy get-deployment") next deployment deployment ;;
        "deploy get-deployment-group")
          printf '%s\\t%s\\n' "@ERRORS@" "@SERVER@" ;;
        "cloudwatch describe-alarms") cat "$STATE/fired" 2>/dev/null || echo None ;;
        "deploy stop-deployment") echo '{}' ;;
        *) echo "unexpected aws $*" >&2; exit 9 ;;
      esac
      """
          .replace("@ERRORS@", ERRORS_ALARM)
          .replace("@SERVER@", SERVER_ERRORS_ALARM);
}
