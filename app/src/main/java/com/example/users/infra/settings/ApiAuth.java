package com.example.users.infra.settings;

/** How the HTTP API authorizes callers on every route. */
public enum ApiAuth {
  /** Anyone with the URL may call the API; for throw-away sandboxes only. */
  NONE("none", "NONE"),
  /** Callers sign requests with SigV4 and need {@code execute-api:Invoke}. */
  IAM("iam", "AWS_IAM"),
  /** Callers present a bearer JWT from the configured issuer and audience (e.g. Cognito). */
  JWT("jwt", "JWT");

  private final String settingValue;
  private final String authorizationType;

  ApiAuth(String settingValue, String authorizationType) {
    this.settingValue = settingValue;
    this.authorizationType = authorizationType;
  }

  /** The value as written in the stack's configuration. */
  public String settingValue() {
    return settingValue;
  }

  /** The API Gateway route {@code authorizationType}. */
  public String authorizationType() {
    return authorizationType;
  }
}
