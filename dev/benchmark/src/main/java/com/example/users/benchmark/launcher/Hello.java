package com.example.users.benchmark.launcher;

/** A bare JVM start: the yardstick the handler's cold start is divided by. */
public final class Hello {

  private Hello() {}

  /** Prints the line the benchmark waits for, then exits. */
  public static void main(String[] args) {
    System.out.println("RESULT hello");
    System.out.flush();
  }
}
