package com.example.users.infra.settings;

/** The Lambda instruction set architecture; the handler jar is pure Java and runs on both. */
public enum Architecture {
  /** Graviton, cheaper per GB-second. */
  ARM64("arm64"),
  /** Intel/AMD. */
  X86_64("x86_64");

  private final String awsName;

  Architecture(String awsName) {
    this.awsName = awsName;
  }

  /** The name the Lambda API uses. */
  public String awsName() {
    return awsName;
  }
}
