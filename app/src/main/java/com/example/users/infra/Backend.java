package com.example.users.infra;

import com.example.users.infra.api.ApiFunction;
import com.example.users.infra.api.HttpApi;
import com.example.users.infra.database.UserDatabase;
import com.example.users.infra.deployment.SafeDeployment;
import com.example.users.infra.monitoring.Monitoring;
import com.example.users.infra.settings.StackSettings;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The whole backend of one stack: the database, the API (function and HTTP API) and its monitoring,
 * mirroring the architecture diagram.
 */
public final class Backend extends ComponentResource {

  private final UserDatabase database;
  private final ApiFunction function;
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
  public Backend(String name, String dashboardName, StackSettings settings, Path jar) {
    super("users:index:Backend", name, ComponentResourceOptions.Empty);
    ComponentResourceOptions child = ComponentResourceOptions.builder().parent(this).build();
    // Pulumi derives physical names from these, so every resource is named "<name>-...": the
    // toolchain's deploy role may manage only resources with that prefix.
    this.database = new UserDatabase(name + "-users", settings, child);
    this.function =
        new ApiFunction(
            name + "-api", settings, jar, database.tableName(), database.table().arn(), child);
    this.api = new HttpApi(name + "-http", settings, function, child);
    this.monitoring =
        new Monitoring(
            name + "-monitoring",
            dashboardName,
            settings,
            api,
            function,
            database.tableName(),
            child);
    this.deployment =
        settings.trafficShifting().byCodeDeploy()
            ? Optional.of(
                new SafeDeployment(
                    name + "-deployment",
                    settings,
                    function.function().name(),
                    function.function().arn(),
                    ApiFunction.ALIAS,
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
    return database.tableName();
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
