package com.example.users.infra;

import com.pulumi.test.Mocks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Mocks that record every resource's inputs and answer with the state AWS would compute (ARNs,
 * invoke ARNs, versions, URLs), so that the wiring between resources can be checked.
 */
final class RecordingMocks implements Mocks {

  static final String ACCOUNT = "123456789012";

  /** One registered resource: its type token, logical name, inputs and returned state. */
  record Recorded(String type, String name, Map<String, Object> inputs, Map<String, Object> state) {
    /** An input by name, or null. */
    Object input(String key) {
      return inputs.get(key);
    }

    /** Type and name only: a failed assertion over many resources stays readable. */
    @Override
    public String toString() {
      return type + " " + name;
    }
  }

  private final String region;
  private final List<Recorded> resources = Collections.synchronizedList(new ArrayList<>());

  RecordingMocks(String region) {
    this.region = region;
  }

  List<Recorded> resources() {
    synchronized (resources) {
      return List.copyOf(resources);
    }
  }

  @Override
  public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
    Map<String, Object> state = new HashMap<>(args.inputs);
    String id = args.name + "-id";
    String physical = (String) args.inputs.getOrDefault("name", args.name + "-1a2b3c");
    state.putIfAbsent("name", physical);
    String service = args.type.split("[:/]")[1];
    state.put("arn", "arn:aws:" + service + ":" + region + ":" + ACCOUNT + ":" + physical);
    switch (args.type) {
      case "aws:dynamodb/table:Table" ->
          state.put("arn", "arn:aws:dynamodb:" + region + ":" + ACCOUNT + ":table/" + physical);
      case "aws:cloudwatch/logGroup:LogGroup" ->
          state.put("arn", "arn:aws:logs:" + region + ":" + ACCOUNT + ":log-group:" + physical);
      case "aws:iam/role:Role" -> state.put("arn", "arn:aws:iam::" + ACCOUNT + ":role/" + physical);
      case "aws:iam/policy:Policy" ->
          state.put("arn", "arn:aws:iam::" + ACCOUNT + ":policy/" + physical);
      case "aws:lambda/function:Function" -> {
        String arn = "arn:aws:lambda:" + region + ":" + ACCOUNT + ":function:" + physical;
        state.put("arn", arn);
        state.put("version", "7");
        state.put("qualifiedArn", arn + ":7");
        state.put("invokeArn", invokeArn(arn));
      }
      case "aws:lambda/alias:Alias" -> {
        String arn =
            "arn:aws:lambda:"
                + region
                + ":"
                + ACCOUNT
                + ":function:"
                + args.inputs.get("functionName")
                + ":"
                + physical;
        state.put("arn", arn);
        state.put("invokeArn", invokeArn(arn));
      }
      case "aws:apigatewayv2/api:Api" -> {
        state.put("apiEndpoint", "https://" + id + ".execute-api." + region + ".amazonaws.com");
        state.put("executionArn", "arn:aws:execute-api:" + region + ":" + ACCOUNT + ":" + id);
      }
      case "aws:apigatewayv2/stage:Stage" ->
          state.put(
              "invokeUrl",
              "https://" + args.inputs.get("apiId") + ".execute-api." + region + ".amazonaws.com/");
      case "aws:sns/topic:Topic" ->
          state.put("arn", "arn:aws:sns:" + region + ":" + ACCOUNT + ":" + physical);
      default -> {
        // the generic name and ARN above are enough
      }
    }
    resources.add(new Recorded(args.type, args.name, args.inputs, state));
    return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(id), state));
  }

  @Override
  public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
    throw new UnsupportedOperationException("the program must not call provider functions");
  }

  private String invokeArn(String functionArn) {
    return "arn:aws:apigateway:"
        + region
        + ":lambda:path/2015-03-31/functions/"
        + functionArn
        + "/invocations";
  }
}
