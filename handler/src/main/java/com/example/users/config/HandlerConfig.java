package com.example.users.config;

/** Placeholder; the full configuration is being written. */
public final class HandlerConfig {
  /** Environment variable that names the DynamoDB table. */
  public static final String TABLE_NAME_ENV = "USERS_TABLE_NAME";

  private HandlerConfig() {}
}
