package com.example.users.priming;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Asks for every request's connection to be closed after its answer ({@code Connection: close}), so
 * that the next request opens a new one, with a full TLS handshake. Priming sends a few reads this
 * way: the first request after a SnapStart restore always opens a new connection (none survives the
 * snapshot), and without them priming would have done one handshake only, leaving that code cold.
 */
final class NewConnectionPerRequest implements ExecutionInterceptor {

  @Override
  public SdkHttpRequest modifyHttpRequest(
      Context.ModifyHttpRequest context, ExecutionAttributes executionAttributes) {
    return context.httpRequest().toBuilder().putHeader("Connection", "close").build();
  }
}
