package com.example.users.infra;

import static com.example.users.infra.Runs.integer;
import static com.example.users.infra.Runs.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.users.infra.RecordingMocks.Recorded;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every rule listed in {@code src/test/resources/security-rules.txt} (checkov, cdk-nag, Pulumi
 * policy packs, OWASP API) that applies to these resources: asserted for each stack, or waived in
 * {@link #WAIVERS} with the reason where its check fails. None may be forgotten, and a waiver that
 * no longer matches the program fails.
 */
class SecurityRulesTest {

  /** The one place where rules are waived, each with the stacks it covers and why. */
  record Waiver(Set<String> stacks, String reason) {}

  static final Map<String, Waiver> WAIVERS =
      Map.ofEntries(
          Map.entry(
              "CKV_AWS_116: Lambda dead-letter queue",
              new Waiver(
                  Set.of("sandbox", "production"),
                  "The function is invoked synchronously by API Gateway; a DLQ only receives failed"
                      + " asynchronous events, the caller gets the error instead.")),
          Map.entry(
              "CKV_AWS_117: Lambda inside a VPC",
              new Waiver(
                  Set.of("sandbox", "production"),
                  "The function talks only to DynamoDB and CloudWatch over IAM-authenticated HTTPS;"
                      + " a VPC would add NAT/endpoint cost and cold-start latency for no control"
                      + " gained.")),
          Map.entry(
              "CKV_AWS_272: Lambda code signing",
              new Waiver(
                  Set.of("sandbox", "production"),
                  "The jar is built from reviewed sources by the pipeline that deploys it and is"
                      + " checked against the compiled classes; AWS Signer profiles are left to"
                      + " adopters with a signing process.")),
          Map.entry(
              "CKV_AWS_173: Lambda environment variables encrypted with a CMK",
              new Waiver(
                  Set.of("sandbox", "production"),
                  "The environment holds only the table name and JVM flags (asserted by"
                      + " CKV_AWS_45); Lambda already encrypts it at rest with an AWS-managed"
                      + " key.")),
          Map.entry(
              "CKV_AWS_119: DynamoDB encrypted with a customer-managed KMS key",
              new Waiver(
                  Set.of("sandbox", "production"),
                  "Encryption at rest is on with the AWS-owned key (asserted by awsguard); a CMK"
                      + " needs a key policy and kms grants for the function, left to adopters"
                      + " whose compliance regime requires it.")),
          Map.entry(
              "CKV_AWS_158: CloudWatch log groups encrypted with KMS",
              new Waiver(
                  Set.of("sandbox", "production"),
                  "CloudWatch Logs encrypts at rest by default; logs carry no user attributes"
                      + " (only request metadata). A CMK needs a key policy for the logs"
                      + " service.")),
          Map.entry(
              "CKV_AWS_338: log retention at least one year",
              new Waiver(
                  Set.of("sandbox"),
                  "A sandbox is a throw-away development stack; 14 days keep its cost down."
                      + " Production keeps logs 365 days (asserted).")),
          Map.entry(
              "CKV_AWS_309 / APIG4 / API2: routes require authorization",
              new Waiver(
                  Set.of("sandbox"),
                  "The sandbox stack sets apiAuth=none so that the README's curl session works"
                      + " unsigned; it holds no real data and its stage is throttled (10 burst, 5"
                      + " per second). Production uses AWS_IAM (asserted).")),
          Map.entry(
              "CKV_AWS_115 / LambdaConcurrency: reserved concurrency",
              new Waiver(
                  Set.of("sandbox", "production"),
                  "No reservation by default: Lambda refuses one that leaves the account fewer"
                      + " than 10 unreserved executions, and a new account's quota is often 10,"
                      + " so any reservation would half-build the first stack. The stage's"
                      + " throttling (asserted) caps requests instead; lambdaReservedConcurrency"
                      + " sets a reservation once the quota allows.")),
          Map.entry(
              "APIGWXrayEnabled: HTTP API traced by X-Ray",
              new Waiver(
                  Set.of("sandbox", "production"),
                  "API Gateway HTTP APIs do not support X-Ray; tracing starts in the function"
                      + " (asserted by CKV_AWS_50).")),
          Map.entry(
              "IAM5 / StarPermissions: X-Ray statement names its resources",
              new Waiver(
                  Set.of("sandbox", "production"),
                  "xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level"
                      + " permissions, so their statement needs Resource \"*\". Every other"
                      + " statement is asserted to name its resources; no action has a"
                      + " wildcard.")));

  /** Checks that apply to a stack's run. */
  static final Map<String, Consumer<ProgramRun>> CHECKS = checks();

  private static Map<String, Consumer<ProgramRun>> checks() {
    Map<String, Consumer<ProgramRun>> c = new LinkedHashMap<>();
    c.put(
        "CKV_AWS_76 / APIG1 / APIGWAccessLogging / pulumi:stage-access-logging: stage access logging",
        r -> {
          Map<String, Object> logs = map(r.one(Types.STAGE).input("accessLogSettings"));
          assertThat((String) logs.get("destinationArn")).startsWith("arn:aws:logs:");
          assertThat((String) logs.get("format")).isNotBlank();
        });
    c.put(
        "APIGWStructuredLogging: JSON access logs",
        r -> {
          String format = (String) map(r.one(Types.STAGE).input("accessLogSettings")).get("format");
          assertThat(com.google.gson.JsonParser.parseString(format).isJsonObject()).isTrue();
        });
    c.put(
        "CKV_AWS_309 / APIG4 / API2: routes require authorization",
        r ->
            assertThat(r.all(Types.ROUTE))
                .allSatisfy(
                    route ->
                        assertThat(route.input("authorizationType"))
                            .isIn("AWS_IAM", "JWT", "CUSTOM")));
    c.put(
        "APIGWDefaultThrottling / API4: stage burst and rate limits",
        r -> {
          Map<String, Object> t = map(r.one(Types.STAGE).input("defaultRouteSettings"));
          assertThat(integer(t.get("throttlingBurstLimit"))).isPositive();
          assertThat(((Number) t.get("throttlingRateLimit")).doubleValue()).isPositive();
        });
    c.put(
        "CKV_AWS_50 / LambdaTracing / pulumi:lambda-tracing: X-Ray active tracing",
        r -> assertThat(map(fn(r).input("tracingConfig"))).containsEntry("mode", "Active"));
    c.put(
        "CKV_AWS_115 / LambdaConcurrency: reserved concurrency",
        r -> {
          assertThat(fn(r).input("reservedConcurrentExecutions")).isNotNull();
          assertThat(integer(fn(r).input("reservedConcurrentExecutions"))).isPositive();
        });
    c.put(
        "CKV_AWS_45: no secrets in environment variables",
        r -> {
          Map<String, Object> vars = map(map(fn(r).input("environment")).get("variables"));
          assertThat(vars.keySet())
              .containsExactlyInAnyOrder(
                  "USERS_TABLE_NAME",
                  "JAVA_TOOL_OPTIONS",
                  "AWS_LAMBDA_DISABLE_CVE_2021_44228_PROTECTION");
          assertThat(vars.values().toString().toLowerCase(java.util.Locale.ROOT))
              .doesNotContain("secret", "password", "akia", "token");
        });
    c.put(
        "CKV_AWS_363 / L1 / LambdaLatestVersion: newest Java runtime",
        r -> {
          String newest =
              Arrays.stream(com.pulumi.aws.lambda.enums.Runtime.values())
                  .map(com.pulumi.aws.lambda.enums.Runtime::getValue)
                  .filter(v -> v.matches("java\\d+"))
                  .max(java.util.Comparator.comparingInt(v -> Integer.parseInt(v.substring(4))))
                  .orElseThrow();
          assertThat(fn(r).input("runtime")).isEqualTo(newest);
        });
    c.put(
        "LambdaDefaultMemorySize / LambdaFunctionDefaultTimeout: set explicitly",
        r -> {
          assertThat(integer(fn(r).input("memorySize"))).isNotEqualTo(128);
          assertThat(integer(fn(r).input("timeout"))).isNotEqualTo(3);
        });
    c.put(
        "pulumi:lambda-description: Lambda function has a description",
        r -> assertThat((String) fn(r).input("description")).isNotBlank());
    c.put(
        "CKV_AWS_301 / CKV_AWS_364 / pulumi:lambda-permission-source-arn: permission scoped to the API by SourceArn",
        r ->
            assertThat(r.all(Types.PERMISSION))
                .allSatisfy(
                    p -> {
                      assertThat(p.input("principal")).isEqualTo("apigateway.amazonaws.com");
                      assertThat((String) p.input("sourceArn")).startsWith("arn:aws:execute-api:");
                    }));
    c.put(
        "CKV_AWS_28 / DDB3 / DynamoDBPITREnabled: point-in-time recovery",
        r ->
            assertThat(map(r.one(Types.TABLE).input("pointInTimeRecovery")))
                .containsEntry("enabled", true));
    c.put(
        "awsguard:dynamodb-encryption: DynamoDB encryption not disabled",
        r ->
            assertThat(map(r.one(Types.TABLE).input("serverSideEncryption")))
                .containsEntry("enabled", true));
    c.put(
        "CKV2_AWS_16 / DynamoDBAutoScalingEnabled: provisioned tables auto-scale",
        r -> {
          if ("PROVISIONED".equals(r.one(Types.TABLE).input("billingMode"))) {
            assertThat(r.all(Types.SCALING_TARGET)).hasSize(2);
            assertThat(r.all(Types.SCALING_POLICY)).hasSize(2);
          }
        });
    c.put(
        "CKV_AWS_66 / CloudWatchLogGroupRetentionPeriod: retention set",
        r ->
            assertThat(r.all(Types.LOG_GROUP))
                .hasSize(2)
                .allSatisfy(g -> assertThat(integer(g.input("retentionInDays"))).isPositive()));
    c.put(
        "CKV_AWS_338: log retention at least one year",
        r ->
            assertThat(r.all(Types.LOG_GROUP))
                .allSatisfy(
                    g ->
                        assertThat(integer(g.input("retentionInDays")))
                            .isGreaterThanOrEqualTo(365)));
    c.put(
        "IAM4: no AWS-managed policies",
        r -> {
          assertThat(r.one(Types.ROLE).input("managedPolicyArns")).isNull();
          assertThat(r.all(Types.ATTACHMENT))
              .allSatisfy(
                  a -> assertThat((String) a.input("policyArn")).doesNotContain(":aws:policy/"));
        });
    c.put(
        "IAMNoInlinePolicy: customer-managed policy, no inline policy",
        r -> {
          assertThat(r.all(Types.ROLE_POLICY)).isEmpty();
          assertThat(r.one(Types.ROLE).input("inlinePolicies")).isNull();
        });
    c.put(
        "IAM5 / StarPermissions: no wildcard actions or resources",
        r -> {
          for (JsonObject s : BackendTest.statements(r.one(Types.IAM_POLICY).input("policy"))) {
            assertThat(BackendTest.strings(s, "Action"))
                .allSatisfy(a -> assertThat(a).doesNotContain("*"));
            List<String> resources = BackendTest.strings(s, "Resource");
            if (!s.get("Sid").getAsString().equals("XRayTraces")) {
              assertThat(resources).allSatisfy(res -> assertThat(res).isNotEqualTo("*"));
            }
          }
        });
    c.put(
        "SNS3: alarm topic requires TLS",
        r -> {
          List<JsonObject> statements =
              BackendTest.statements(r.one(Types.TOPIC_POLICY).input("policy"));
          assertThat(statements)
              .anySatisfy(
                  s -> {
                    assertThat(s.get("Effect").getAsString()).isEqualTo("Deny");
                    assertThat(
                            s.getAsJsonObject("Condition")
                                .getAsJsonObject("Bool")
                                .get("aws:SecureTransport")
                                .getAsString())
                        .isEqualTo("false");
                  });
        });
    c.put(
        "CloudWatchAlarmAction: every alarm acts",
        r ->
            assertThat(r.all(Types.ALARM))
                .isNotEmpty()
                .allSatisfy(a -> assertThat((List<?>) a.input("alarmActions")).isNotEmpty()));
    // Waived everywhere: each check is written as the rule would, so it fails on the stacks
    // where it is waived, and the waiver goes stale (waivedChecks_reallyFail_whereWaived) the
    // day the program meets the rule.
    c.put(
        "CKV_AWS_116: Lambda dead-letter queue",
        r -> {
          Object dlq = fn(r).input("deadLetterConfig");
          assertThat(dlq).as("deadLetterConfig").isNotNull();
          assertThat((String) map(dlq).get("targetArn")).startsWith("arn:aws:");
        });
    c.put(
        "CKV_AWS_117: Lambda inside a VPC",
        r -> {
          Object vpc = fn(r).input("vpcConfig");
          assertThat(vpc).as("vpcConfig").isNotNull();
          assertThat((List<?>) map(vpc).get("subnetIds")).isNotEmpty();
        });
    c.put(
        "CKV_AWS_272: Lambda code signing",
        r ->
            assertThat((String) fn(r).input("codeSigningConfigArn")).startsWith("arn:aws:lambda:"));
    c.put(
        "CKV_AWS_173: Lambda environment variables encrypted with a CMK",
        r -> assertThat((String) fn(r).input("kmsKeyArn")).startsWith("arn:aws:kms:"));
    c.put(
        "CKV_AWS_119: DynamoDB encrypted with a customer-managed KMS key",
        r ->
            assertThat(
                    (String) map(r.one(Types.TABLE).input("serverSideEncryption")).get("kmsKeyArn"))
                .startsWith("arn:aws:kms:"));
    c.put(
        "CKV_AWS_158: CloudWatch log groups encrypted with KMS",
        r ->
            assertThat(r.all(Types.LOG_GROUP))
                .isNotEmpty()
                .allSatisfy(
                    g -> assertThat((String) g.input("kmsKeyId")).startsWith("arn:aws:kms:")));
    c.put(
        "APIGWXrayEnabled: HTTP API traced by X-Ray",
        // The rule reads the stage's tracingEnabled, which only REST API stages have.
        r -> assertThat(r.one(Types.STAGE).input("tracingEnabled")).isEqualTo(true));
    c.put(
        "IAM5 / StarPermissions: X-Ray statement names its resources",
        r ->
            assertThat(BackendTest.statements(r.one(Types.IAM_POLICY).input("policy")))
                .filteredOn(s -> s.get("Sid").getAsString().equals("XRayTraces"))
                .singleElement()
                .satisfies(
                    s ->
                        assertThat(BackendTest.strings(s, "Resource"))
                            .allSatisfy(res -> assertThat(res).isNotEqualTo("*"))));
    return c;
  }

  private static Recorded fn(ProgramRun run) {
    return run.one(Types.FUNCTION);
  }

  /** The rule IDs of {@code security-rules.txt}: ID → title. */
  static Map<String, String> listedRules() throws IOException {
    Map<String, String> rules = new LinkedHashMap<>();
    try (InputStream in = SecurityRulesTest.class.getResourceAsStream("/security-rules.txt")) {
      assertThat(in).as("security-rules.txt on the test classpath").isNotNull();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String text = line.strip();
        if (!text.isEmpty() && !text.startsWith("#")) {
          String[] parts = text.split(" ", 2);
          assertThat(parts).as(line).hasSize(2);
          assertThat(rules.put(parts[0], parts[1])).as("listed twice: " + parts[0]).isNull();
        }
      }
    }
    return rules;
  }

  /** The rule IDs a check or waiver names: the part before {@code ": "}, split on " / ". */
  static List<String> ruleIds(String key) {
    int colon = key.indexOf(": ");
    assertThat(colon).as("key without \"IDs: title\": " + key).isPositive();
    return List.of(key.substring(0, colon).split(" / "));
  }

  @Test
  void everyListedRule_isCheckedOrWaived_andNothingElseIs() throws IOException {
    Set<String> listed = listedRules().keySet();
    assertThat(listed).hasSizeGreaterThan(40);
    Set<String> named = new TreeSet<>();
    Stream.concat(CHECKS.keySet().stream(), WAIVERS.keySet().stream())
        .forEach(key -> named.addAll(ruleIds(key)));
    assertThat(named)
        .as("rules checked or waived but not in security-rules.txt")
        .isSubsetOf(listed);
    assertThat(listed)
        .as("rules in security-rules.txt neither checked nor waived")
        .isSubsetOf(named);
  }

  @Test
  void everyWaiver_waivesACheck() {
    // A waiver without a check could never go stale; each one names the check it suspends.
    assertThat(CHECKS).containsKeys(WAIVERS.keySet().toArray(String[]::new));
  }

  /**
   * Each rule on each stack: the check passes, or the rule is waived there and its check really
   * fails (so the waiver still describes the program).
   */
  @TestFactory
  Stream<DynamicTest> everyRule_isAssertedOrWaived_perStack() {
    return StackFiles.STACKS.stream()
        .flatMap(
            stack ->
                CHECKS.entrySet().stream()
                    .map(
                        rule -> {
                          Waiver waiver = waiverFor(rule.getKey(), stack);
                          String name = stack + ": " + rule.getKey();
                          if (waiver != null) {
                            return DynamicTest.dynamicTest(
                                name + " (waived: " + waiver.reason() + ")",
                                () ->
                                    assertThatThrownBy(() -> rule.getValue().accept(Runs.of(stack)))
                                        .as("waiver of %s on %s is stale", rule.getKey(), stack)
                                        .isInstanceOf(AssertionError.class));
                          }
                          return DynamicTest.dynamicTest(
                              name, () -> rule.getValue().accept(Runs.of(stack)));
                        }));
  }

  @Test
  void waivers_haveReasons_andNameKnownStacks() {
    assertThat(WAIVERS)
        .allSatisfy(
            (rule, waiver) -> {
              assertThat(waiver.reason()).hasSizeGreaterThan(40);
              assertThat(StackFiles.STACKS).containsAll(waiver.stacks());
            });
  }

  @Test
  void waivedChecks_reallyFail_whereWaived() {
    // A waiver that no longer matches reality (e.g. sandbox got auth) should be removed.
    CHECKS.forEach(
        (rule, check) -> {
          Waiver waiver = WAIVERS.get(rule);
          if (waiver != null) {
            for (String stack : waiver.stacks()) {
              assertThatThrownBy(() -> check.accept(Runs.of(stack)))
                  .as("waiver of %s on %s is stale", rule, stack)
                  .isInstanceOf(AssertionError.class);
            }
          }
        });
  }

  private static Waiver waiverFor(String rule, String stack) {
    Waiver w = WAIVERS.get(rule);
    return w != null && w.stacks().contains(stack) ? w : null;
  }
}
