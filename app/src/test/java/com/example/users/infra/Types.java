package com.example.users.infra;

/** Pulumi type tokens of the resources the program creates. */
final class Types {
  static final String TABLE = "aws:dynamodb/table:Table";
  static final String SCALING_TARGET = "aws:appautoscaling/target:Target";
  static final String SCALING_POLICY = "aws:appautoscaling/policy:Policy";
  static final String FUNCTION = "aws:lambda/function:Function";
  static final String ALIAS = "aws:lambda/alias:Alias";
  static final String PERMISSION = "aws:lambda/permission:Permission";
  static final String ROLE = "aws:iam/role:Role";
  static final String IAM_POLICY = "aws:iam/policy:Policy";
  static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
  static final String ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
  static final String LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
  static final String API = "aws:apigatewayv2/api:Api";
  static final String INTEGRATION = "aws:apigatewayv2/integration:Integration";
  static final String ROUTE = "aws:apigatewayv2/route:Route";
  static final String STAGE = "aws:apigatewayv2/stage:Stage";
  static final String AUTHORIZER = "aws:apigatewayv2/authorizer:Authorizer";
  static final String DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";
  static final String ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
  static final String TOPIC = "aws:sns/topic:Topic";
  static final String TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
  static final String SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";

  private Types() {}
}
