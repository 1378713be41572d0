package com.example.users.storage;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Counts the DynamoDB calls made on the current thread, for the per-request log line. Synchronous
 * SDK clients run interceptors on the calling thread, so a thread-local is exact.
 */
public final class DynamoDbCallCounter implements ExecutionInterceptor {

  private final ThreadLocal<int[]> calls = ThreadLocal.withInitial(() -> new int[1]);

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    calls.get()[0]++;
  }

  /** Starts counting the current thread's calls from zero. */
  public void reset() {
    calls.get()[0] = 0;
  }

  /** The current thread's calls since {@link #reset}. */
  public int count() {
    return calls.get()[0];
  }
}
