package com.example.users.testing;

import com.example.users.config.HandlerConfig;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves a {@link HandlerConfig} parameter to a fresh, empty users table on the run's shared
 * dynalite engine (started on a free port on first use, stopped when the run ends).
 */
public final class DynaliteExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
    return parameter.getParameter().getType() == HandlerConfig.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
    return TestTable.freshTable(extension);
  }
}
