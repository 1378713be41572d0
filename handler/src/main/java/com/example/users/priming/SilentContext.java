package com.example.users.priming;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/**
 * The invocation context of priming's requests: request id {@code priming}, ample time left, and a
 * logger that drops every line (they would only be noise in the function's log).
 */
final class SilentContext implements Context {

  private static final LambdaLogger DROP =
      new LambdaLogger() {
        @Override
        public void log(String message) {
          // Dropped: see the class comment.
        }

        @Override
        public void log(byte[] message) {
          // Dropped: see the class comment.
        }
      };

  @Override
  public String getAwsRequestId() {
    return "priming";
  }

  @Override
  public String getLogGroupName() {
    return "priming";
  }

  @Override
  public String getLogStreamName() {
    return "priming";
  }

  @Override
  public String getFunctionName() {
    return "priming";
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "priming";
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
    return DROP;
  }
}
