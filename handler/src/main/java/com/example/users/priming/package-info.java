/**
 * SnapStart priming: {@link com.example.users.priming.SnapStartHandler}, the function's configured
 * handler, wraps the request path's entry point and primes it before the snapshot. The request path
 * does not know this package; deleting it and configuring {@code http.ApiHandler} as the handler
 * removes priming.
 */
package com.example.users.priming;
