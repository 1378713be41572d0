package com.example.users.testing;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An invocation context that records what the handler logs, with the remaining time a test chooses
 * (the Lambda runtime counts it down from the function's time-out).
 */
public final class TestContext implements Context {

  /** One line the handler logged, and the level it gave it ({@code UNDEFINED} for none). */
  public record Line(String text, LogLevel level) {}

  private final String requestId = UUID.randomUUID().toString();
  private final List<Line> lines = new CopyOnWriteArrayList<>();
  private final long deadline;
  private final LambdaLogger logger;

  /** A context with 10 s left and a logger that records every line. */
  public TestContext() {
    this(10_000);
  }

  /** A context with the given time left and a logger that records every line. */
  public TestContext(int remainingMillis) {
    this(remainingMillis, null);
  }

  /**
   * A context with the given time left whose logger is {@code logger} (for example the real Lambda
   * runtime's), or a recording one when null.
   */
  public TestContext(int remainingMillis, LambdaLogger logger) {
    this.deadline = System.nanoTime() + remainingMillis * 1_000_000L;
    this.logger =
        logger != null
            ? logger
            : new LambdaLogger() {
              @Override
              public void log(String message) {
                log(message, LogLevel.UNDEFINED);
              }

              @Override
              public void log(byte[] message) {
                log(message, LogLevel.UNDEFINED);
              }

              @Override
              public void log(String message, LogLevel level) {
                lines.add(new Line(message.strip(), level));
              }

              @Override
              public void log(byte[] message, LogLevel level) {
                log(new String(message, StandardCharsets.UTF_8), level);
              }
            };
  }

  /** The context to pass to the handler. */
  public Context context() {
    return this;
  }

  /** The log lines, in order. */
  public List<String> logLines() {
    return lines.stream().map(Line::text).toList();
  }

  /** The log lines with their levels, in order. */
  public List<Line> levelledLines() {
    return List.copyOf(lines);
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/test";
  }

  @Override
  public String getLogStreamName() {
    return "test";
  }

  @Override
  public String getFunctionName() {
    return "test";
  }

  @Override
  public String getFunctionVersion() {
    return "1";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:us-east-1:000000000000:function:test";
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
    return (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
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
