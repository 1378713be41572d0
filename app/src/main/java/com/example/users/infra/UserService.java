package com.example.users.infra;

import com.example.users.infra.database.UserTable;
import com.example.users.infra.deployment.SafeDeployment;
import com.example.users.infra.function.HandlerFunction;
import com.example.users.infra.gateway.HttpApi;
import com.example.users.infra.monitoring.Monitoring;
import com.example.users.infra.settings.StackSettings;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The user service of one stack: the users table, the function that runs the handler, the HTTP API
 * in front of it and their monitoring, mirroring the architecture diagram.
 */
public final class UserService extends ComponentResource {

  /**
   * The component's Pulumi type token. It is the root of every resource's URN in a stack, so it
   * keeps the name the component had when stacks were first deployed ({@code Backend}): a new token
   * would make Pulumi replace every resource, the table and its users included.
   */
  public static final String TYPE = "users:index:Backend";

  private final UserTable table;
  private final HandlerFunction function;
  private final HttpApi api;
  private final Monitoring monitoring;
  private final Optional<SafeDeployment> deployment;

  /**
   * Creates every resource of the stack.
   *
   * @param name the component's name, also the prefix of its children's names
   * @param dashboardName the CloudWatch dashboard's name (dashboards are not auto-named)
   * @param settings the validated stack settings
   * @param jar the verified Lambda deployment jar
   */
  public UserService(String name, String dashboardName, StackSettings settings, Path jar) {
    super(TYPE, name, ComponentResourceOptions.Empty);
    ComponentResourceOptions child = ComponentResourceOptions.builder().parent(this).build();
    // Pulumi derives physical names from these, so every resource is named "<name>-...": the
    // toolchain's deploy role may manage only resources with that prefix. The suffixes are part
    // of the URNs of deployed stacks, so they keep their first names ("-users", "-api", ...).
    this.table = new UserTable(name + "-users", settings, child);
    this.function =
        new HandlerFunction(
            name + "-api", settings, jar, table.tableName(), table.table().arn(), child);
    this.api = new HttpApi(name + "-http", settings, function, child);
    this.monitoring =
        new Monitoring(
            name + "-monitoring", dashboardName, settings, api, function, table.tableName(), child);
    this.deployment =
        settings.trafficShifting().byCodeDeploy()
            ? Optional.of(
                new SafeDeployment(
                    name + "-deployment",
                    settings,
                    function.function().name(),
                    function.function().arn(),
                    HandlerFunction.ALIAS,
                    api.api().id(),
                    HttpApi.STAGE,
                    monitoring.topic().arn(),
                    child))
            : Optional.empty();
    registerOutputs(Map.of("apiEndpoint", apiEndpoint()));
  }

  /** The API's base URL (the {@code $default} stage's invoke URL). */
  public Output<String> apiEndpoint() {
    return api.stage().invokeUrl();
  }

  /** The users table's name. */
  public Output<String> tableName() {
    return table.tableName();
  }

  /** The function's name. */
  public Output<String> functionName() {
    return function.function().name();
  }

  /** The dashboard's console URL. */
  public Output<String> dashboardUrl() {
    return monitoring.dashboardUrl();
  }

  /** The version {@code pulumi up} published last: the one a release shifts the alias to. */
  public Output<String> functionVersion() {
    return function.function().version();
  }

  /** The traffic shifting resources, when CodeDeploy moves the alias. */
  public Optional<SafeDeployment> deployment() {
    return deployment;
  }

  /** The ARN of the SNS topic that alarms notify. */
  public Output<String> alarmTopicArn() {
    return monitoring.topic().arn();
  }
}
