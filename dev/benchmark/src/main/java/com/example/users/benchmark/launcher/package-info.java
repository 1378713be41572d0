/**
 * What the cold-start child JVMs run, packaged alone in {@code benchmark-launcher.jar}: {@link
 * com.example.users.benchmark.launcher.ColdStart} (the handler from its Lambda jar, one request)
 * and {@link com.example.users.benchmark.launcher.Hello} (the bare JVM it is compared with). Only
 * JDK and handler-jar classes may be used here.
 */
package com.example.users.benchmark.launcher;
