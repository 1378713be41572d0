package com.example.users.infra.database;

import com.example.users.infra.settings.BillingMode;
import com.example.users.infra.settings.StackSettings;
import com.pulumi.aws.appautoscaling.Policy;
import com.pulumi.aws.appautoscaling.PolicyArgs;
import com.pulumi.aws.appautoscaling.Target;
import com.pulumi.aws.appautoscaling.TargetArgs;
import com.pulumi.aws.appautoscaling.inputs.PolicyTargetTrackingScalingPolicyConfigurationArgs;
import com.pulumi.aws.appautoscaling.inputs.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs;
import com.pulumi.aws.dynamodb.Table;
import com.pulumi.aws.dynamodb.TableArgs;
import com.pulumi.aws.dynamodb.inputs.TableAttributeArgs;
import com.pulumi.aws.dynamodb.inputs.TablePointInTimeRecoveryArgs;
import com.pulumi.aws.dynamodb.inputs.TableServerSideEncryptionArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.util.List;
import java.util.Map;

/**
 * The users table, the infrastructure side of the handler's {@link
 * com.example.users.storage.UserTable} (one name for one table): partition key {@link
 * com.example.users.storage.UserTable#PARTITION_KEY} (a string), no sort key, encrypted at rest,
 * billed on demand or provisioned with auto scaling on reads and writes.
 */
public final class UserTable extends ComponentResource {

  /**
   * The component's Pulumi type token. It is part of the URN of this component and of the table
   * under it, so it keeps the name the component had when stacks were first deployed ({@code
   * UserDatabase}): a new token would make Pulumi replace the table, and with it the users.
   */
  public static final String TYPE = "users:database:UserDatabase";

  /** The handler's key attribute: the table and the code that reads it must agree. */
  private static final String PARTITION_KEY = com.example.users.storage.UserTable.PARTITION_KEY;

  private final Table table;

  /** Creates the table (and its auto scaling when provisioned) as children of this component. */
  public UserTable(String name, StackSettings settings, ComponentResourceOptions options) {
    super(TYPE, name, options);
    boolean provisioned = settings.billingMode() == BillingMode.PROVISIONED;
    TableArgs.Builder args =
        TableArgs.builder()
            .billingMode(settings.billingMode().name())
            .hashKey(PARTITION_KEY)
            .attributes(TableAttributeArgs.builder().name(PARTITION_KEY).type("S").build())
            .serverSideEncryption(TableServerSideEncryptionArgs.builder().enabled(true).build())
            .pointInTimeRecovery(
                TablePointInTimeRecoveryArgs.builder()
                    .enabled(settings.pointInTimeRecovery())
                    .build())
            .deletionProtectionEnabled(settings.protectData());
    if (provisioned) {
      args.readCapacity(settings.tableReadCapacity()).writeCapacity(settings.tableWriteCapacity());
    }
    CustomResourceOptions.Builder tableOptions =
        CustomResourceOptions.builder().parent(this).protect(settings.protectData());
    if (provisioned) {
      // Auto scaling moves the capacities; without this every `pulumi up` would reset them.
      tableOptions.ignoreChanges(List.of("readCapacity", "writeCapacity"));
    }
    this.table = new Table(name + "-table", args.build(), tableOptions.build());

    if (provisioned) {
      scale(name + "-read", "ReadCapacityUnits", "DynamoDBReadCapacityUtilization", settings);
      scale(name + "-write", "WriteCapacityUnits", "DynamoDBWriteCapacityUtilization", settings);
    }
    registerOutputs(Map.of("tableName", table.name(), "tableArn", table.arn()));
  }

  private void scale(String name, String unit, String metric, StackSettings settings) {
    boolean reads = unit.startsWith("Read");
    Target target =
        new Target(
            name + "-target",
            TargetArgs.builder()
                .serviceNamespace("dynamodb")
                .resourceId(table.name().applyValue(n -> "table/" + n))
                .scalableDimension("dynamodb:table:" + unit)
                .minCapacity(reads ? settings.tableReadCapacity() : settings.tableWriteCapacity())
                .maxCapacity(
                    reads ? settings.tableMaxReadCapacity() : settings.tableMaxWriteCapacity())
                .build(),
            CustomResourceOptions.builder().parent(this).build());
    new Policy(
        name + "-policy",
        PolicyArgs.builder()
            .policyType("TargetTrackingScaling")
            .serviceNamespace(target.serviceNamespace())
            .resourceId(target.resourceId())
            .scalableDimension(target.scalableDimension())
            .targetTrackingScalingPolicyConfiguration(
                PolicyTargetTrackingScalingPolicyConfigurationArgs.builder()
                    .targetValue((double) settings.autoscalingTargetPercent())
                    .predefinedMetricSpecification(
                        PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs
                            .builder()
                            .predefinedMetricType(metric)
                            .build())
                    .build())
            .build(),
        CustomResourceOptions.builder().parent(this).build());
  }

  /** The table. */
  public Table table() {
    return table;
  }

  /** The table's generated name. */
  public Output<String> tableName() {
    return table.name();
  }
}
