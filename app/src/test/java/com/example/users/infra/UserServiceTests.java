package com.example.users.infra;

import static com.example.users.infra.Runs.integer;
import static com.example.users.infra.Runs.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.config.HandlerConfig;
import com.example.users.http.RouteTable;
import com.example.users.infra.RecordingMocks.Recorded;
import com.example.users.infra.artifact.HandlerArtifact;
import com.example.users.infra.function.HandlerFunction;
import com.example.users.infra.gateway.HttpApi;
import com.example.users.infra.settings.ApiAuth;
import com.example.users.infra.settings.BillingMode;
import com.example.users.infra.settings.InvalidSettingsException;
import com.example.users.infra.settings.StackSettings;
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

/**
 * The program run under mocks with every stack file of the repository ({@link EveryStack}): what a
 * stack provisions, as its settings say, and how the resources are wired together. Nothing here
 * names a stack: what differs between stacks is keyed by their settings.
 */
class UserServiceTests {

  /** The region of the configurations built from the project's defaults. */
  private static final String REGION = "us-east-1";

  /**
   * The AWS resources of a stack with on-demand billing, no JWT authorizer and no alarm e-mail: 20
   * plus one per route key (the route table's routes and, per path, the other methods; 12 today).
   */
  private static final int BASE_AWS_RESOURCES = 20 + HttpApi.routeKeys().size();

  @AfterAll
  static void cleanup() {
    PulumiTest.cleanup();
  }

  /**
   * Physical names derive from these logical names; the toolchain's deploy role may only manage
   * resources whose names start with the project name (its {@code resourceNamePrefix}).
   */
  @EveryStack
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

  @EveryStack
  void table_isKeyedByUsername_andEncrypted(String stack) {
    Recorded table = Runs.of(stack).one(Types.TABLE);
    assertThat(table.input("hashKey")).isEqualTo(UserTable.PARTITION_KEY);
    assertThat(table.input("rangeKey")).isNull();
    assertThat(table.input("attributes"))
        .isEqualTo(List.of(Map.of("name", UserTable.PARTITION_KEY, "type", "S")));
    assertThat(map(table.input("serverSideEncryption"))).containsEntry("enabled", true);
    assertThat(map(table.input("pointInTimeRecovery")))
        .as("[%s] pointInTimeRecovery (setting pointInTimeRecovery)", stack)
        .containsEntry("enabled", StackFiles.settings(stack).pointInTimeRecovery());
  }

