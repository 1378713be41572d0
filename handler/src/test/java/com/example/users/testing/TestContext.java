package com.example.users.testing;

import com.example.users.api.InvocationContext;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** An invocation context that records what the handler logs. */
public final class TestContext {

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final InvocationContext context =
      new InvocationContext(UUID.randomUUID().toString(), line -> lines.add(line.strip()));

  /** The context to pass to the handler. */
  public InvocationContext context() {
    return context;
  }

  /** The log lines, in order. */
  public List<String> logLines() {
    return List.copyOf(lines);
  }
}
