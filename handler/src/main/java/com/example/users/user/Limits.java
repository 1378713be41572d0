package com.example.users.user;

/**
 * The documented limits on requests. Each is enforced with a 4xx that names it; see the README's
 * "Validation rules" section.
 */
public final class Limits {

  /** Largest request body accepted, in bytes (after base64 decoding). 413 past it. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  /** Most attributes in one request body, server-owned ones excluded. */
  public static final int MAX_ATTRIBUTES = 100;

  /** Longest top-level attribute name, in characters. */
  public static final int MAX_ATTRIBUTE_NAME_LENGTH = 64;

  /** Longest key inside a nested object, in characters. */
  public static final int MAX_NESTED_KEY_LENGTH = 255;

  /** Deepest nesting of objects and arrays; the request body itself is depth 1. */
  public static final int MAX_DEPTH = 16;

  /** Most significant digits DynamoDB keeps in a number. */
  public static final int MAX_NUMBER_DIGITS = 38;

  /** Default page size of {@code GET /users}. */
  public static final int DEFAULT_PAGE_SIZE = 25;

  /** Largest page size of {@code GET /users}. */
  public static final int MAX_PAGE_SIZE = 100;

  /** Shortest and longest username. */
  public static final int MIN_USERNAME_LENGTH = 1;

  /** See {@link #MIN_USERNAME_LENGTH}. */
  public static final int MAX_USERNAME_LENGTH = 64;

  private Limits() {}
}
