package com.example.users.infra;

import static com.example.users.infra.Runs.integer;
import static com.example.users.infra.Runs.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.api.RouteTable;
import com.example.users.config.HandlerConfig;
import com.example.users.infra.RecordingMocks.Recorded;
import com.example.users.infra.api.ApiFunction;
import com.example.users.infra.api.HttpApi;
import com.example.users.infra.artifact.HandlerArtifact;
import com.example.users.infra.settings.InvalidSettingsException;
import com.example.users.storage.UserTable;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.pulumi.asset.AssetOrArchive;
import com.pulumi.asset.FileArchive;
import com.pulumi.test.PulumiTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The program run under mocks with the real stack files: what each stack provisions and how the
 * resources are wired together.
 */
class BackendTest {

  /** What the issue fixes per stack, independently of the stack files (to catch edits to them). */
  record Expected(
      String billing,
      boolean protect,
      String authorizationType,
      int burst,
      double rate,
      int retentionDays,
      String permissionsBoundary) {}

  private static final String PRODUCTION_BOUNDARY =
      "arn:aws:iam::111111111111:policy/user-management-function-boundary";

  private static final Map<String, Expected> EXPECTED =
      Map.of(
          "sandbox",
          new Expected("PAY_PER_REQUEST", false, "NONE", 10, 5.0, 14, null),
          "production",
          new Expected("PROVISIONED", true, "AWS_IAM", 100, 50.0, 365, PRODUCTION_BOUNDARY));

  @AfterAll
  static void cleanup() {
    PulumiTest.cleanup();
  }

