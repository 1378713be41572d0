package com.example.users.toolchain;

import com.pulumi.aws.kms.Alias;
import com.pulumi.aws.kms.AliasArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.aws.s3.BucketOwnershipControls;
import com.pulumi.aws.s3.BucketOwnershipControlsArgs;
import com.pulumi.aws.s3.BucketPolicy;
import com.pulumi.aws.s3.BucketPolicyArgs;
import com.pulumi.aws.s3.BucketPublicAccessBlock;
import com.pulumi.aws.s3.BucketPublicAccessBlockArgs;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2Args;
import com.pulumi.aws.s3.BucketV2;
import com.pulumi.aws.s3.BucketV2Args;
import com.pulumi.aws.s3.BucketVersioningV2;
import com.pulumi.aws.s3.BucketVersioningV2Args;
import com.pulumi.aws.s3.inputs.BucketOwnershipControlsRuleArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketVersioningV2VersioningConfigurationArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import java.util.Map;

/**
 * An S3 bucket and a KMS key for self-managed Pulumi state ({@code pulumi login s3://BUCKET},
 * {@code --secrets-provider awskms://alias/...}): versioned, encrypted with the key, public access
 * blocked, objects owned by the bucket owner, TLS only. Both are {@code protect}ed: losing them
 * loses every stack's state.
 *
 * @param bucketName the bucket's name
 * @param bucketArn the bucket's ARN
 * @param keyArn the KMS key's ARN
 * @param keyAlias the KMS key's alias, {@code alias/PREFIX-pulumi-state}
 */
public record StateBackend(
    Output<String> bucketName, Output<String> bucketArn, Output<String> keyArn, String keyAlias) {

  /**
   * Creates the bucket and the key.
   *
   * @param prefix names the key's alias
   * @param tags applied to every resource
   */
  public static StateBackend create(String prefix, Map<String, String> tags) {
    CustomResourceOptions protect = CustomResourceOptions.builder().protect(true).build();
    var key =
        new Key(
            "pulumi-state",
            KeyArgs.builder()
                .description("Encrypts the Pulumi state bucket and the stacks' secrets")
                .enableKeyRotation(true)
                .deletionWindowInDays(30)
                .tags(tags)
                .build(),
            protect);
    String keyAlias = "alias/" + prefix + "-pulumi-state";
    new Alias("pulumi-state", AliasArgs.builder().name(keyAlias).targetKeyId(key.keyId()).build());

    var bucket = new BucketV2("pulumi-state", BucketV2Args.builder().tags(tags).build(), protect);
    new BucketVersioningV2(
        "pulumi-state",
        BucketVersioningV2Args.builder()
            .bucket(bucket.id())
            .versioningConfiguration(
                BucketVersioningV2VersioningConfigurationArgs.builder().status("Enabled").build())
            .build());
    new BucketServerSideEncryptionConfigurationV2(
        "pulumi-state",
        BucketServerSideEncryptionConfigurationV2Args.builder()
            .bucket(bucket.id())
            .rules(
                BucketServerSideEncryptionConfigurationV2RuleArgs.builder()
                    .applyServerSideEncryptionByDefault(
                        BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs
                            .builder()
                            .sseAlgorithm("aws:kms")
                            .kmsMasterKeyId(key.arn())
                            .build())
                    .bucketKeyEnabled(true)
                    .build())
            .build());
    new BucketPublicAccessBlock(
        "pulumi-state",
        BucketPublicAccessBlockArgs.builder()
            .bucket(bucket.id())
            .blockPublicAcls(true)
            .blockPublicPolicy(true)
            .ignorePublicAcls(true)
            .restrictPublicBuckets(true)
            .build());
    new BucketOwnershipControls(
        "pulumi-state",
        BucketOwnershipControlsArgs.builder()
            .bucket(bucket.id())
            .rule(
                BucketOwnershipControlsRuleArgs.builder()
                    .objectOwnership("BucketOwnerEnforced")
                    .build())
            .build());
    new BucketPolicy(
        "pulumi-state",
        BucketPolicyArgs.builder()
            .bucket(bucket.id())
            .policy(
                bucket.arn().applyValue(arn -> Policies.toJson(Policies.tlsOnlyBucketPolicy(arn))))
            .build());
    return new StateBackend(bucket.bucket(), bucket.arn(), key.arn(), keyAlias);
  }

  /** The ARNs the roles need, once known. */
  Output<Policies.StateAccess> access() {
    return Output.tuple(bucketArn, keyArn).applyValue(t -> new Policies.StateAccess(t.t1, t.t2));
  }
}