  @EveryStack
  void table_billing_isPerStack_withAutoScalingWhenProvisioned(String stack) {
    ProgramRun run = Runs.of(stack);
    Recorded table = run.one(Types.TABLE);
    StackSettings settings = StackFiles.settings(stack);
    assertThat(table.input("billingMode"))
        .as("[%s] billingMode", stack)
        .isEqualTo(settings.billingMode().name());
    if (settings.billingMode() == BillingMode.PROVISIONED) {
      assertThat(integer(table.input("readCapacity"))).isEqualTo(settings.tableReadCapacity());
      assertThat(integer(table.input("writeCapacity"))).isEqualTo(settings.tableWriteCapacity());
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

  @EveryStack
  void table_isProtected_exactlyWhenTheStackProtectsData(String stack) {
    ProgramRun run = Runs.of(stack);
    Recorded table = run.one(Types.TABLE);
    boolean protect = StackFiles.settings(stack).protectData();
    assertThat(table.input("deletionProtectionEnabled"))
        .as("[%s] deletionProtectionEnabled (setting protectData)", stack)
        .isEqualTo(protect);
    assertThat(run.options(table).isProtect())
        .as("[%s] Pulumi protect (setting protectData)", stack)
        .isEqualTo(protect);
    // Nothing else is protected, so a throw-away stack destroys cleanly and one that protects its
    // data keeps only the data.
    run.resources.stream()
        .filter(r -> r != table && run.options(r) != null)
        .forEach(r -> assertThat(run.options(r).isProtect()).as(r.name()).isFalse());
  }

  @EveryStack
  void function_isConfiguredForJavaWithSnapStart(String stack) {
    Recorded fn = Runs.of(stack).one(Types.FUNCTION);
    StackSettings settings = StackFiles.settings(stack);
    assertThat(fn.input("runtime")).isEqualTo("java21");
    assertThat(fn.input("handler"))
        .isEqualTo("com.example.users.priming.SnapStartHandler::handleRequest");
    assertThat(fn.input("architectures"))
        .as("[%s] architectures (setting lambdaArchitecture)", stack)
        .isEqualTo(List.of(settings.lambdaArchitecture().awsName()));
    assertThat(integer(fn.input("memorySize")))
        .as("[%s] memorySize (setting lambdaMemoryMb)", stack)
        .isEqualTo(settings.lambdaMemoryMb());
    assertThat(integer(fn.input("timeout")))
        .as("[%s] timeout (setting lambdaTimeoutSeconds)", stack)
        .isEqualTo(settings.lambdaTimeoutSeconds());
    assertThat((String) fn.input("description")).isNotBlank();
    // No reservation unless asked: a new account's quota (often 10) cannot spare one (issue 12).
    assertThat(fn.input("reservedConcurrentExecutions"))
        .as("[%s] reservedConcurrentExecutions (setting lambdaReservedConcurrency)", stack)
        .isEqualTo(settings.lambdaReservedConcurrency().orElse(null));
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

  @Test
  void handlerEntryPoint_isAHandleRequestMethod_ofAHandlerClass() throws ClassNotFoundException {
    String[] parts = HandlerFunction.HANDLER.split("::");
    assertThat(parts).as(HandlerFunction.HANDLER).hasSize(2);
    // Loaded, not initialised: the entry point's class must exist in the handler module.
    Class<?> handler = Class.forName(parts[0], false, getClass().getClassLoader());
    assertThat(handler.getMethods())
        .as("public methods of %s (HandlerFunction.HANDLER)", parts[0])
        .extracting(java.lang.reflect.Method::getName)
        .contains(parts[1]);
  }

  @EveryStack
  void function_environment_namesTheTable_setsJvmOptions_andSkipsTheLog4ShellPatch(String stack) {
    ProgramRun run = Runs.of(stack);
    Map<String, Object> vars =
        map(map(run.one(Types.FUNCTION).input("environment")).get("variables"));
    assertThat(vars)
        .containsOnly(
            Map.entry(HandlerConfig.TABLE_NAME_ENV, run.one(Types.TABLE).state().get("name")),
            Map.entry("JAVA_TOOL_OPTIONS", StackFiles.settings(stack).javaToolOptions()),
            // Safe only because the jar has no Log4j (LambdaJarTests in the handler module).
            Map.entry("AWS_LAMBDA_DISABLE_CVE_2021_44228_PROTECTION", "true"));
  }

  @EveryStack
  void function_logsJson_toItsOwnLogGroup(String stack) {
    ProgramRun run = Runs.of(stack);
    Map<String, Object> logging = map(run.one(Types.FUNCTION).input("loggingConfig"));
    Recorded group = logGroup(run, "api-logs");
    assertThat(logging).containsEntry("logFormat", "JSON");
    // INFO keeps Lambda's START/END/REPORT lines, REPORT with the SnapStart restore duration.
    assertThat(logging).containsEntry("systemLogLevel", "INFO");
    assertThat(logging)
        .as("[%s] applicationLogLevel (setting lambdaLogLevel)", stack)
        .containsEntry("applicationLogLevel", StackFiles.settings(stack).lambdaLogLevel());
    assertThat(logging).containsEntry("logGroup", group.state().get("name"));
    assertThat(integer(group.input("retentionInDays")))
        .as("[%s] retentionInDays (setting logRetentionDays)", stack)
        .isEqualTo(StackFiles.settings(stack).logRetentionDays());
  }

  @EveryStack
  void alias_pointsAtThePublishedVersion_andIsWhatTheApiInvokes(String stack) {
    ProgramRun run = Runs.of(stack);
    Recorded fn = run.one(Types.FUNCTION);
    Recorded alias = run.one(Types.ALIAS);
    assertThat(alias.input("name")).isEqualTo(HandlerFunction.ALIAS);
    assertThat(alias.input("functionName")).isEqualTo(fn.state().get("name"));
    assertThat(alias.input("functionVersion")).isEqualTo(fn.state().get("version"));

    Recorded integration = run.one(Types.INTEGRATION);
    assertThat(integration.input("integrationType")).isEqualTo("AWS_PROXY");
    assertThat(integration.input("payloadFormatVersion")).isEqualTo("2.0");
    assertThat(integration.input("integrationUri")).isEqualTo(alias.state().get("invokeArn"));
    assertThat(integration.input("apiId")).isEqualTo(run.one(Types.API).name() + "-id");

    Recorded permission = run.one(Types.PERMISSION);
    assertThat(permission.input("qualifier")).isEqualTo(HandlerFunction.ALIAS);
    assertThat(permission.input("function")).isEqualTo(fn.state().get("name"));
    assertThat(permission.input("principal")).isEqualTo("apigateway.amazonaws.com");
    assertThat(permission.input("action")).isEqualTo("lambda:InvokeFunction");
    assertThat(permission.input("sourceArn"))
        .isEqualTo(run.one(Types.API).state().get("executionArn") + "/*/*");
  }

  @EveryStack
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
   * The toolchain's deploy role may create and change roles only with its permissions boundary; a
   * stack that sets {@code permissionsBoundaryArn} (one the pipeline deploys) puts it on every
   * role, any other stack on none.
   */
  @EveryStack
  void everyRole_carriesTheStacksPermissionsBoundary(String stack) {
    ProgramRun run = Runs.of(stack);
    List<Recorded> roles = run.all(Types.ROLE);
    assertThat(roles).isNotEmpty();
    assertThat(roles)
        .allSatisfy(
            role ->
                assertThat(role.input("permissionsBoundary"))
                    .as("[%s] %s (setting permissionsBoundaryArn)", stack, role.name())
                    .isEqualTo(StackFiles.settings(stack).permissionsBoundaryArn().orElse(null)));
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
    Map<String, String> config = StackFiles.defaults(REGION);
    config.put(StackFiles.PROJECT + ":permissionsBoundaryArn", boundary);
    ProgramRun run = ProgramRun.of("boundary", config);
    PulumiTest.cleanup();
    assertThat(run.result.exceptions()).isEmpty();
    assertThat(run.all(Types.ROLE))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.input("permissionsBoundary")).isEqualTo(boundary));
    // The boundary adds nothing to the stack.
    assertThat(run.resources).hasSameSizeAs(run("defaults", Map.of()).resources);
  }

  @Test
  void badPermissionsBoundary_failsTheProgram_beforeAnyResource() {
    Map<String, String> pinned = StackFiles.defaults("eu-west-1");
    pinned.put("aws:allowedAccountIds", "[\"111111111111\"]");
    assertRefusedBeforeAnyResource(
        pinned,
        "permissionsBoundaryArn",
        "arn:aws:iam::222222222222:policy/user-management-function-boundary",
        "permissionsBoundaryArn = \"arn:aws:iam::222222222222:",
        "aws:allowedAccountIds allows (111111111111)");
  }

  @EveryStack
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
    StackSettings settings = StackFiles.settings(stack);
    String authorizerId =
        settings.apiAuth() == ApiAuth.JWT ? run.one(Types.AUTHORIZER).name() + "-id" : null;
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
                  .as("[%s] authorizationType of %s (setting apiAuth)", stack, r.input("routeKey"))
                  .isEqualTo(settings.apiAuth().authorizationType());
              assertThat(r.input("authorizerId")).isEqualTo(authorizerId);
            });
    assertThat(run.all(Types.AUTHORIZER))
        .as("[%s] authorizers (setting apiAuth)", stack)
        .hasSize(settings.apiAuth() == ApiAuth.JWT ? 1 : 0);
  }

  @EveryStack
  void stage_autoDeploys_throttles_andLogsJson(String stack) {
    ProgramRun run = Runs.of(stack);
    Recorded stage = run.one(Types.STAGE);
    StackSettings settings = StackFiles.settings(stack);
    assertThat(stage.input("name")).isEqualTo("$default");
    assertThat(stage.input("autoDeploy")).isEqualTo(true);
    Map<String, Object> throttling = map(stage.input("defaultRouteSettings"));
    assertThat(integer(throttling.get("throttlingBurstLimit")))
        .as("[%s] throttlingBurstLimit (setting throttleBurstLimit)", stack)
        .isEqualTo(settings.throttleBurstLimit());
    assertThat(((Number) throttling.get("throttlingRateLimit")).doubleValue())
        .as("[%s] throttlingRateLimit (setting throttleRateLimit)", stack)
        .isEqualTo(settings.throttleRateLimit());
    Map<String, Object> logs = map(stage.input("accessLogSettings"));
    Recorded accessLogs = logGroup(run, "http-access-logs");
    assertThat(logs.get("destinationArn")).isEqualTo(accessLogs.state().get("arn"));
    assertThat(integer(accessLogs.input("retentionInDays")))
        .as("[%s] access logs retentionInDays (setting logRetentionDays)", stack)
        .isEqualTo(settings.logRetentionDays());
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

  @EveryStack
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

  @EveryStack
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
    // Traffic shifting by CodeDeploy adds its two rollback alarms (SafeDeploymentTests).
    assertThat(alarms)
        .as("[%s] alarms (setting trafficShifting)", stack)
        .hasSize(StackFiles.settings(stack).trafficShifting().byCodeDeploy() ? 7 : 5);
    assertThat(run.all(Types.SUBSCRIPTION))
        .as("[%s] e-mail subscriptions (setting alarmEmail)", stack)
        .extracting(r -> r.input("endpoint"))
        .containsExactlyElementsOf(StackFiles.settings(stack).alarmEmail().stream().toList());
  }

  @EveryStack
  void outputs_arePresent_andComeFromTheResources(String stack) {
    ProgramRun run = Runs.of(stack);
    List<String> shifting =
        StackFiles.settings(stack).trafficShifting().byCodeDeploy()
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
    Map<String, String> config = StackFiles.defaults(REGION);
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
    Map<String, String> config = StackFiles.defaults(REGION);
    config.put(StackFiles.PROJECT + ":lambdaReservedConcurrency", "25");
    ProgramRun run = ProgramRun.of("reserved", config);
    PulumiTest.cleanup();
    assertThat(integer(run.one(Types.FUNCTION).input("reservedConcurrentExecutions")))
        .isEqualTo(25);
  }

  @Test
  void zeroReservedConcurrency_failsTheProgram_explainingTheUnreservedMinimum() {
    assertRefusedBeforeAnyResource(
        StackFiles.defaults(REGION),
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
            "toolchain-region",
            StackFiles.defaults("eu-west-1"),
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
            "toolchain-region",
            StackFiles.defaults("eu-west-1"),
            Map.of("TOOLCHAIN_AWS_REGION", "eu-west-1"));
    PulumiTest.cleanup();
    assertThat(run.result.exceptions()).isEmpty();
    assertThat(run.resources).isNotEmpty();
  }

  @Test
  void alarmEmail_subscribesTheAddressToTheTopic() {
    Map<String, String> config = StackFiles.defaults(REGION);
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
        StackFiles.defaults(REGION),
        "billingMode",
        "FREE",
        "billingMode = \"FREE\"",
        "PAY_PER_REQUEST, PROVISIONED");
  }

  /** Runs a stack with one setting changed: the program fails naming it, and creates nothing. */
  private static void assertRefusedBeforeAnyResource(
      Map<String, String> base, String key, String value, String... messageParts) {
    Map<String, String> config = new HashMap<>(base);
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
                    .stackName("stale")
                    .build())
            .mocks(new RecordingMocks(REGION))
            .config(StackFiles.defaults(REGION))
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
  void resourceCounts_onDemand_andProvisioned() {
    // Reported in the README; a change here is a change to what a deploy creates.
    // 5 component resources (UserService, UserTable, HandlerFunction, HttpApi, Monitoring) + AWS
    // ones; provisioned billing adds an auto-scaling target and policy for reads and for writes.
    ProgramRun onDemand = run("on-demand", Map.of("billingMode", "PAY_PER_REQUEST"));
    assertThat(awsResources(onDemand)).isEqualTo(BASE_AWS_RESOURCES);
    assertThat(onDemand.resources).hasSize(BASE_AWS_RESOURCES + 5);
    assertThat(awsResources(run("provisioned", Map.of("billingMode", "PROVISIONED"))))
        .isEqualTo(BASE_AWS_RESOURCES + 4);
    // Traffic shifting by CodeDeploy adds an application, a deployment group and two rollback
    // alarms (with the toolchain's CodeDeploy role given, as the pipeline's stacks have it).
    assertThat(
            awsResources(
                run(
                    "shifting",
                    Map.of(
                        "trafficShifting",
                        "Canary10Percent5Minutes",
                        "codeDeployRoleArn",
                        "arn:aws:iam::" + RecordingMocks.ACCOUNT + ":role/codedeploy"))))
        .isEqualTo(BASE_AWS_RESOURCES + 4);
    assertThat(Set.copyOf(HttpApi.routeKeys())).hasSize(HttpApi.routeKeys().size());
  }

  /** Every stack creates what its settings ask for, and nothing else. */
  @EveryStack
  void resourceCount_followsTheSettings(String stack) {
    StackSettings settings = StackFiles.settings(stack);
    long expected =
        BASE_AWS_RESOURCES
            + (settings.billingMode() == BillingMode.PROVISIONED ? 4 : 0)
            + (settings.apiAuth() == ApiAuth.JWT ? 1 : 0)
            + (settings.alarmEmail().isPresent() ? 1 : 0)
            + (settings.trafficShifting().byCodeDeploy()
                // an application, a deployment group, two rollback alarms, and without the
                // toolchain's role a role of its own, its policy and their attachment
                ? 4 + (settings.codeDeployRoleArn().isPresent() ? 0 : 3)
                : 0);
    assertThat(awsResources(Runs.of(stack)))
        .as("[%s] AWS resources (billingMode, apiAuth, alarmEmail, trafficShifting)", stack)
        .isEqualTo(expected);
  }

  private static long awsResources(ProgramRun run) {
    return run.resources.stream().filter(r -> r.type().startsWith("aws:")).count();
  }

  /** Runs the program with the project's defaults and some settings changed; it must succeed. */
  private static ProgramRun run(String name, Map<String, String> settings) {
    Map<String, String> config = StackFiles.defaults(REGION);
    settings.forEach((k, v) -> config.put(StackFiles.PROJECT + ":" + k, v));
    ProgramRun run = ProgramRun.of(name, config);
    PulumiTest.cleanup();
    assertThat(run.result.exceptions()).as(name).isEmpty();
    return run;
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