  /**
   * Physical names derive from these logical names; the toolchain's deploy role may only manage
   * resources whose names start with the project name (its {@code resourceNamePrefix}).
   */
  @ParameterizedTest
  @ValueSource(strings = {"sandbox", "production"})
  void everyResource_isNamedWithTheProjectAndStackPrefix(String stack) {
    ProgramRun run = Runs.of(stack);
    assertThat(run.resources).hasSizeGreaterThan(20);
    String stackName = run.namePrefix().substring(0, run.namePrefix().length() - 1);
    assertThat(run.resources)
        .allSatisfy(
            r ->
                assertThat(r.name().equals(stackName) || r.name().startsWith(run.namePrefix()))
                    .as(r.type() + " " + r.name())
                    .isTrue());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sandbox", "production"})
  void table_isKeyedByUsername_andEncrypted(String stack) {
    Recorded table = Runs.of(stack).one(Types.TABLE);
    assertThat(table.input("hashKey")).isEqualTo(UserTable.PARTITION_KEY);
    assertThat(table.input("rangeKey")).isNull();
    assertThat(table.input("attributes"))
        .isEqualTo(List.of(Map.of("name", UserTable.PARTITION_KEY, "type", "S")));
    assertThat(map(table.input("serverSideEncryption"))).containsEntry("enabled", true);
    assertThat(map(table.input("pointInTimeRecovery"))).containsEntry("enabled", true);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sandbox", "production"})
  void table_billing_isPerStack_withAutoScalingWhenProvisioned(String stack) {
    ProgramRun run = Runs.of(stack);
    Recorded table = run.one(Types.TABLE);
    String billing = EXPECTED.get(stack).billing();
    assertThat(table.input("billingMode")).isEqualTo(billing);
    if (billing.equals("PROVISIONED")) {
      assertThat(run.options(table).getIgnoreChanges())
          .containsExactlyInAnyOrder("readCapacity", "writeCapacity");
      assertThat(run.all(Types.SCALING_TARGET))
          .extracting(t -> t.input("scalableDimension"))
          .containsExactlyInAnyOrder(
              "dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits");
      assertThat(run.all(Types.SCALING_TARGET))
          .allSatisfy(
              t -> {
                assertThat(t.input("resourceId")).isEqualTo("table/" + table.state().get("name"));
                assertThat(integer(t.input("maxCapacity")))
                    .isGreaterThanOrEqualTo(integer(t.input("minCapacity")));
              });
      assertThat(run.all(Types.SCALING_POLICY))
          .extracting(p -> p.input("policyType"))
          .containsExactly("TargetTrackingScaling", "TargetTrackingScaling");
    } else {
      assertThat(table.input("readCapacity")).isNull();
      assertThat(run.all(Types.SCALING_TARGET)).isEmpty();
      assertThat(run.all(Types.SCALING_POLICY)).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sandbox", "production"})
  void table_isProtected_onlyInProduction(String stack) {
    ProgramRun run = Runs.of(stack);
    Recorded table = run.one(Types.TABLE);
    boolean protect = EXPECTED.get(stack).protect();
    assertThat(table.input("deletionProtectionEnabled")).isEqualTo(protect);
    assertThat(run.options(table).isProtect()).isEqualTo(protect);
    // Nothing else is protected, so a sandbox destroys cleanly and production keeps only its data.
    run.resources.stream()
        .filter(r -> r != table && run.options(r) != null)
        .forEach(r -> assertThat(run.options(r).isProtect()).as(r.name()).isFalse());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sandbox", "production"})
  void function_isConfiguredForJavaWithSnapStart(String stack) {
    Recorded fn = Runs.of(stack).one(Types.FUNCTION);
    assertThat(fn.input("runtime")).isEqualTo("java21");
    assertThat(fn.input("handler")).isEqualTo("com.example.users.api.ApiHandler::handleRequest");
    assertThat(fn.input("architectures")).isEqualTo(List.of("arm64"));
    assertThat(integer(fn.input("memorySize"))).isEqualTo(1024);
    assertThat(integer(fn.input("timeout"))).isEqualTo(10);
    assertThat((String) fn.input("description")).isNotBlank();
    // No reservation: a new account's quota (often 10) cannot spare one (issue 12).
    assertThat(fn.input("reservedConcurrentExecutions")).isNull();
    assertThat(fn.input("publish")).isEqualTo(true);
    assertThat(map(fn.input("snapStart"))).containsEntry("applyOn", "PublishedVersions");
    assertThat(map(fn.input("tracingConfig"))).containsEntry("mode", "Active");
    assertThat(fn.input("sourceCodeHash")).isNull();
    // The code is the verified jar of the repository the program was given, nothing else.
    assertThat(fn.input("code")).isInstanceOf(FileArchive.class);
    assertThat(
            AssetOrArchive.AssetOrArchiveInternal.from((FileArchive) fn.input("code")).getValue())
        .isEqualTo(ProgramRun.fakeRepository().resolve(HandlerArtifact.JAR).toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sandbox", "production"})
  void function_environment_namesTheTable_setsJvmOptions_andSkipsTheLog4ShellPatch(String stack) {
    ProgramRun run = Runs.of(stack);
    Map<String, Object> vars =
        map(map(run.one(Types.FUNCTION).input("environment")).get("variables"));
    assertThat(vars)
        .containsOnly(
            Map.entry(HandlerConfig.TABLE_NAME_ENV, run.one(Types.TABLE).state().get("name")),
            Map.entry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"),
            // Safe only because the jar has no Log4j (LambdaJarTests in the handler module).
            Map.entry("AWS_LAMBDA_DISABLE_CVE_2021_44228_PROTECTION", "true"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sandbox", "production"})
  void function_logsJson_toItsOwnLogGroup(String stack) {
    ProgramRun run = Runs.of(stack);
    Map<String, Object> logging = map(run.one(Types.FUNCTION).input("loggingConfig"));
    Recorded group = logGroup(run, "api-logs");
    assertThat(logging).containsEntry("logFormat", "JSON");
    // INFO keeps Lambda's START/END/REPORT lines, REPORT with the SnapStart restore duration.
    assertThat(logging).containsEntry("systemLogLevel", "INFO");
    assertThat(logging).containsEntry("applicationLogLevel", "INFO");
    assertThat(logging).containsEntry("logGroup", group.state().get("name"));
    assertThat(integer(group.input("retentionInDays")))
        .isEqualTo(EXPECTED.get(stack).retentionDays());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sandbox", "production"})
  void alias_pointsAtThePublishedVersion_andIsWhatTheApiInvokes(String stack) {
    ProgramRun run = Runs.of(stack);
    Recorded fn = run.one(Types.FUNCTION);
    Recorded alias = run.one(Types.ALIAS);
    assertThat(alias.input("name")).isEqualTo(ApiFunction.ALIAS);
    assertThat(alias.input("functionName")).isEqualTo(fn.state().get("name"));
    assertThat(alias.input("functionVersion")).isEqualTo(fn.state().get("version"));

    Recorded integration = run.one(Types.INTEGRATION);
    assertThat(integration.input("integrationType")).isEqualTo("AWS_PROXY");
    assertThat(integration.input("payloadFormatVersion")).isEqualTo("2.0");
    assertThat(integration.input("integrationUri")).isEqualTo(alias.state().get("invokeArn"));
    assertThat(integration.input("apiId")).isEqualTo(run.one(Types.API).name() + "-id");

    Recorded permission = run.one(Types.PERMISSION);
    assertThat(permission.input("qualifier")).isEqualTo(ApiFunction.ALIAS);
    assertThat(permission.input("function")).isEqualTo(fn.state().get("name"));
    assertThat(permission.input("principal")).isEqualTo("apigateway.amazonaws.com");
    assertThat(permission.input("action")).isEqualTo("lambda:InvokeFunction");
    assertThat(permission.input("sourceArn"))
        .isEqualTo(run.one(Types.API).state().get("executionArn") + "/*/*");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sandbox", "production"})
  void role_mayTouchOnlyItsTableAndLogGroup(String stack) {
    ProgramRun run = Runs.of(stack);
    Recorded role = run.one(Types.ROLE);
    assertThat(role.input("managedPolicyArns")).isNull();
    assertThat(run.all(Types.ROLE_POLICY)).isEmpty();
    Recorded policy = run.one(Types.IAM_POLICY);
    Recorded attachment = run.one(Types.ATTACHMENT);
    assertThat(attachment.input("role")).isEqualTo(role.state().get("name"));
    assertThat(attachment.input("policyArn")).isEqualTo(policy.state().get("arn"));
    assertThat(map(parse(role.input("assumeRolePolicy")))).isNotNull();
    assertThat(role.input("assumeRolePolicy").toString()).contains("lambda.amazonaws.com");

    String tableArn = (String) run.one(Types.TABLE).state().get("arn");
    String logArn = (String) logGroup(run, "api-logs").state().get("arn");
    Map<String, List<String>> actionsByResource = new HashMap<>();
    for (JsonObject statement : statements(policy.input("policy"))) {
      assertThat(statement.get("Effect").getAsString()).isEqualTo("Allow");
      assertThat(statement.has("Condition")).isFalse();
      List<String> actions = strings(statement, "Action");
      for (String resource : strings(statement, "Resource")) {
        actionsByResource.computeIfAbsent(resource, r -> new ArrayList<>()).addAll(actions);
      }
    }
    assertThat(actionsByResource)
        .containsOnly(
            Map.entry(tableArn, UserTable.ACTIONS_USED),
            Map.entry(logArn, List.of("logs:CreateLogStream", "logs:PutLogEvents")),
            Map.entry(logArn + ":*", List.of("logs:CreateLogStream", "logs:PutLogEvents")),
            Map.entry("*", List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords")));
  }

  /**
   * The toolchain's deploy role may create and change roles only with its permissions boundary;
   * production, which the pipeline deploys, puts it on every role, the sandbox on none.
   */
  @ParameterizedTest
  @ValueSource(strings = {"sandbox", "production"})
  void everyRole_carriesTheStacksPermissionsBoundary(String stack) {
    ProgramRun run = Runs.of(stack);
    List<Recorded> roles = run.all(Types.ROLE);
    assertThat(roles).isNotEmpty();
    assertThat(roles)
        .allSatisfy(
            role ->
                assertThat(role.input("permissionsBoundary"))
                    .as(role.name())
                    .isEqualTo(EXPECTED.get(stack).permissionsBoundary()));
    // No other way to make a principal: a new kind of IAM resource needs a look at the boundary.
    assertThat(run.resources)
        .filteredOn(r -> r.type().startsWith("aws:iam/"))
        .extracting(Recorded::type)
        .containsOnly(Types.ROLE, Types.IAM_POLICY, Types.ATTACHMENT);
    // Table auto scaling uses AWS's service-linked role (iam:CreateServiceLinkedRole, which
    // takes no boundary), never one of ours.
    assertThat(run.all(Types.SCALING_TARGET))
        .allSatisfy(t -> assertThat(t.input("roleArn")).isNull());
  }

  @Test
  void permissionsBoundary_isSetOnEveryRole_whenConfigured() {
    String boundary = "arn:aws:iam::123456789012:policy/team/user-management-function-boundary";
    Map<String, String> config = new HashMap<>(StackFiles.effectiveConfig("sandbox"));
    config.put(StackFiles.PROJECT + ":permissionsBoundaryArn", boundary);
    ProgramRun run = ProgramRun.of("boundary", config);
    PulumiTest.cleanup();
    assertThat(run.result.exceptions()).isEmpty();
    assertThat(run.all(Types.ROLE))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.input("permissionsBoundary")).isEqualTo(boundary));
    // The boundary adds nothing to the stack.
    assertThat(run.resources).hasSameSizeAs(Runs.of("sandbox").resources);
  }

  @Test
  void badPermissionsBoundary_failsTheProgram_beforeAnyResource() {
    assertRefusedBeforeAnyResource(
        "production",
        "permissionsBoundaryArn",
        "arn:aws:iam::222222222222:policy/user-management-function-boundary",
        "permissionsBoundaryArn = \"arn:aws:iam::222222222222:",
        "aws:allowedAccountIds allows (111111111111)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sandbox", "production"})
  void routes_areTheRouteTable_plusEveryOtherMethodPerPath_andNoDefaultRoute(String stack) {
    ProgramRun run = Runs.of(stack);
    List<String> expected = new ArrayList<>();
    RouteTable.routes().forEach(r -> expected.add(r.routeKey()));
    for (String path : RouteTable.paths()) {
      for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD")) {
        if (!RouteTable.methodsFor(path).contains(method)) {
          expected.add(method + " " + path);
        }
      }
    }
    List<Recorded> routes = run.all(Types.ROUTE);
    assertThat(routes)
        .extracting(r -> r.input("routeKey"))
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(routes).extracting(r -> r.input("routeKey")).doesNotContain("$default");
    String target = "integrations/" + run.one(Types.INTEGRATION).name() + "-id";
    assertThat(routes)
        .allSatisfy(
            r -> {
              assertThat(r.input("target")).isEqualTo(target);
              assertThat(r.input("authorizationType"))
                  .isEqualTo(EXPECTED.get(stack).authorizationType());
              assertThat(r.input("authorizerId")).isNull();
            });
    assertThat(run.all(Types.AUTHORIZER)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sandbox", "production"})
  void stage_autoDeploys_throttles_andLogsJson(String stack) {
    ProgramRun run = Runs.of(stack);
    Recorded stage = run.one(Types.STAGE);
    Expected expected = EXPECTED.get(stack);
    assertThat(stage.input("name")).isEqualTo("$default");
    assertThat(stage.input("autoDeploy")).isEqualTo(true);
    Map<String, Object> throttling = map(stage.input("defaultRouteSettings"));
    assertThat(integer(throttling.get("throttlingBurstLimit"))).isEqualTo(expected.burst());
    assertThat(((Number) throttling.get("throttlingRateLimit")).doubleValue())
        .isEqualTo(expected.rate());
    Map<String, Object> logs = map(stage.input("accessLogSettings"));
    Recorded accessLogs = logGroup(run, "http-access-logs");
    assertThat(logs.get("destinationArn")).isEqualTo(accessLogs.state().get("arn"));
    assertThat(integer(accessLogs.input("retentionInDays"))).isEqualTo(expected.retentionDays());
    JsonObject format = JsonParser.parseString((String) logs.get("format")).getAsJsonObject();
    assertThat(format.keySet())
        .contains(
            "requestId",
            "ip",
            "requestTime",
            "httpMethod",
            "routeKey",
            "status",
            "protocol",
            "responseLength",
            "integrationLatency");
    format.entrySet().forEach(e -> assertThat(e.getValue().getAsString()).startsWith("$context."));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sandbox", "production"})
  void dashboard_parses_andChartsTheRealResources(String stack) {
    ProgramRun run = Runs.of(stack);
    Recorded dashboard = run.one(Types.DASHBOARD);
    assertThat(dashboard.input("dashboardName")).isEqualTo(StackFiles.PROJECT + "-" + stack);
    String body = (String) dashboard.input("dashboardBody");
    JsonObject json = JsonParser.parseString(body).getAsJsonObject();
    List<String> titles = new ArrayList<>();
    json.getAsJsonArray("widgets")
        .forEach(
            w -> {
              JsonObject p = w.getAsJsonObject().getAsJsonObject("properties");
              titles.add(p.get("title").getAsString());
              assertThat(p.get("region").getAsString())
                  .isEqualTo(StackFiles.effectiveConfig(stack).get("aws:region"));
            });
    assertThat(titles)
        .contains(
            "API requests", "Table consumed read capacity", "API errors", "API latency p99 (ms)");
    assertThat(body)
        .contains(
            "\"" + run.one(Types.API).name() + "-id\"",
            "\"" + run.one(Types.FUNCTION).state().get("name") + "\"",
            "\"" + run.one(Types.TABLE).state().get("name") + "\"")
        .contains("\"5xx\"", "\"4xx\"", "\"p99\"", "\"Errors\"", "\"Throttles\"", "\"Duration\"")
        .contains(
            "\"ConcurrentExecutions\"", "\"ReadThrottleEvents\"", "\"ConsumedWriteCapacityUnits\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sandbox", "production"})
  void alarms_coverTheFailureModes_andNotifyTheTopic(String stack) {
    ProgramRun run = Runs.of(stack);
    String topicArn = (String) run.one(Types.TOPIC).state().get("arn");
    List<Recorded> alarms = run.all(Types.ALARM);
    assertThat(alarms)
        .allSatisfy(
            a -> {
              assertThat(a.input("alarmActions")).isEqualTo(List.of(topicArn));
              assertThat(a.input("okActions")).isEqualTo(List.of(topicArn));
              assertThat((String) a.input("alarmDescription")).isNotBlank();
            });
    assertThat(alarms)
        .extracting(a -> a.input("namespace") + "/" + a.input("metricName"))
        .contains(
            "AWS/ApiGateway/5xx",
            "AWS/ApiGateway/Latency",
            "AWS/Lambda/Errors",
            "AWS/Lambda/Throttles");
    assertThat(alarms.stream().filter(a -> "p99".equals(a.input("extendedStatistic")))).hasSize(1);
    Recorded table =
        alarms.stream().filter(a -> a.input("metricQueries") != null).findFirst().get();
    assertThat(table.input("metricQueries").toString())
        .contains(
            "ReadThrottleEvents",
            "WriteThrottleEvents",
            (String) run.one(Types.TABLE).state().get("name"));
    // Production adds the two rollback alarms of its traffic shifting (SafeDeploymentTests).
    assertThat(alarms).hasSize(stack.equals("production") ? 7 : 5);
    assertThat(run.all(Types.SUBSCRIPTION)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sandbox", "production"})
  void outputs_arePresent_andComeFromTheResources(String stack) {
    ProgramRun run = Runs.of(stack);
    List<String> shifting =
        stack.equals("production")
            ? List.of("codeDeployApplication", "codeDeployDeploymentGroup")
            : List.of();
    assertThat(run.outputs.keySet())
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(
                        "apiEndpoint",
                        "tableName",
                        "functionName",
                        "dashboardUrl",
                        "alarmTopicArn",
                        "functionVersion"),
                    shifting.stream())
                .toList());
    assertThat(run.outputs.get("functionVersion"))
        .isEqualTo(run.one(Types.FUNCTION).state().get("version"));
    assertThat(run.outputs.get("apiEndpoint"))
        .isEqualTo(run.one(Types.STAGE).state().get("invokeUrl"));
    assertThat(run.outputs.get("tableName")).isEqualTo(run.one(Types.TABLE).state().get("name"));
    assertThat(run.outputs.get("functionName"))
        .isEqualTo(run.one(Types.FUNCTION).state().get("name"));
    assertThat(run.outputs.get("alarmTopicArn")).isEqualTo(run.one(Types.TOPIC).state().get("arn"));
    assertThat((String) run.outputs.get("dashboardUrl"))
        .startsWith("https://")
        .endsWith("#dashboards/dashboard/" + StackFiles.PROJECT + "-" + stack);
  }

  @Test
  void jwtAuth_addsAnAuthorizer_usedByEveryRoute() {
    Map<String, String> config = new HashMap<>(StackFiles.effectiveConfig("sandbox"));
    config.put(StackFiles.PROJECT + ":apiAuth", "jwt");
    config.put(
        StackFiles.PROJECT + ":jwtIssuer", "https://cognito-idp.us-east-1.amazonaws.com/pool");
    config.put(StackFiles.PROJECT + ":jwtAudience", "client-a, client-b");
    ProgramRun run = ProgramRun.of("jwt", config);
    PulumiTest.cleanup();
    Recorded authorizer = run.one(Types.AUTHORIZER);
    assertThat(authorizer.input("authorizerType")).isEqualTo("JWT");
    assertThat(map(authorizer.input("jwtConfiguration")))
        .containsEntry("issuer", "https://cognito-idp.us-east-1.amazonaws.com/pool")
        .containsEntry("audiences", List.of("client-a", "client-b"));
    assertThat(run.all(Types.ROUTE))
        .allSatisfy(
            r -> {
              assertThat(r.input("authorizationType")).isEqualTo("JWT");
              assertThat(r.input("authorizerId")).isEqualTo(authorizer.name() + "-id");
            });
  }

  @Test
  void reservedConcurrency_isSetOnlyWhenAsked() {
    Map<String, String> config = new HashMap<>(StackFiles.effectiveConfig("sandbox"));
    config.put(StackFiles.PROJECT + ":lambdaReservedConcurrency", "25");
    ProgramRun run = ProgramRun.of("reserved", config);
    PulumiTest.cleanup();
    assertThat(integer(run.one(Types.FUNCTION).input("reservedConcurrentExecutions")))
        .isEqualTo(25);
  }

  @Test
  void zeroReservedConcurrency_failsTheProgram_explainingTheUnreservedMinimum() {
    assertRefusedBeforeAnyResource(
        "sandbox",
        "lambdaReservedConcurrency",
        "0",
        "lambdaReservedConcurrency = \"0\"",
        "-1 (no reservation, the default)",
        "at least 10 unreserved");
  }

  @Test
  void regionOtherThanTheToolchains_failsTheProgram_beforeAnyResource() {
    ProgramRun run =
        ProgramRun.of(
            "production",
            StackFiles.effectiveConfig("production"),
            Map.of("TOOLCHAIN_AWS_REGION", "us-east-2"));
    PulumiTest.cleanup();
    assertThat(run.result.exceptions())
        .anySatisfy(
            e ->
                assertThat(rootCause(e))
                    .isInstanceOf(InvalidSettingsException.class)
                    .hasMessageContaining("aws:region = \"eu-west-1\": allowed: us-east-2")
                    .hasMessageContaining("TOOLCHAIN_AWS_REGION"));
    assertThat(run.resources).isEmpty();
  }

  @Test
  void regionOfTheToolchain_isAccepted() {
    ProgramRun run =
        ProgramRun.of(
            "production",
            StackFiles.effectiveConfig("production"),
            Map.of("TOOLCHAIN_AWS_REGION", "eu-west-1"));
    PulumiTest.cleanup();
    assertThat(run.result.exceptions()).isEmpty();
    assertThat(run.resources).isNotEmpty();
  }

  @Test
  void alarmEmail_subscribesTheAddressToTheTopic() {
    Map<String, String> config = new HashMap<>(StackFiles.effectiveConfig("sandbox"));
    config.put(StackFiles.PROJECT + ":alarmEmail", "ops@example.com");
    ProgramRun run = ProgramRun.of("email", config);
    PulumiTest.cleanup();
    Recorded subscription = run.one(Types.SUBSCRIPTION);
    assertThat(subscription.input("protocol")).isEqualTo("email");
    assertThat(subscription.input("endpoint")).isEqualTo("ops@example.com");
    assertThat(subscription.input("topic")).isEqualTo(run.one(Types.TOPIC).state().get("arn"));
  }

  @Test
  void badSetting_failsTheProgram_beforeAnyResource() {
    assertRefusedBeforeAnyResource(
        "sandbox", "billingMode", "FREE", "billingMode = \"FREE\"", "PAY_PER_REQUEST, PROVISIONED");
  }

  /** Runs a stack with one setting changed: the program fails naming it, and creates nothing. */
  private static void assertRefusedBeforeAnyResource(
      String stack, String key, String value, String... messageParts) {
    Map<String, String> config = new HashMap<>(StackFiles.effectiveConfig(stack));
    config.put(StackFiles.PROJECT + ":" + key, value);
    ProgramRun run = ProgramRun.of("bad-" + key.toLowerCase(java.util.Locale.ROOT), config);
    PulumiTest.cleanup();
    assertThat(run.result.exceptions())
        .anySatisfy(
            e -> {
              assertThat(rootCause(e)).isInstanceOf(InvalidSettingsException.class);
              for (String part : messageParts) {
                assertThat(rootCause(e)).hasMessageContaining(part);
              }
            });
    assertThat(run.resources).isEmpty();
  }

  @Test
  void staleJar_failsTheProgram_sayingWhatToRun() throws java.io.IOException {
    java.nio.file.Path empty = java.nio.file.Files.createTempDirectory("no-handler");
    com.pulumi.test.TestResult result =
        com.pulumi.test.internal.PulumiTestInternal.builder()
            .options(
                com.pulumi.test.TestOptions.builder()
                    .projectName(StackFiles.PROJECT)
                    .stackName("sandbox")
                    .build())
            .mocks(new RecordingMocks("us-east-1"))
            .config(StackFiles.effectiveConfig("sandbox"))
            .build()
            .runTest(ctx -> App.stack(ctx, empty));
    PulumiTest.cleanup();
    assertThat(result.exceptions())
        .anySatisfy(
            e ->
                assertThat(rootCause(e))
                    .isInstanceOf(HandlerArtifact.StaleArtifactException.class)
                    .hasMessageContaining("./mvnw -pl handler -am compile"));
  }

  @Test
  void resourceCounts_perStack() {
    // Reported in the README; a change here is a change to what a deploy creates.
    // 5 component resources (Backend, UserDatabase, ApiFunction, HttpApi, Monitoring) + AWS ones;
    // production adds an auto-scaling target and policy for reads and for writes, and its traffic
    // shifting: a CodeDeploy application and deployment group and two rollback alarms.
    assertThat(awsResources("sandbox")).isEqualTo(32);
    assertThat(awsResources("production")).isEqualTo(40);
    assertThat(Runs.of("sandbox").resources).hasSize(37);
    assertThat(Set.copyOf(HttpApi.routeKeys())).hasSize(HttpApi.routeKeys().size());
  }

  private static long awsResources(String stack) {
    return Runs.of(stack).resources.stream().filter(r -> r.type().startsWith("aws:")).count();
  }

  static Recorded logGroup(ProgramRun run, String name) {
    return run.all(Types.LOG_GROUP).stream()
        .filter(g -> g.name().equals(run.namePrefix() + name))
        .findFirst()
        .orElseThrow();
  }

  static Object parse(Object json) {
    return new com.google.gson.Gson().fromJson((String) json, Map.class);
  }

  static List<JsonObject> statements(Object policyJson) {
    List<JsonObject> out = new ArrayList<>();
    JsonParser.parseString((String) policyJson)
        .getAsJsonObject()
        .getAsJsonArray("Statement")
        .forEach(s -> out.add(s.getAsJsonObject()));
    return out;
  }

  static List<String> strings(JsonObject statement, String key) {
    List<String> out = new ArrayList<>();
    if (statement.get(key).isJsonArray()) {
      statement.getAsJsonArray(key).forEach(e -> out.add(e.getAsString()));
    } else {
      out.add(statement.get(key).getAsString());
    }
    return out;
  }

  static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
