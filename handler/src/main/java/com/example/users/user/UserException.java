package com.example.users.user;

/**
 * A request the user domain refuses, with what the client needs to know. The HTTP edge maps each
 * {@link Kind} to one status code; the message is safe to show to the client.
 */
public class UserException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong, independent of HTTP. */
  public enum Kind {
    /** The request is malformed or breaks a validation rule. */
    INVALID,
    /** The request is larger than a documented limit. */
    TOO_LARGE,
    /** No such user. */
    NOT_FOUND,
    /** A user with that name exists already. */
    ALREADY_EXISTS,
    /** The client's expected version is not the stored one. */
    VERSION_MISMATCH
  }

  private final Kind kind;

  /** Creates one; the message is shown to the client. */
  public UserException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  /** The kind of failure. */
  public Kind kind() {
    return kind;
  }

  /** A validation failure. */
  public static UserException invalid(String message) {
    return new UserException(Kind.INVALID, message);
  }

  /** A limit exceeded. */
  public static UserException tooLarge(String message) {
    return new UserException(Kind.TOO_LARGE, message);
  }

  /** No such user. */
  public static UserException notFound(String username) {
    return new UserException(Kind.NOT_FOUND, "User '" + username + "' does not exist.");
  }

  /** Name taken. */
  public static UserException alreadyExists(String username) {
    return new UserException(Kind.ALREADY_EXISTS, "User '" + username + "' already exists.");
  }

  /** Optimistic-lock failure. */
  public static UserException versionMismatch(String username, long actual) {
    return new UserException(
        Kind.VERSION_MISMATCH,
        "User '"
            + username
            + "' has changed: its ETag is now \""
            + actual
            + "\", which does not match If-Match. Fetch it again and retry.");
  }
}
