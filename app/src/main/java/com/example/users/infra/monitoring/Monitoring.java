package com.example.users.infra.monitoring;

import com.example.users.infra.function.HandlerFunction;
import com.example.users.infra.gateway.HttpApi;
import com.example.users.infra.settings.StackSettings;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.pulumi.aws.cloudwatch.Dashboard;
import com.pulumi.aws.cloudwatch.DashboardArgs;
import com.pulumi.aws.cloudwatch.MetricAlarm;
import com.pulumi.aws.cloudwatch.MetricAlarmArgs;
import com.pulumi.aws.cloudwatch.inputs.MetricAlarmMetricQueryArgs;
import com.pulumi.aws.cloudwatch.inputs.MetricAlarmMetricQueryMetricArgs;
import com.pulumi.aws.sns.Topic;
import com.pulumi.aws.sns.TopicArgs;
import com.pulumi.aws.sns.TopicPolicy;
import com.pulumi.aws.sns.TopicPolicyArgs;
import com.pulumi.aws.sns.TopicSubscription;
import com.pulumi.aws.sns.TopicSubscriptionArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The dashboard, the alarms and the SNS topic they notify (on alarm and on recovery). */
public final class Monitoring extends ComponentResource {

  /** The component's Pulumi type token, part of every child's URN: never change it. */
  public static final String TYPE = "users:monitoring:Monitoring";

  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  private final Topic topic;
  private final Dashboard dashboard;
  private final Output<String> dashboardUrl;

  /** Creates the monitoring resources for the API, the function and the table. */
  public Monitoring(
      String name,
      String dashboardName,
      StackSettings settings,
      HttpApi api,
      HandlerFunction function,
      Output<String> tableName,
      ComponentResourceOptions options) {
    super(TYPE, name, options);
    CustomResourceOptions child = CustomResourceOptions.builder().parent(this).build();

    this.topic =
        new Topic(
            name + "-alarms",
            TopicArgs.builder().displayName("User management backend alarms").build(),
            child);
    new TopicPolicy(
        name + "-alarms-policy",
        TopicPolicyArgs.builder()
            .arn(topic.arn())
            .policy(topic.arn().applyValue(Monitoring::topicPolicy))
            .build(),
        child);
    settings
        .alarmEmail()
        .ifPresent(
            email ->
                new TopicSubscription(
                    name + "-alarms-email",
                    TopicSubscriptionArgs.builder()
                        .topic(topic.arn())
                        .protocol("email")
                        .endpoint(email)
                        .build(),
                    child));

    Output<String> functionName = function.function().name();
    Output<String> apiId = api.api().id();
    Output<Map<String, String>> apiDims =
        apiId.applyValue(id -> Map.of("ApiId", id, "Stage", HttpApi.STAGE));
    Output<Map<String, String>> fnDims = functionName.applyValue(f -> Map.of("FunctionName", f));

    this.dashboard =
        new Dashboard(
            name + "-dashboard",
            DashboardArgs.builder()
                .dashboardName(dashboardName)
                .dashboardBody(
                    Output.tuple(apiId, functionName, tableName)
                        .applyValue(
                            t ->
                                DashboardBody.json(
                                    new DashboardBody.Names(
                                        settings.region(), t.t1, HttpApi.STAGE, t.t2, t.t3))))
                .build(),
            child);
    this.dashboardUrl =
        dashboard
            .dashboardName()
            .applyValue(
                d ->
                    "https://"
                        + settings.region()
                        + ".console.aws.amazon.com/cloudwatch/home?region="
                        + settings.region()
                        + "#dashboards/dashboard/"
                        + d);

    alarm(
        name + "-api-5xx",
        "The API answered with 5xx errors.",
        simple("AWS/ApiGateway", "5xx", "Sum", apiDims),
        1.0);
    alarm(
        name + "-api-latency-p99",
        "The API's p99 latency is above " + settings.latencyAlarmP99Ms() + " ms.",
        MetricAlarmArgs.builder()
            .namespace("AWS/ApiGateway")
            .metricName("Latency")
            .extendedStatistic("p99")
            .dimensions(apiDims)
            .period(300)
            .evaluationPeriods(3)
            .datapointsToAlarm(2)
            .comparisonOperator("GreaterThanThreshold")
            .threshold((double) settings.latencyAlarmP99Ms()),
        null);
    alarm(
        name + "-function-errors",
        "The function failed (uncaught errors or timeouts).",
        simple("AWS/Lambda", "Errors", "Sum", fnDims),
        1.0);
    alarm(
        name + "-function-throttles",
        "The function was throttled: reserved concurrency is too low for the traffic.",
        simple("AWS/Lambda", "Throttles", "Sum", fnDims),
        1.0);
    alarm(
        name + "-table-throttles",
        "The table throttled reads or writes.",
        MetricAlarmArgs.builder()
            .metricQueries(
                query("reads", "ReadThrottleEvents", tableName),
                query("writes", "WriteThrottleEvents", tableName),
                MetricAlarmMetricQueryArgs.builder()
                    .id("throttles")
                    .expression("reads + writes")
                    .label("Throttled table requests")
                    .returnData(true)
                    .build())
            .evaluationPeriods(1)
            .comparisonOperator("GreaterThanOrEqualToThreshold")
            .threshold(1.0),
        null);
    registerOutputs(Map.of("alarmTopicArn", topic.arn(), "dashboardUrl", dashboardUrl));
  }

