package com.example.users.api;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Counts the DynamoDB calls made on the current thread, for the per-request log line. Synchronous
 * SDK clients run interceptors on the calling thread, so a thread-local is exact.
 */
final class DynamoDbCallCounter implements ExecutionInterceptor {

  private final ThreadLocal<int[]> calls = ThreadLocal.withInitial(() -> new int[1]);

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    calls.get()[0]++;
  }

  void reset() {
    calls.get()[0] = 0;
  }

  int count() {
    return calls.get()[0];
  }
}
