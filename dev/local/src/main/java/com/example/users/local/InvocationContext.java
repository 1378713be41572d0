package com.example.users.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A Lambda context for invoking the handler outside Lambda: local mode and the benchmark. It
 * carries a request id and a logger; the rest is fixed, as the handler does not use it.
 */
public final class InvocationContext implements Context {

  private final String requestId;
  private final LambdaLogger logger;

  /**
   * Creates one.
   *
   * @param requestId the request id the handler logs
   * @param lines receives each log line the handler writes
   */
  public InvocationContext(String requestId, Consumer<String> lines) {
    this.requestId = requestId;
    this.logger =
        new LambdaLogger() {
          @Override
          public void log(String message) {
            lines.accept(message);
          }

          @Override
          public void log(byte[] message) {
            lines.accept(new String(message, StandardCharsets.UTF_8));
          }
        };
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "local";
  }

  @Override
  public String getLogStreamName() {
    return "local";
  }

  @Override
  public String getFunctionName() {
    return "user-api";
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:us-east-1:000000000000:function:user-api";
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return 10_000;
  }

  @Override
  public int getMemoryLimitInMB() {
    return 1024;
  }

  @Override
  public LambdaLogger getLogger() {
    return logger;
  }
}