  private static MetricAlarmArgs.Builder simple(
      String namespace, String metric, String stat, Output<Map<String, String>> dims) {
    return MetricAlarmArgs.builder()
        .namespace(namespace)
        .metricName(metric)
        .statistic(stat)
        .dimensions(dims)
        .period(300)
        .evaluationPeriods(1)
        .comparisonOperator("GreaterThanOrEqualToThreshold");
  }

  private static MetricAlarmMetricQueryArgs query(
      String id, String metric, Output<String> tableName) {
    return MetricAlarmMetricQueryArgs.builder()
        .id(id)
        .returnData(false)
        .metric(
            MetricAlarmMetricQueryMetricArgs.builder()
                .namespace("AWS/DynamoDB")
                .metricName(metric)
                .dimensions(tableName.applyValue(t -> Map.of("TableName", t)))
                .stat("Sum")
                .period(300)
                .build())
        .build();
  }

  private void alarm(
      String name, String description, MetricAlarmArgs.Builder args, Double threshold) {
    if (threshold != null) {
      args.threshold(threshold);
    }
    new MetricAlarm(
        name,
        args.alarmDescription(description)
            .treatMissingData("notBreaching")
            .alarmActions(topic.arn().applyValue(List::of))
            .okActions(topic.arn().applyValue(List::of))
            .build(),
        CustomResourceOptions.builder().parent(this).build());
  }

  /**
   * The topic's policy: the account manages it, CloudWatch alarms of this account may publish, and
   * nothing may publish over plain HTTP.
   */
  static String topicPolicy(String topicArn) {
    String account = topicArn.split(":")[4];
    Map<String, Object> owner = new LinkedHashMap<>();
    owner.put("Sid", "AccountManagesTopic");
    owner.put("Effect", "Allow");
    owner.put("Principal", Map.of("AWS", "arn:aws:iam::" + account + ":root"));
    owner.put(
        "Action",
        List.of(
            "sns:GetTopicAttributes",
            "sns:SetTopicAttributes",
            "sns:Subscribe",
            "sns:ListSubscriptionsByTopic",
            "sns:Publish"));
    owner.put("Resource", topicArn);
    Map<String, Object> alarms = new LinkedHashMap<>();
    alarms.put("Sid", "CloudWatchAlarmsPublish");
    alarms.put("Effect", "Allow");
    alarms.put("Principal", Map.of("Service", "cloudwatch.amazonaws.com"));
    alarms.put("Action", "sns:Publish");
    alarms.put("Resource", topicArn);
    alarms.put("Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", account)));
    Map<String, Object> tls = new LinkedHashMap<>();
    tls.put("Sid", "DenyInsecureTransport");
    tls.put("Effect", "Deny");
    tls.put("Principal", "*");
    tls.put("Action", "sns:Publish");
    tls.put("Resource", topicArn);
    tls.put("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")));
    // Ordered maps only: a JSON text that changed between runs would be a perpetual diff.
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("Version", "2012-10-17");
    document.put("Statement", List.of(owner, alarms, tls));
    return GSON.toJson(document);
  }

  /** The topic alarms notify. */
  public Topic topic() {
    return topic;
  }

  /** The dashboard. */
  public Dashboard dashboard() {
    return dashboard;
  }

  /** The console URL of the dashboard. */
  public Output<String> dashboardUrl() {
    return dashboardUrl;
  }
}
