package com.example.users.infra;

import com.pulumi.test.PulumiTest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Program runs shared by the test classes: each stack is run once per JVM, since a run takes about
 * a second and every assertion only reads what it registered.
 */
final class Runs {
  private static final Map<String, ProgramRun> RUNS = new ConcurrentHashMap<>();

  private Runs() {}

  static ProgramRun of(String stack) {
    return RUNS.computeIfAbsent(
        stack,
        s -> {
          ProgramRun run = ProgramRun.of(s);
          PulumiTest.cleanup();
          if (!run.result.exceptions().isEmpty()) {
            throw new AssertionError("program failed for " + s, run.result.exceptions().get(0));
          }
          return run;
        });
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  static int integer(Object value) {
    return ((Number) value).intValue();
  }
}
