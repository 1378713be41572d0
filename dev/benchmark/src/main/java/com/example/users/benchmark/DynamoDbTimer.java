package com.example.users.benchmark;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Measures the DynamoDB calls made on the current thread: how many calls and HTTP attempts, and the
 * time from the SDK's {@code beforeExecution} to {@code afterExecution} (or {@code
 * onExecutionFailure}). That time is the SDK's marshalling, signing and HTTP plus dynalite's work;
 * the rest of a request is the handler's own share. Within it, the time on the wire ({@code
 * beforeTransmission} → {@code afterTransmission} of each attempt: the HTTP exchange and dynalite's
 * work) is told apart from the SDK's own compute. Synchronous clients run interceptors on the
 * calling thread, so thread-locals are exact.
 */
final class DynamoDbTimer implements ExecutionInterceptor {

  /** Counters of one thread since its last {@link #reset()}. */
  static final class Tally {
    int calls;
    int attempts;
    long nanos;
    long wireNanos;
    long started;
    long sent;
  }

  private final ThreadLocal<Tally> tally = ThreadLocal.withInitial(Tally::new);

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    Tally t = tally.get();
    t.calls++;
    t.started = System.nanoTime();
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    Tally t = tally.get();
    t.attempts++;
    t.sent = System.nanoTime();
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    Tally t = tally.get();
    t.wireNanos += System.nanoTime() - t.sent;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    stop();
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    stop();
  }

  private void stop() {
    Tally t = tally.get();
    t.nanos += System.nanoTime() - t.started;
  }

  /** Starts counting afresh on this thread. */
  void reset() {
    Tally t = tally.get();
    t.calls = 0;
    t.attempts = 0;
    t.nanos = 0;
    t.wireNanos = 0;
  }

  /** This thread's counters since {@link #reset()}. */
  Tally current() {
    return tally.get();
  }
}
