package com.example.users.toolchain;

import com.google.gson.GsonBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The IAM policy documents of the toolchain, as pure functions of their inputs so that tests can
 * read every statement without AWS.
 *
 * <p>Least privilege, within what {@code pulumi preview/up} of the backend stack needs:
 *
 * <ul>
 *   <li>Trust: only GitHub's OIDC provider, audience {@code sts.amazonaws.com}, and exact subjects
 *       ({@code StringEquals}, no wildcards) per role: one kind of job, in each subject format
 *       GitHub may use for the repository (legacy names, or names with immutable ids).
 *   <li>Preview: explicit read-only actions on resource metadata. No data-plane reads (no {@code
 *       dynamodb:GetItem/Query/Scan}, no {@code logs:GetLogEvents}), no action wildcards.
 *   <li>Deploy: service-level wildcards only on resources named with the backend's prefix ({@link
 *       #DEPLOY_SERVICE_WILDCARDS}); {@code Resource: "*"} only for explicit actions that AWS does
 *       not scope by resource (listed in {@link #DEPLOY_UNSCOPED_ACTIONS}); {@code iam:PassRole}
 *       only to Lambda.
 *   <li>No privilege escalation through the roles the deploy role creates: every role-writing
 *       action ({@link #DEPLOY_BOUNDED_ROLE_ACTIONS}, {@code iam:AttachRolePolicy}) requires the
 *       role's permissions boundary to be the {@linkplain #functionBoundaryPolicy function
 *       boundary}, which allows no more than the backend's function needs; the deploy role is
 *       explicitly denied removing a boundary and changing the boundary policy. This is AWS's
 *       documented pattern for delegating role creation ("Permissions boundaries for IAM entities",
 *       IAM User Guide).
 * </ul>
 */
public final class Policies {

  /** GitHub's OIDC issuer, as IAM names it in condition keys. */
  public static final String GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

  /** The audience {@code aws-actions/configure-aws-credentials} requests. */
  public static final String STS_AUDIENCE = "sts.amazonaws.com";

  /**
   * The only action wildcards the deploy role holds, each on resources named with the backend's
   * prefix: the backend owns these resources whole (create, configure, tag, delete).
   */
  public static final List<String> DEPLOY_SERVICE_WILDCARDS =
      List.of("dynamodb:*", "lambda:*", "sns:*");

  /**
   * What the deploy role may do to log groups whose names start with the prefix: exactly the calls
   * the provider makes for {@code aws:cloudwatch/logGroup:LogGroup} (create, retention, KMS key,
   * tags, delete) and nothing on their log events.
   */
  public static final List<String> DEPLOY_LOG_GROUP_ACTIONS =
      List.of(
          "logs:CreateLogGroup",
          "logs:DeleteLogGroup",
          "logs:PutRetentionPolicy",
          "logs:DeleteRetentionPolicy",
          "logs:AssociateKmsKey",
          "logs:DisassociateKmsKey",
          "logs:TagResource",
          "logs:UntagResource",
          "logs:TagLogGroup",
          "logs:UntagLogGroup");

  /**
   * The alarm actions Application Auto Scaling needs from the caller of {@code PutScalingPolicy}
   * and {@code DeleteScalingPolicy} for a target-tracking policy: it creates and deletes the
   * policy's alarms ({@code TargetTracking-table/TABLE-AlarmHigh-...}) on the caller's behalf.
   */
  public static final List<String> DEPLOY_TARGET_TRACKING_ALARM_ACTIONS =
      List.of("cloudwatch:PutMetricAlarm", "cloudwatch:DescribeAlarms", "cloudwatch:DeleteAlarms");

  /**
   * Read-only actions on resource metadata, granted on {@code "*"} (several of them support no
   * resource-level scoping): what {@code pulumi preview} and {@code pulumi refresh} read.
   */
  public static final List<String> READ_METADATA_ACTIONS =
      List.of(
          "dynamodb:DescribeTable",
          "dynamodb:DescribeContinuousBackups",
          "dynamodb:DescribeTimeToLive",
          "dynamodb:DescribeContributorInsights",
          "dynamodb:DescribeKinesisStreamingDestination",
          "dynamodb:ListTagsOfResource",
          "dynamodb:ListTables",
          "lambda:GetFunction",
          "lambda:GetFunctionConfiguration",
          "lambda:GetFunctionCodeSigningConfig",
          "lambda:GetFunctionConcurrency",
          "lambda:GetFunctionEventInvokeConfig",
          "lambda:GetFunctionRecursionConfig",
          "lambda:GetFunctionUrlConfig",
          "lambda:GetRuntimeManagementConfig",
          "lambda:GetProvisionedConcurrencyConfig",
          "lambda:GetPolicy",
          "lambda:GetAlias",
          "lambda:ListAliases",
          "lambda:ListVersionsByFunction",
          "lambda:ListTags",
          "lambda:ListFunctions",
          "apigateway:GET",
          "iam:GetRole",
          "iam:GetRolePolicy",
          "iam:ListRolePolicies",
          "iam:ListAttachedRolePolicies",
          "iam:ListRoleTags",
          "iam:GetPolicy",
          "iam:GetPolicyVersion",
          "iam:ListPolicyVersions",
          "iam:GetOpenIDConnectProvider",
          "logs:DescribeLogGroups",
          "logs:DescribeMetricFilters",
          "logs:DescribeSubscriptionFilters",
          "logs:DescribeResourcePolicies",
          "logs:GetLogDelivery",
          "logs:ListLogDeliveries",
          "logs:ListTagsForResource",
          "logs:ListTagsLogGroup",
          "cloudwatch:GetDashboard",
          "cloudwatch:ListDashboards",
          "cloudwatch:DescribeAlarms",
          "cloudwatch:ListTagsForResource",
          "sns:GetTopicAttributes",
          "sns:GetSubscriptionAttributes",
          "sns:GetDataProtectionPolicy",
          "sns:ListSubscriptionsByTopic",
          "sns:ListTagsForResource",
          "application-autoscaling:DescribeScalableTargets",
          "application-autoscaling:DescribeScalingPolicies",
          "application-autoscaling:DescribeScheduledActions",
          "application-autoscaling:ListTagsForResource",
          "kms:DescribeKey",
          "kms:GetKeyPolicy",
          "kms:GetKeyRotationStatus",
          "kms:ListResourceTags",
          "kms:ListAliases",
          "codedeploy:GetApplication",
          "codedeploy:GetDeploymentGroup",
          "codedeploy:ListTagsForResource");

  /**
   * Write actions the deploy role holds on {@code "*"} because AWS offers no resource-level scoping
   * for them: API Gateway access-log delivery to CloudWatch Logs, and DynamoDB table auto scaling.
   */
  public static final List<String> DEPLOY_UNSCOPED_ACTIONS =
      List.of(
          "logs:CreateLogDelivery",
          "logs:UpdateLogDelivery",
          "logs:DeleteLogDelivery",
          "logs:PutResourcePolicy",
          "logs:DeleteResourcePolicy",
          "application-autoscaling:RegisterScalableTarget",
          "application-autoscaling:DeregisterScalableTarget",
          "application-autoscaling:PutScalingPolicy",
          "application-autoscaling:DeleteScalingPolicy",
          "application-autoscaling:TagResource",
          "application-autoscaling:UntagResource");

  /**
   * The DynamoDB actions the backend's function performs on its table: the handler's {@code
   * UserTable.ACTIONS_USED}, which the function's own policy grants (a test compares the two).
   */
  public static final List<String> FUNCTION_TABLE_ACTIONS =
      List.of(
          "dynamodb:GetItem",
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
          "dynamodb:DeleteItem",
          "dynamodb:Scan");

  /** What the function writes to its own log group. */
  public static final List<String> FUNCTION_LOG_ACTIONS =
      List.of("logs:CreateLogStream", "logs:PutLogEvents");

  /** X-Ray's write actions; they support no resource-level permissions, so {@code "*"}. */
  public static final List<String> FUNCTION_XRAY_ACTIONS =
      List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords");

  /**
   * Role-writing actions the deploy role may perform only on roles whose permissions boundary is
   * the function boundary ({@code StringEquals iam:PermissionsBoundary}). Each supports that
   * condition key (Service Authorization Reference, IAM): for {@code CreateRole} and {@code
   * PutRolePermissionsBoundary} it is the boundary in the request, for the others the role's
   * current boundary. {@code iam:AttachRolePolicy} has its own statement, which also limits the
   * policies attached.
   */
  public static final List<String> DEPLOY_BOUNDED_ROLE_ACTIONS =
      List.of(
          "iam:CreateRole",
          "iam:PutRolePermissionsBoundary",
          "iam:PutRolePolicy",
          "iam:DeleteRolePolicy",
          "iam:DetachRolePolicy",
          "iam:UpdateAssumeRolePolicy",
          "iam:UpdateRole",
          "iam:UpdateRoleDescription",
          "iam:DeleteRole");

  /**
   * Actions on the backend's roles that IAM cannot condition on the boundary and that grant no
   * permission: tagging, and listing instance profiles (which Pulumi does before deleting a role).
   */
  public static final List<String> DEPLOY_UNBOUNDED_ROLE_ACTIONS =
      List.of("iam:TagRole", "iam:UntagRole", "iam:ListInstanceProfilesForRole");

  /** Every write action on a managed policy, all denied to the deploy role on the boundary. */
  public static final List<String> POLICY_WRITE_ACTIONS =
      List.of(
          "iam:CreatePolicy",
          "iam:CreatePolicyVersion",
          "iam:SetDefaultPolicyVersion",
          "iam:DeletePolicyVersion",
          "iam:DeletePolicy",
          "iam:TagPolicy",
          "iam:UntagPolicy");

  /** The service API Gateway's service-linked role is for. */
  public static final String APIGATEWAY_SLR_SERVICE = "ops.apigateway.amazonaws.com";

  /** The service principal of AWS CodeDeploy. */
  public static final String CODEDEPLOY_SERVICE = "codedeploy.amazonaws.com";

  /** What CodeDeploy does to a function's alias while it shifts traffic. */
  public static final List<String> CODEDEPLOY_LAMBDA_ACTIONS =
      List.of("lambda:GetAlias", "lambda:UpdateAlias", "lambda:GetProvisionedConcurrencyConfig");

  /**
   * What the deploy role does to the backend's CodeDeploy application and deployment group: manage
   * them (the provider's calls) and run deployments in them (the deploy job's calls).
   */
  public static final List<String> DEPLOY_CODEDEPLOY_ACTIONS =
      List.of(
          "codedeploy:CreateApplication",
          "codedeploy:GetApplication",
          "codedeploy:UpdateApplication",
          "codedeploy:DeleteApplication",
          "codedeploy:CreateDeploymentGroup",
          "codedeploy:GetDeploymentGroup",
          "codedeploy:UpdateDeploymentGroup",
          "codedeploy:DeleteDeploymentGroup",
          "codedeploy:TagResource",
          "codedeploy:UntagResource",
          "codedeploy:ListTagsForResource",
          "codedeploy:CreateDeployment",
          "codedeploy:GetDeployment",
          "codedeploy:StopDeployment",
          "codedeploy:RegisterApplicationRevision",
          "codedeploy:GetApplicationRevision");

  private static final String VERSION = "2012-10-17";

  private Policies() {}

  /** The AWS account and region the roles act in. */
  public record Account(String partition, String accountId, String region) {
    String arn(String service, String regionPart, String resource) {
      return "arn:"
          + partition
          + ":"
          + service
          + ":"
          + regionPart
          + ":"
          + accountId
          + ":"
          + resource;
    }
  }

  /** The self-managed state backend's bucket and KMS key, when the toolchain creates them. */
  public record StateAccess(String bucketArn, String keyArn) {}

  /**
   * The name of the function boundary policy: it starts with the prefix, like every backend
   * resource, and the deploy role is explicitly denied writing it.
   */
  public static String boundaryPolicyName(String prefix) {
    return prefix + "-function-boundary";
  }

  /** The ARN IAM gives the function boundary policy (default path {@code /}). */
  public static String boundaryPolicyArn(Account account, String prefix) {
    return account.arn("iam", "", "policy/" + boundaryPolicyName(prefix));
  }

  /**
   * The permissions boundary of every role the backend creates: at most what its function needs. A
   * role's effective permissions are the intersection of its policies and this boundary, so a role
   * the deploy role creates can never do more, whatever policy is attached to it.
   *
   * <ul>
   *   <li>{@link #FUNCTION_TABLE_ACTIONS} on the backend's tables ({@code table/PREFIX*});
   *   <li>{@link #FUNCTION_LOG_ACTIONS} on the backend's log groups ({@code log-group:PREFIX*});
   *   <li>{@link #FUNCTION_XRAY_ACTIONS}, which take no resource.
   * </ul>
   *
   * No IAM, STS, Lambda or data action on anything else: a role within this boundary cannot create
   * or assume other roles.
   */
  public static Map<String, Object> functionBoundaryPolicy(Account account, String prefix) {
    String region = account.region();
    return document(
        List.of(
            statement(
                "BackendTablesItems",
                FUNCTION_TABLE_ACTIONS,
                List.of(account.arn("dynamodb", region, "table/" + prefix + "*")),
                null,
                null),
            statement(
                "BackendLogGroupsWrite",
                FUNCTION_LOG_ACTIONS,
                List.of(
                    account.arn("logs", region, "log-group:" + prefix + "*"),
                    account.arn("logs", region, "log-group:" + prefix + "*:*")),
                null,
                null),
            statement("XRayTraces", FUNCTION_XRAY_ACTIONS, List.of("*"), null, null)));
  }

  /**
   * The trust policy of a role that exactly one kind of GitHub Actions job may assume.
   *
   * @param oidcProviderArn the account's {@code token.actions.githubusercontent.com} provider
   * @param subjects the exact OIDC {@code sub} values, e.g. {@code repo:OWNER/REPO:pull_request}
   *     and {@code repo:OWNER@1/REPO@2:pull_request}: IAM allows a token whose {@code sub} equals
   *     any of them
   */
  public static Map<String, Object> trustPolicy(String oidcProviderArn, List<String> subjects) {
    return document(
        statement(
            "GitHubActionsOidc",
            List.of("sts:AssumeRoleWithWebIdentity"),
            null,
            Map.of("Federated", oidcProviderArn),
            Map.of(
                "StringEquals",
                ordered(
                    GITHUB_OIDC_HOST + ":aud",
                    STS_AUDIENCE,
                    GITHUB_OIDC_HOST + ":sub",
                    List.copyOf(subjects)))));
  }

  /**
   * The trust policy of the CodeDeploy service role: CodeDeploy, acting for this account only
   * ({@code aws:SourceAccount}, against the confused deputy).
   */
  public static Map<String, Object> codeDeployTrustPolicy(Account account) {
    return document(
        statement(
            "CodeDeployForThisAccount",
            List.of("sts:AssumeRole"),
            null,
            Map.of("Service", CODEDEPLOY_SERVICE),
            Map.of("StringEquals", Map.of("aws:SourceAccount", account.accountId()))));
  }

  /**
   * The CodeDeploy service role's policy: what a Lambda traffic shift does (AWS's {@code
   * AWSCodeDeployRoleForLambdaLimited} without S3 revisions, hook invocations or SNS, none of which
   * this pipeline uses), on the backend's functions and alarms only.
   */
  public static Map<String, Object> codeDeployPolicy(Account account, String prefix) {
    String region = account.region();
    return document(
        List.of(
            statement(
                "ShiftTheBackendsAliases",
                CODEDEPLOY_LAMBDA_ACTIONS,
                List.of(
                    account.arn("lambda", region, "function:" + prefix + "*"),
                    account.arn("lambda", region, "function:" + prefix + "*:*")),
                null,
                null),
            statement(
                "ReadTheRollbackAlarms",
                List.of("cloudwatch:DescribeAlarms"),
                List.of(account.arn("cloudwatch", region, "alarm:" + prefix + "*")),
                null,
                null)));
  }

  /**
   * The preview role's inline policy: read-only. With the self-managed state backend it reads the
   * state and uses the key, and writes nothing: the backend takes a lock for update, refresh,
   * destroy and import, never for a preview ({@code pkg/backend/diy/backend.go} in pulumi/pulumi),
   * and a preview with {@code --refresh} is a preview.
   */
  public static Map<String, Object> previewPolicy(Optional<StateAccess> state) {
    List<Map<String, Object>> statements = new ArrayList<>();
    statements.add(
        statement("ReadBackendResourceMetadata", READ_METADATA_ACTIONS, List.of("*"), null, null));
    state.ifPresent(
        s -> {
          statements.add(
              statement(
                  "ReadPulumiState",
                  List.of("s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation"),
                  List.of(s.bucketArn(), s.bucketArn() + "/*"),
                  null,
                  null));
          statements.add(
              statement(
                  "UsePulumiStateKey",
                  List.of("kms:Decrypt", "kms:DescribeKey"),
                  List.of(s.keyArn()),
                  null,
                  null));
        });
    return document(statements);
  }

  /**
   * The deploy role's inline policy: manage the backend's resources (those named with {@code
   * prefix}) and read everything {@code pulumi refresh} reads. Roles it may create and change only
   * within the permissions boundary {@code boundaryArn}, which it may neither change nor remove.
   *
   * @param boundaryArn the ARN of the {@linkplain #functionBoundaryPolicy function boundary}
   * @param codeDeployRoleArn the CodeDeploy service role the toolchain creates, which the deploy
   *     role may pass to CodeDeploy only
   */
  public static Map<String, Object> deployPolicy(
      Account account,
      String prefix,
      String boundaryArn,
      String codeDeployRoleArn,
      Optional<StateAccess> state) {
    String region = account.region();
    List<Map<String, Object>> statements = new ArrayList<>();
    statements.add(
        statement("ReadBackendResourceMetadata", READ_METADATA_ACTIONS, List.of("*"), null, null));
    statements.add(
        statement(
            "ManageTables",
            List.of("dynamodb:*"),
            List.of(
                account.arn("dynamodb", region, "table/" + prefix + "*"),
                account.arn("dynamodb", region, "table/" + prefix + "*/*")),
            null,
            null));
    statements.add(
        statement(
            "ManageFunctions",
            List.of("lambda:*"),
            List.of(
                account.arn("lambda", region, "function:" + prefix + "*"),
                account.arn("lambda", region, "function:" + prefix + "*:*")),
            null,
            null));
    statements.add(
        statement(
            "ManageHttpApis",
            List.of(
                "apigateway:GET",
                "apigateway:POST",
                "apigateway:PUT",
                "apigateway:PATCH",
                "apigateway:DELETE"),
            List.of(
                "arn:" + account.partition() + ":apigateway:" + region + "::/apis",
                "arn:" + account.partition() + ":apigateway:" + region + "::/apis/*",
                "arn:" + account.partition() + ":apigateway:" + region + "::/tags/*"),
            null,
            null));
    String roles = account.arn("iam", "", "role/" + prefix + "*");
    Map<String, Object> withinBoundary =
        Map.of("StringEquals", Map.of("iam:PermissionsBoundary", boundaryArn));
    statements.add(
        statement(
            "ManageFunctionRolesWithinTheBoundary",
            DEPLOY_BOUNDED_ROLE_ACTIONS,
            List.of(roles),
            null,
            withinBoundary));
    statements.add(
        statement(
            "AttachOnlyBackendPoliciesWithinTheBoundary",
            List.of("iam:AttachRolePolicy"),
            List.of(roles),
            null,
            ordered(
                "StringEquals",
                Map.of("iam:PermissionsBoundary", boundaryArn),
                "ArnLike",
                Map.of("iam:PolicyARN", account.arn("iam", "", "policy/" + prefix + "*")))));
    statements.add(
        statement(
            "TagAndInspectFunctionRoles",
            DEPLOY_UNBOUNDED_ROLE_ACTIONS,
            List.of(roles),
            null,
            null));
    statements.add(
        statement(
            "ManageFunctionPolicies",
            // The provider updates a policy with CreatePolicyVersion then SetDefaultPolicyVersion,
            // and deletes old versions (IAM keeps at most five).
            List.of(
                "iam:CreatePolicy",
                "iam:DeletePolicy",
                "iam:CreatePolicyVersion",
                "iam:SetDefaultPolicyVersion",
                "iam:DeletePolicyVersion",
                "iam:TagPolicy",
                "iam:UntagPolicy"),
            List.of(account.arn("iam", "", "policy/" + prefix + "*")),
            null,
            null));
    statements.add(
        statement(
            "PassFunctionRolesToLambdaOnly",
            List.of("iam:PassRole"),
            List.of(roles),
            null,
            Map.of("StringEquals", Map.of("iam:PassedToService", "lambda.amazonaws.com"))));
    statements.add(
        statement(
            "CreateTableAutoScalingServiceRole",
            List.of("iam:CreateServiceLinkedRole"),
            List.of(
                account.arn(
                    "iam",
                    "",
                    "role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/"
                        + "AWSServiceRoleForApplicationAutoScaling_DynamoDBTable")),
            null,
            Map.of(
                "StringEquals",
                Map.of("iam:AWSServiceName", "dynamodb.application-autoscaling.amazonaws.com"))));
    // API Gateway creates its service-linked role with the caller's permissions the first time an
    // API is created in an account, and uses it for access-log delivery ("Using service-linked
    // roles for API Gateway", API Gateway Developer Guide).
    statements.add(
        statement(
            "CreateApiGatewayServiceRole",
            List.of("iam:CreateServiceLinkedRole"),
            List.of(
                account.arn(
                    "iam",
                    "",
                    "role/aws-service-role/"
                        + APIGATEWAY_SLR_SERVICE
                        + "/AWSServiceRoleForAPIGateway")),
            null,
            Map.of("StringEquals", Map.of("iam:AWSServiceName", APIGATEWAY_SLR_SERVICE))));
    statements.add(
        statement(
            "PassTheCodeDeployRoleToCodeDeployOnly",
            List.of("iam:PassRole"),
            List.of(codeDeployRoleArn),
            null,
            Map.of("StringEquals", Map.of("iam:PassedToService", CODEDEPLOY_SERVICE))));
    statements.add(
        statement(
            "ManageAndRunTrafficShifting",
            DEPLOY_CODEDEPLOY_ACTIONS,
            List.of(
                account.arn("codedeploy", region, "application:" + prefix + "*"),
                account.arn("codedeploy", region, "deploymentgroup:" + prefix + "*")),
            null,
            null));
    statements.add(
        statement(
            "ReadLambdaDeploymentConfigs",
            List.of("codedeploy:GetDeploymentConfig"),
            List.of(
                account.arn("codedeploy", region, "deploymentconfig:CodeDeployDefault.Lambda*")),
            null,
            null));
    statements.add(
        statement(
            "ManageLogGroups",
            DEPLOY_LOG_GROUP_ACTIONS,
            List.of(
                account.arn("logs", region, "log-group:" + prefix + "*"),
                account.arn("logs", region, "log-group:" + prefix + "*:*")),
            null,
            null));
    statements.add(
        statement(
            "ManageDashboardsAndAlarms",
            List.of(
                "cloudwatch:PutDashboard",
                "cloudwatch:DeleteDashboards",
                "cloudwatch:PutMetricAlarm",
                "cloudwatch:DeleteAlarms",
                "cloudwatch:TagResource",
                "cloudwatch:UntagResource"),
            List.of(
                account.arn("cloudwatch", "", "dashboard/" + prefix + "*"),
                account.arn("cloudwatch", region, "alarm:" + prefix + "*")),
            null,
            null));
    statements.add(
        statement(
            "ManageTableAutoScalingAlarms",
            DEPLOY_TARGET_TRACKING_ALARM_ACTIONS,
            List.of(
                account.arn("cloudwatch", region, "alarm:TargetTracking-table/" + prefix + "*")),
            null,
            null));
    statements.add(
        statement(
            "ManageTopics",
            List.of("sns:*"),
            List.of(account.arn("sns", region, prefix + "*")),
            null,
            null));
    statements.add(
        statement(
            "ActionsWithoutResourceScoping", DEPLOY_UNSCOPED_ACTIONS, List.of("*"), null, null));
    // The post-deploy smoke test signs its requests with this role when routes use IAM
    // authorization; API ids are unknown here, so scope by stage and the API's own paths.
    statements.add(
        statement(
            "SmokeTestTheUserApi",
            List.of("execute-api:Invoke"),
            List.of(
                account.arn("execute-api", region, "*/$default/*/users"),
                account.arn("execute-api", region, "*/$default/*/users/*")),
            null,
            null));
    // Explicit denies win over any allow, including one added to this role later.
    statements.add(
        deny("NeverChangeTheFunctionBoundary", POLICY_WRITE_ACTIONS, List.of(boundaryArn)));
    statements.add(
        deny(
            "NeverRemoveAPermissionsBoundary",
            List.of("iam:DeleteRolePermissionsBoundary"),
            List.of("*")));
    state.ifPresent(
        s -> {
          statements.add(
              statement(
                  "ReadWritePulumiState",
                  List.of(
                      "s3:GetObject",
                      "s3:PutObject",
                      "s3:DeleteObject",
                      "s3:ListBucket",
                      "s3:GetBucketLocation"),
                  List.of(s.bucketArn(), s.bucketArn() + "/*"),
                  null,
                  null));
          statements.add(
              statement(
                  "UsePulumiStateKey",
                  List.of("kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"),
                  List.of(s.keyArn()),
                  null,
                  null));
        });
    return document(statements);
  }

  /**
   * A bucket policy that refuses every request not made over TLS.
   *
   * @param bucketArn the bucket
   */
  public static Map<String, Object> tlsOnlyBucketPolicy(String bucketArn) {
    Map<String, Object> deny = new LinkedHashMap<>();
    deny.put("Sid", "DenyInsecureTransport");
    deny.put("Effect", "Deny");
    deny.put("Principal", "*");
    deny.put("Action", List.of("s3:*"));
    deny.put("Resource", List.of(bucketArn, bucketArn + "/*"));
    deny.put("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")));
    return document(deny);
  }

  /** The document as IAM reads it. */
  public static String toJson(Map<String, Object> document) {
    return new GsonBuilder().disableHtmlEscaping().create().toJson(document);
  }

  private static Map<String, Object> document(Map<String, Object> statement) {
    return document(List.of(statement));
  }

  private static Map<String, Object> document(List<Map<String, Object>> statements) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("Version", VERSION);
    document.put("Statement", List.copyOf(statements));
    return document;
  }

  private static Map<String, Object> statement(
      String sid,
      List<String> actions,
      List<String> resources,
      Map<String, Object> principal,
      Map<String, Object> condition) {
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("Sid", sid);
    statement.put("Effect", "Allow");
    if (principal != null) {
      statement.put("Principal", principal);
    }
    statement.put("Action", actions);
    if (resources != null) {
      statement.put("Resource", resources);
    }
    if (condition != null) {
      statement.put("Condition", condition);
    }
    return statement;
  }

  private static Map<String, Object> deny(
      String sid, List<String> actions, List<String> resources) {
    Map<String, Object> statement = statement(sid, actions, resources, null, null);
    statement.put("Effect", "Deny");
    return statement;
  }

  private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }
}
