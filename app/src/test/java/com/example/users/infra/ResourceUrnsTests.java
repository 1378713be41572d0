package com.example.users.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.infra.database.UserTable;
import com.example.users.infra.function.HandlerFunction;
import com.example.users.infra.gateway.HttpApi;
import com.example.users.infra.monitoring.Monitoring;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The URNs of deployed stacks. Pulumi identifies a resource by its URN, built from the type tokens
 * of the resource and its parents and its logical name: renaming a component's type token or a
 * resource's name makes the next {@code pulumi up} delete the resource and create a new one, the
 * table and its users included. A class may be renamed freely; its type token and the names it
 * gives its resources may not (or only with a Pulumi alias to the old URN).
 */
class ResourceUrnsTests {

  /** The parent chain of every resource of a stack. */
  private static final String ROOT = "pulumi:pulumi:Stack$users:index:Backend";

  /** The URNs a stack has had since its first deploy: {@code type chain::name suffix}. */
  private static final List<String> DEPLOYED =
      List.of(
          "::",
          "$users:database:UserDatabase::-users",
          "$users:database:UserDatabase$aws:dynamodb/table:Table::-users-table",
          "$users:api:ApiFunction::-api",
          "$users:api:ApiFunction$aws:cloudwatch/logGroup:LogGroup::-api-logs",
          "$users:api:ApiFunction$aws:iam/role:Role::-api-role",
          "$users:api:ApiFunction$aws:iam/policy:Policy::-api-policy",
          "$users:api:ApiFunction$aws:iam/rolePolicyAttachment:RolePolicyAttachment"
              + "::-api-policy-attachment",
          "$users:api:ApiFunction$aws:lambda/function:Function::-api",
          "$users:api:ApiFunction$aws:lambda/alias:Alias::-api-alias",
          "$users:api:HttpApi::-http",
          "$users:api:HttpApi$aws:apigatewayv2/api:Api::-http",
          "$users:api:HttpApi$aws:apigatewayv2/integration:Integration::-http-lambda",
          "$users:api:HttpApi$aws:apigatewayv2/route:Route::-http-get-users-username",
          "$users:api:HttpApi$aws:apigatewayv2/route:Route::-http-post-users",
          "$users:api:HttpApi$aws:cloudwatch/logGroup:LogGroup::-http-access-logs",
          "$users:api:HttpApi$aws:apigatewayv2/stage:Stage::-http-stage",
          "$users:api:HttpApi$aws:lambda/permission:Permission::-http-invoke",
          "$users:monitoring:Monitoring::-monitoring",
          "$users:monitoring:Monitoring$aws:sns/topic:Topic::-monitoring-alarms",
          "$users:monitoring:Monitoring$aws:sns/topicPolicy:TopicPolicy::-monitoring-alarms-policy",
          "$users:monitoring:Monitoring$aws:cloudwatch/dashboard:Dashboard"
              + "::-monitoring-dashboard",
          "$users:monitoring:Monitoring$aws:cloudwatch/metricAlarm:MetricAlarm"
              + "::-monitoring-api-5xx");

  @Test
  void componentTypeTokens_areTheOnesStacksWereDeployedWith() {
    assertThat(UserService.TYPE).isEqualTo("users:index:Backend");
    assertThat(UserTable.TYPE).isEqualTo("users:database:UserDatabase");
    assertThat(HandlerFunction.TYPE).isEqualTo("users:api:ApiFunction");
    assertThat(HttpApi.TYPE).isEqualTo("users:api:HttpApi");
    assertThat(Monitoring.TYPE).isEqualTo("users:monitoring:Monitoring");
  }

  @EveryStack
  void urns_ofDeployedResources_neverChange(String stack) {
    ProgramRun run = Runs.of(stack);
    String name = run.namePrefix().substring(0, run.namePrefix().length() - 1);
    String prefix = "urn:pulumi:" + stack + "::" + StackFiles.PROJECT + "::";
    List<String> expected =
        DEPLOYED.stream()
            .map(
                u -> {
                  int sep = u.indexOf("::");
                  return prefix + ROOT + u.substring(0, sep) + "::" + name + u.substring(sep + 2);
                })
            .toList();
    assertThat(run.urns)
        .as(
            "[%s] URNs of deployed resources: a changed one replaces the resource; keep the"
                + " component's TYPE and the resource's name, or add a Pulumi alias",
            stack)
        .containsAll(expected);
    // Everything else (routes of new paths, settings-dependent resources) hangs under the same
    // root, so it is named and protected like the rest.
    assertThat(run.urns)
        .filteredOn(u -> !u.equals(prefix + "pulumi:pulumi:Stack::" + name))
        .allSatisfy(u -> assertThat(u).startsWith(prefix + ROOT));
  }
}
