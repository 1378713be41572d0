package com.example.users.infra;

import static com.example.users.infra.Runs.integer;
import static com.example.users.infra.Runs.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.users.infra.RecordingMocks.Recorded;
import com.example.users.infra.settings.ApiAuth;
import com.example.users.infra.settings.StackSettings;
import com.google.gson.JsonObject;
import com.pulumi.test.PulumiTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every rule listed in {@code src/test/resources/security-rules.txt} (checkov, cdk-nag, Pulumi
 * policy packs, OWASP API) that applies to these resources: asserted for each stack file of the
 * repository, or waived in {@link #WAIVERS}, for the stacks whose settings the waiver names, with
 * the reason its check fails there. None may be forgotten, a waiver that no longer matches the
 * program fails, and every failure names the stack and the rule.
 */
class SecurityRulesTests {

  /**
   * A rule waived on the stacks whose settings match {@code appliesTo} (never by a stack's name, so
   * a new stack file gets the waivers its settings call for), with why.
   *
   * @param when the stacks it covers, in words, for the test's name and messages
   */
  record Waiver(String when, Predicate<StackSettings> appliesTo, String reason) {
    boolean covers(StackSettings settings) {
      return appliesTo.test(settings);
    }
  }

  private static final String EVERY_STACK = "every stack";

  /**
   * A throw-away stack: one that protects no data ({@code protectData: false}), like the sandbox.
   * Only such a stack may trade a rule for cost or convenience.
   */
  private static boolean throwAway(StackSettings s) {
    return !s.protectData();
  }

  /** The one place where rules are waived, each with the stacks it covers and why. */
  static final Map<String, Waiver> WAIVERS =
      Map.ofEntries(
          Map.entry(
              "CKV_AWS_116: Lambda dead-letter queue",
              new Waiver(
                  EVERY_STACK,
                  s -> true,
                  "The function is invoked synchronously by API Gateway; a DLQ only receives failed"
                      + " asynchronous events, the caller gets the error instead.")),
          Map.entry(
              "CKV_AWS_117: Lambda inside a VPC",
              new Waiver(
                  EVERY_STACK,
                  s -> true,
                  "The function talks only to DynamoDB and CloudWatch over IAM-authenticated HTTPS;"
                      + " a VPC would add NAT/endpoint cost and cold-start latency for no control"
                      + " gained.")),
          Map.entry(
              "CKV_AWS_272: Lambda code signing",
              new Waiver(
                  EVERY_STACK,
                  s -> true,
                  "The jar is built from reviewed sources by the pipeline that deploys it and is"
                      + " checked against the compiled classes; AWS Signer profiles are left to"
                      + " adopters with a signing process.")),
          Map.entry(
              "CKV_AWS_173: Lambda environment variables encrypted with a CMK",
              new Waiver(
                  EVERY_STACK,
                  s -> true,
                  "The environment holds only the table name and JVM flags (asserted by"
                      + " CKV_AWS_45); Lambda already encrypts it at rest with an AWS-managed"
                      + " key.")),
          Map.entry(
              "CKV_AWS_119: DynamoDB encrypted with a customer-managed KMS key",
              new Waiver(
                  EVERY_STACK,
                  s -> true,
                  "Encryption at rest is on with the AWS-owned key (asserted by awsguard); a CMK"
                      + " needs a key policy and kms grants for the function, left to adopters"
                      + " whose compliance regime requires it.")),
          Map.entry(
              "CKV_AWS_158: CloudWatch log groups encrypted with KMS",
              new Waiver(
                  EVERY_STACK,
                  s -> true,
                  "CloudWatch Logs encrypts at rest by default; logs carry no user attributes"
                      + " (only request metadata). A CMK needs a key policy for the logs"
                      + " service.")),
          Map.entry(
              "CKV_AWS_338: log retention at least one year",
              new Waiver(
                  "stacks with protectData: false and logRetentionDays under 365",
                  s -> throwAway(s) && s.logRetentionDays() < 365,
                  "A stack that protects no data is a throw-away development stack; short"
                      + " retention keeps its cost down. A stack that protects data keeps logs a"
                      + " year or more (asserted).")),
          Map.entry(
              "CKV_AWS_309 / APIG4 / API2: routes require authorization",
              new Waiver(
                  "stacks with protectData: false and apiAuth: none",
                  s -> throwAway(s) && s.apiAuth() == ApiAuth.NONE,
                  "A throw-away stack may set apiAuth=none so that the README's curl session"
                      + " works unsigned; it holds no real data and its stage is throttled. A"
                      + " stack that protects data authorizes every route (asserted).")),
          Map.entry(
              "CKV_AWS_115 / LambdaConcurrency: reserved concurrency",
              new Waiver(
                  "stacks without lambdaReservedConcurrency",
                  s -> s.lambdaReservedConcurrency().isEmpty(),
                  "No reservation by default: Lambda refuses one that leaves the account fewer"
                      + " than 10 unreserved executions, and a new account's quota is often 10,"
                      + " so any reservation would half-build the first stack. The stage's"
                      + " throttling (asserted) caps requests instead; lambdaReservedConcurrency"
                      + " sets a reservation once the quota allows.")),
          Map.entry(
              "APIGWXrayEnabled: HTTP API traced by X-Ray",
              new Waiver(
                  EVERY_STACK,
                  s -> true,
                  "API Gateway HTTP APIs do not support X-Ray; tracing starts in the function"
                      + " (asserted by CKV_AWS_50).")),
          Map.entry(
              "IAM5 / StarPermissions: X-Ray statement names its resources",
              new Waiver(
                  EVERY_STACK,
                  s -> true,
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
            assertThat(
                    r.all(Types.ROUTE).stream()
                        .map(route -> route.input("authorizationType"))
                        .distinct())
                .as("authorizationType of the routes (setting apiAuth)")
                .isNotEmpty()
                .isSubsetOf("AWS_IAM", "JWT", "CUSTOM"));
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
          assertThat(fn(r).input("reservedConcurrentExecutions"))
              .as("reservedConcurrentExecutions (setting lambdaReservedConcurrency)")
              .isNotNull();
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
                .as("table pointInTimeRecovery (setting pointInTimeRecovery)")
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
                .extracting(g -> integer(g.input("retentionInDays")))
                .as("retentionInDays of every log group (setting logRetentionDays)")
                .allMatch(days -> days >= 365, "at least 365"));
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
          for (JsonObject s :
              UserServiceTests.statements(r.one(Types.IAM_POLICY).input("policy"))) {
            assertThat(UserServiceTests.strings(s, "Action"))
                .allSatisfy(a -> assertThat(a).doesNotContain("*"));
            List<String> resources = UserServiceTests.strings(s, "Resource");
            if (!s.get("Sid").getAsString().equals("XRayTraces")) {
              assertThat(resources).allSatisfy(res -> assertThat(res).isNotEqualTo("*"));
            }
          }
        });
    c.put(
        "SNS3: alarm topic requires TLS",
        r -> {
          List<JsonObject> statements =
              UserServiceTests.statements(r.one(Types.TOPIC_POLICY).input("policy"));
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
            assertThat(UserServiceTests.statements(r.one(Types.IAM_POLICY).input("policy")))
                .filteredOn(s -> s.get("Sid").getAsString().equals("XRayTraces"))
                .singleElement()
                .satisfies(
                    s ->
                        assertThat(UserServiceTests.strings(s, "Resource"))
                            .allSatisfy(res -> assertThat(res).isNotEqualTo("*"))));
    return c;
  }

  private static Recorded fn(ProgramRun run) {
    return run.one(Types.FUNCTION);
  }

  /** The rule IDs of {@code security-rules.txt}: ID → title. */
  static Map<String, String> listedRules() throws IOException {
    Map<String, String> rules = new LinkedHashMap<>();
    try (InputStream in = SecurityRulesTests.class.getResourceAsStream("/security-rules.txt")) {
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
   * Each rule on each stack file of the repository, named {@code [stack] rule}: the check passes,
   * or the rule is waived for the stack's settings and its check really fails (so the waiver still
   * describes the program).
   */
  @TestFactory
  Stream<DynamicTest> everyRule_isAssertedOrWaived_perStack() {
    return StackFiles.names().stream().flatMap(SecurityRulesTests::rulesOf);
  }

  private static Stream<DynamicTest> rulesOf(String stack) {
    StackSettings settings;
    try {
      settings = StackFiles.settings(stack);
    } catch (RuntimeException e) {
      return Stream.of(
          DynamicTest.dynamicTest(
              "[" + stack + "] settings",
              () -> {
                throw new AssertionError("[" + stack + "] " + e.getMessage(), e);
              }));
    }
    return CHECKS.keySet().stream()
        .map(
            rule -> {
              Waiver waiver = waiverFor(rule, settings);
              String name =
                  "["
                      + stack
                      + "] "
                      + rule
                      + (waiver == null ? "" : " (waived for " + waiver.when() + ")");
              return DynamicTest.dynamicTest(
                  name, () -> verify(stack, rule, Runs.of(stack), waiver));
            });
  }

  /**
   * A stack file copied under a new name is checked like its original with no other edit: the
   * copy's stacks are found, run under the mocks, and every rule holds or is waived by settings.
   */
  @Test
  void aCopiedStackFile_isDiscovered_andCheckedLikeItsOriginal() throws IOException {
    Path copy = Files.createTempDirectory("stack-copy");
    try {
      Files.copy(StackFiles.root().resolve("Pulumi.yaml"), copy.resolve("Pulumi.yaml"));
      String original = StackFiles.names().get(0);
      Files.copy(
          StackFiles.root().resolve("Pulumi." + original + ".yaml"),
          copy.resolve("Pulumi.copied.yaml"));
      assertThat(StackFiles.names(copy)).containsExactly("copied");
      Map<String, String> config = StackFiles.effectiveConfig(copy, "copied");
      assertThat(config).isEqualTo(StackFiles.effectiveConfig(original));
      ProgramRun run = ProgramRun.of("copied", config);
      PulumiTest.cleanup();
      assertThat(run.result.exceptions()).as("[copied] program run").isEmpty();
      StackSettings settings = StackFiles.settings(config);
      CHECKS.keySet().forEach(rule -> verify("copied", rule, run, waiverFor(rule, settings)));
    } finally {
      try (Stream<Path> files = Files.list(copy)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(copy);
    }
  }

  /**
   * Runs one rule's check on one stack's run. A failure names the stack and the rule: the check
   * failed where no waiver covers the stack, or it passed where a waiver says it fails.
   */
  static void verify(String stack, String rule, ProgramRun run, Waiver waiver) {
    AssertionError failure = null;
    try {
      CHECKS.get(rule).accept(run);
    } catch (AssertionError e) {
      failure = e;
    }
    if (waiver == null && failure != null) {
      throw new AssertionError(
          "["
              + stack
              + "] "
              + rule
              + ": fails, and no waiver covers the stack's settings: "
              + failure.getMessage(),
          failure);
    }
    if (waiver != null && failure == null) {
      throw new AssertionError(
          "["
              + stack
              + "] "
              + rule
              + ": passes, but is waived for "
              + waiver.when()
              + ": the waiver is stale, narrow or remove it (SecurityRulesTests.WAIVERS)");
    }
  }

  @Test
  void waivers_haveReasons_andSayWhichStacksTheyCover() {
    assertThat(WAIVERS)
        .allSatisfy(
            (rule, waiver) -> {
              assertThat(waiver.reason()).as(rule).hasSizeGreaterThan(40);
              assertThat(waiver.when()).as(rule).isNotBlank();
            });
  }

  @Test
  void settingsKeyedWaivers_coverOnlyThrowAwayStacks_orWhatTheyName() {
    // The waivers that depend on settings: a stack that protects its data meets those rules.
    StackSettings protectsData =
        StackFiles.settings(
            withSettings(
                Map.of("protectData", "true", "logRetentionDays", "14", "apiAuth", "none")));
    assertThat(waiverFor("CKV_AWS_338: log retention at least one year", protectsData)).isNull();
    assertThat(waiverFor("CKV_AWS_309 / APIG4 / API2: routes require authorization", protectsData))
        .isNull();
    StackSettings throwAway =
        StackFiles.settings(withSettings(Map.of("logRetentionDays", "14", "apiAuth", "none")));
    assertThat(waiverFor("CKV_AWS_338: log retention at least one year", throwAway)).isNotNull();
    assertThat(waiverFor("CKV_AWS_309 / APIG4 / API2: routes require authorization", throwAway))
        .isNotNull();
  }

  @Test
  void waivedChecks_reallyFail_whereWaived() {
    // A waiver that no longer matches reality (e.g. a throw-away stack got auth) should go.
    for (String stack : StackFiles.names()) {
      StackSettings settings = StackFiles.settings(stack);
      WAIVERS.forEach(
          (rule, waiver) -> {
            if (waiver.covers(settings)) {
              assertThatThrownBy(() -> CHECKS.get(rule).accept(Runs.of(stack)))
                  .as("[%s] %s: waived for %s, but the check passes", stack, rule, waiver.when())
                  .isInstanceOf(AssertionError.class);
            }
          });
    }
  }

  private static Map<String, String> withSettings(Map<String, String> settings) {
    Map<String, String> config = StackFiles.defaults("us-east-1");
    settings.forEach((k, v) -> config.put(StackFiles.PROJECT + ":" + k, v));
    return config;
  }

  private static Waiver waiverFor(String rule, StackSettings settings) {
    Waiver w = WAIVERS.get(rule);
    return w != null && w.covers(settings) ? w : null;
  }
}
