package com.example.users.infra.monitoring;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * The CloudWatch dashboard's body: the original sample's two widgets (API requests, table read
 * capacity) and the signals an operator needs next to them.
 */
public final class DashboardBody {

  private static final int WIDTH = 8;
  private static final int HEIGHT = 6;

  private DashboardBody() {}

  /** The names of the resources the widgets chart. */
  public record Names(
      String region, String apiId, String stage, String functionName, String tableName) {}

  /** Builds the body JSON. */
  public static String json(Names n) {
    JsonArray widgets = new JsonArray();
    List<JsonObject> all =
        List.of(
            singleValue(
                "API requests",
                n,
                metric("AWS/ApiGateway", "Count", "Sum", "ApiId", n.apiId(), "Stage", n.stage())),
            singleValue(
                "Table consumed read capacity",
                n,
                metric(
                    "AWS/DynamoDB",
                    "ConsumedReadCapacityUnits",
                    "Sum",
                    "TableName",
                    n.tableName())),
            graph(
                "API errors",
                n,
                metric("AWS/ApiGateway", "4xx", "Sum", "ApiId", n.apiId(), "Stage", n.stage()),
                metric("AWS/ApiGateway", "5xx", "Sum", "ApiId", n.apiId(), "Stage", n.stage())),
            graph(
                "API latency p99 (ms)",
                n,
                metric("AWS/ApiGateway", "Latency", "p99", "ApiId", n.apiId(), "Stage", n.stage()),
                metric(
                    "AWS/ApiGateway",
                    "IntegrationLatency",
                    "p99",
                    "ApiId",
                    n.apiId(),
                    "Stage",
                    n.stage())),
            graph(
                "Function errors and throttles",
                n,
                metric("AWS/Lambda", "Errors", "Sum", "FunctionName", n.functionName()),
                metric("AWS/Lambda", "Throttles", "Sum", "FunctionName", n.functionName())),
            graph(
                "Function duration (ms)",
                n,
                metric("AWS/Lambda", "Duration", "p99", "FunctionName", n.functionName()),
                metric("AWS/Lambda", "Duration", "p50", "FunctionName", n.functionName())),
            graph(
                "Function concurrency",
                n,
                metric(
                    "AWS/Lambda",
                    "ConcurrentExecutions",
                    "Maximum",
                    "FunctionName",
                    n.functionName())),
            graph(
                "Table throttled requests",
                n,
                metric("AWS/DynamoDB", "ReadThrottleEvents", "Sum", "TableName", n.tableName()),
                metric("AWS/DynamoDB", "WriteThrottleEvents", "Sum", "TableName", n.tableName())),
            graph(
                "Table consumed write capacity",
                n,
                metric(
                    "AWS/DynamoDB",
                    "ConsumedWriteCapacityUnits",
                    "Sum",
                    "TableName",
                    n.tableName())));
    for (int i = 0; i < all.size(); i++) {
      JsonObject widget = all.get(i);
      widget.addProperty("x", (i % 3) * WIDTH);
      widget.addProperty("y", (i / 3) * HEIGHT);
      widget.addProperty("width", WIDTH);
      widget.addProperty("height", HEIGHT);
      widgets.add(widget);
    }
    JsonObject body = new JsonObject();
    body.add("widgets", widgets);
    return new GsonBuilder().disableHtmlEscaping().create().toJson(body);
  }

  private static JsonObject singleValue(String title, Names n, JsonArray metric) {
    JsonObject widget = widget(title, n, "singleValue", metric);
    widget.getAsJsonObject("properties").addProperty("setPeriodToTimeRange", true);
    return widget;
  }

  private static JsonObject graph(String title, Names n, JsonArray... metrics) {
    return widget(title, n, "timeSeries", metrics);
  }

  private static JsonObject widget(String title, Names n, String view, JsonArray... metrics) {
    JsonArray list = new JsonArray();
    for (JsonArray m : metrics) {
      list.add(m);
    }
    JsonObject properties = new JsonObject();
    properties.addProperty("title", title);
    properties.addProperty("region", n.region());
    properties.addProperty("view", view);
    properties.addProperty("period", 300);
    properties.add("metrics", list);
    JsonObject widget = new JsonObject();
    widget.addProperty("type", "metric");
    widget.add("properties", properties);
    return widget;
  }

  /** A metric line: namespace, name, dimension pairs, then the rendering options. */
  private static JsonArray metric(String namespace, String name, String stat, String... dims) {
    JsonArray m = new JsonArray();
    m.add(namespace);
    m.add(name);
    for (String d : dims) {
      m.add(d);
    }
    JsonObject options = new JsonObject();
    options.addProperty("stat", stat);
    options.addProperty("label", name + " (" + stat + ")");
    m.add(options);
    return m;
  }
}
