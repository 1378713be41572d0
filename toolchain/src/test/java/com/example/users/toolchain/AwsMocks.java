package com.example.users.toolchain;

import com.pulumi.test.Mocks;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Pulumi mocks for the toolchain: echo inputs and fill in the values AWS would compute. */
final class AwsMocks implements Mocks {

  static final String ACCOUNT = "123456789012";
  static final String REGION = "eu-west-1";
  static final String KEY_ARN = "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/0000-test";
  static final String PROVIDER_ARN =
      "arn:aws:iam::" + ACCOUNT + ":oidc-provider/token.actions.githubusercontent.com";

  @Override
  public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
    Map<String, Object> state = new HashMap<>(args.inputs);
    String physicalName =
        args.inputs.get("name") instanceof String name ? name : args.name + "-a1b2c3d";
    String type = args.type;
    if (type.endsWith(":Role")) {
      state.put("name", physicalName);
      state.put("arn", "arn:aws:iam::" + ACCOUNT + ":role/" + physicalName);
    } else if (type.equals("aws:iam/policy:Policy")) {
      state.put("name", physicalName);
      state.put("arn", "arn:aws:iam::" + ACCOUNT + ":policy/" + physicalName);
    } else if (type.endsWith(":OpenIdConnectProvider")) {
      state.put("arn", PROVIDER_ARN);
    } else if (type.equals("aws:s3/bucketV2:BucketV2")) {
      state.put("bucket", physicalName);
      state.put("arn", "arn:aws:s3:::" + physicalName);
    } else if (type.equals("aws:kms/key:Key")) {
      state.put("arn", KEY_ARN);
      state.put("keyId", "0000-test");
    }
    return CompletableFuture.completedFuture(
        ResourceResult.of(Optional.of(args.name + "-id"), state));
  }

  @Override
  public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
    Map<String, Object> result =
        switch (args.token) {
          case "aws:index/getCallerIdentity:getCallerIdentity" ->
              Map.of(
                  "accountId",
                  ACCOUNT,
                  "arn",
                  "arn:aws:iam::" + ACCOUNT + ":user/test",
                  "id",
                  ACCOUNT,
                  "userId",
                  "AIDATEST");
          case "aws:index/getRegion:getRegion" ->
              Map.of(
                  "name",
                  REGION,
                  "id",
                  REGION,
                  "description",
                  "Europe (Ireland)",
                  "endpoint",
                  "ec2." + REGION + ".amazonaws.com");
          case "aws:index/getPartition:getPartition" ->
              Map.of(
                  "partition", "aws",
                  "id", "aws",
                  "dnsSuffix", "amazonaws.com",
                  "reverseDnsPrefix", "com.amazonaws");
          default -> throw new IllegalArgumentException("unexpected invoke " + args.token);
        };
    return CompletableFuture.completedFuture(result);
  }
}
