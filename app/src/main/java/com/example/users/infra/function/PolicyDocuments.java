package com.example.users.infra.function;

import com.example.users.storage.UserTable;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** IAM policy documents for the function, as JSON. */
final class PolicyDocuments {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  /** X-Ray's write actions do not support resource-level permissions: they need {@code "*"}. */
  static final List<String> XRAY_ACTIONS =
      List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords");

  static final List<String> LOG_ACTIONS = List.of("logs:CreateLogStream", "logs:PutLogEvents");

  private PolicyDocuments() {}

  static String lambdaAssumeRole() {
    // Ordered maps only: a JSON text that changed between runs would be a perpetual diff.
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("Effect", "Allow");
    statement.put("Principal", Map.of("Service", "lambda.amazonaws.com"));
    statement.put("Action", "sts:AssumeRole");
    return GSON.toJson(document(List.of(statement)));
  }

  /**
   * Exactly what the handler does: {@link UserTable#ACTIONS_USED} on this table, writing to its own
   * log group, and sending traces.
   */
  static String functionPermissions(String tableArn, String logGroupArn) {
    return GSON.toJson(
        document(
            List.of(
                statement("UsersTable", UserTable.ACTIONS_USED, List.of(tableArn)),
                statement("OwnLogGroup", LOG_ACTIONS, List.of(logGroupArn, logGroupArn + ":*")),
                statement("XRayTraces", XRAY_ACTIONS, List.of("*")))));
  }

  private static Map<String, Object> statement(
      String sid, List<String> actions, List<String> resources) {
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("Sid", sid);
    statement.put("Effect", "Allow");
    statement.put("Action", actions);
    statement.put("Resource", resources);
    return statement;
  }

  private static Map<String, Object> document(List<Map<String, Object>> statements) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("Version", "2012-10-17");
    document.put("Statement", statements);
    return document;
  }
}
