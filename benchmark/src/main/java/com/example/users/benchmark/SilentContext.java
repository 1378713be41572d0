package com.example.users.benchmark;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** A Lambda context whose logger drops lines (the handler still builds them). */
enum SilentContext implements Context {
  INSTANCE;

  private static final LambdaLogger DROP =
      new LambdaLogger() {
        @Override
        public void log(String message) {}

        @Override
        public void log(byte[] message) {}
      };

  @Override
  public String getAwsRequestId() {
    return "benchmark";
  }

  @Override
  public String getLogGroupName() {
    return "benchmark";
  }

  @Override
  public String getLogStreamName() {
    return "benchmark";
  }

  @Override
  public String getFunctionName() {
    return "benchmark";
  }

  @Override
  public String getFunctionVersion() {
    return "1";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:us-east-1:000000000000:function:benchmark";
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
