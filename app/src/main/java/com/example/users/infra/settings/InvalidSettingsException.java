package com.example.users.infra.settings;

import java.util.List;

/**
 * One or more stack settings are missing or invalid. The message names each key, the value found
 * and what is allowed, so that the fix is one {@code pulumi config set} away.
 */
public final class InvalidSettingsException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /** Creates the exception from one line per problem. */
  public InvalidSettingsException(List<String> problems) {
    super(
        "Invalid stack configuration (fix with `pulumi config set <key> <value>`):\n  - "
            + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One line per problem, each naming the key, the value and what is allowed. */
  public List<String> problems() {
    return problems;
  }
}
