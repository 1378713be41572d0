package com.example.users.storage;

/**
 * DynamoDB could not do what was asked, for a reason the client may retry: throttling, an outage or
 * a time-out. The message is internal; clients get a generic one.
 */
public final class StorageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the call failed. */
  public enum Reason {
    /** Throttled, or a transient service-side or network failure: retry later (503). */
    UNAVAILABLE,
    /** The call took longer than its time budget (504). */
    TIMEOUT
  }

  private final Reason reason;

  StorageException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** Why the call failed. */
  public Reason reason() {
    return reason;
  }
}
