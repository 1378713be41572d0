package com.example.users.local;

import com.example.users.api.ApiHandler;
import com.example.users.api.InvocationContext;
import com.example.users.api.RouteTable;
import com.example.users.config.DynamoDbClients;
import com.example.users.config.HandlerConfig;
import com.example.users.dynalite.Dynalite;
import com.example.users.storage.UserTable;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Local mode: the Lambda handler served over HTTP on loopback, on dynalite (an open-source DynamoDB
 * engine, started as a child process).
 *
 * <p>Requests are translated to API Gateway HTTP API v2 events ({@link GatewayEvents}) and given to
 * the very handler class Lambda runs. Paths that match no route get API Gateway's own answer, a 404
 * with {@code {"message":"Not Found"}}, without reaching the handler, as in AWS.
 */
public final class LocalServer implements AutoCloseable {

  /** The port used when {@code --port} is not given. */
  public static final int DEFAULT_PORT = 8080;

  /** The table local mode creates and serves. */
  public static final String TABLE_NAME = "users";

  /** API Gateway's payload limit for HTTP APIs. */
  static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

  private final Dynalite dynamoDb;
  private final HttpServer http;
  private final ExecutorService workers;
  private final ApiHandler handler;
  private final PrintStream log;

  private LocalServer(
      Dynalite dynamoDb,
      HttpServer http,
      ExecutorService workers,
      ApiHandler handler,
      PrintStream log) {
    this.dynamoDb = dynamoDb;
    this.http = http;
    this.workers = workers;
    this.handler = handler;
    this.log = log;
  }

  /**
   * Starts dynalite, creates the table, and serves the API.
   *
   * @param port the HTTP port on loopback, or 0 for a free one
   * @param dataDirectory where dynalite keeps its data; empty for in-memory
   * @param log where request log lines go
   * @throws IllegalStateException if the port is taken or dynalite cannot start
   */
  public static LocalServer start(int port, Optional<Path> dataDirectory, PrintStream log) {
    return start(port, dataDirectory, log, UnaryOperator.identity(), List.of());
  }

  /**
   * As {@link #start(int, Optional, PrintStream)}, for tests that inject faults: the handler's
   * configuration (time-outs, attempts) adjusted by {@code configure}, and extra SDK interceptors
   * in the handler's DynamoDB client only (the client that creates the table gets none).
   */
  static LocalServer start(
      int port,
      Optional<Path> dataDirectory,
      PrintStream log,
      UnaryOperator<HandlerConfig> configure,
      List<ExecutionInterceptor> interceptors) {
    configureJdkHttp();
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
    } catch (BindException e) {
      throw new IllegalStateException(
          "Port " + port + " is already in use. Stop what uses it, or choose another: --port 8081",
          e);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot listen on port " + port + ": " + e.getMessage(), e);
    }
    Dynalite dynamoDb;
    try {
      dynamoDb = Dynalite.start(dataDirectory);
    } catch (RuntimeException e) {
      http.stop(0);
      throw e;
    }
    HandlerConfig config =
        HandlerConfig.of(TABLE_NAME, "us-east-1", Optional.of(dynamoDb.endpoint()));
    // Creating the table is a one-off at start-up, the engine's first request, on a busy machine
    // perhaps slow: it gets a generous budget instead of the request path's 3 s.
    HandlerConfig adminConfig =
        new HandlerConfig(
            TABLE_NAME,
            "us-east-1",
            Optional.of(dynamoDb.endpoint()),
            Duration.ofSeconds(60),
            Duration.ofSeconds(30),
            config.maxAttempts());
    try (DynamoDbClient admin =
        DynamoDbClients.create(adminConfig, DynamoDbClients.localCredentials(), List.of())) {
      UserTable.createIfAbsent(admin, TABLE_NAME);
    } catch (RuntimeException e) {
      // Stop the engine now rather than at JVM exit: the caller may go on without local mode.
      http.stop(0);
      dynamoDb.close();
      throw new IllegalStateException(
          "dynalite started but the users table could not be created: " + e.getMessage(), e);
    }
    ApiHandler handler =
        new ApiHandler(
            configure.apply(config), DynamoDbClients.localCredentials(), List.copyOf(interceptors));
    ExecutorService workers = Executors.newFixedThreadPool(64, LocalServer::daemon);
    LocalServer server = new LocalServer(dynamoDb, http, workers, handler, log);
    http.createContext("/", server::serve);
    http.setExecutor(workers);
    http.start();
    return server;
  }

  /**
   * JDK HTTP settings local mode needs, unless already set on the command line. The JDK reads them
   * once, when its HTTP classes first load, so call this before any HTTP is done in the JVM.
   *
   * <ul>
   *   <li>{@code sun.net.httpserver.nodelay=true}: the JDK server leaves Nagle's algorithm on, and
   *       a response written as headers then body then waits for the client's delayed ACK, about 40
   *       ms per request on a kept-alive connection (measured: 20 requests/s instead of 350 at
   *       concurrency 1, see the README's performance section).
   *   <li>{@code http.maxConnections=64}: the handler's SDK client (URLConnection) keeps only 5
   *       idle connections to dynalite by default, so with more concurrent requests than that it
   *       opens and closes a connection per request.
   * </ul>
   */
  public static void configureJdkHttp() {
    setIfAbsent("sun.net.httpserver.nodelay", "true");
    setIfAbsent("http.maxConnections", "64");
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "local-http");
    t.setDaemon(true);
    return t;
  }

  /** The base URL, for example {@code http://localhost:8080}. */
  public URI baseUrl() {
    return URI.create("http://localhost:" + http.getAddress().getPort());
  }

  /** The embedded dynalite's endpoint. */
  public URI dynamoDbEndpoint() {
    return dynamoDb.endpoint();
  }

  /** Stops HTTP first (no new requests), then dynalite. */
  @Override
  public void close() {
    http.stop(0);
    workers.shutdownNow();
    dynamoDb.close();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = readBody(exchange.getRequestBody());
      if (body == null) {
        sendGatewayError(exchange, 413, "Request Entity Too Large");
        return;
      }
      URI uri = exchange.getRequestURI();
      String rawPath = uri.getRawPath();
      String method = exchange.getRequestMethod();
      Optional<RouteTable.RouteMatch> match = RouteTable.match(method, rawPath);
      if (match.isEmpty()) {
        sendGatewayError(exchange, 404, "Not Found");
        return;
      }
      GatewayEvents.Request request =
          new GatewayEvents.Request(
              method,
              rawPath,
              Optional.ofNullable(uri.getRawQuery()).orElse(""),
              exchange.getRequestHeaders(),
              body,
              exchange.getRemoteAddress().getAddress().getHostAddress(),
              requestId(),
              Instant.now());
      // The handler's own entry point after it has parsed Lambda's bytes: the event goes in as the
      // object it is built as and the response comes back as one, not through JSON text each way.
      JsonObject response;
      try {
        response =
            handler.handle(
                GatewayEvents.event(request, match.get()),
                new InvocationContext(request.requestId(), log::print));
      } catch (RuntimeException e) {
        // A Lambda that throws makes API Gateway answer 500 {"message":"Internal Server Error"}.
        e.printStackTrace(log);
        sendGatewayError(exchange, 500, "Internal Server Error");
        return;
      }
      sendLambdaResponse(exchange, response);
    }
  }

  /**
   * A unique id shaped like API Gateway's, without {@code UUID.randomUUID()}, whose shared
   * SecureRandom serialises concurrent requests.
   */
  private static String requestId() {
    java.util.concurrent.ThreadLocalRandom random =
        java.util.concurrent.ThreadLocalRandom.current();
    return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
  }

  private static byte[] readBody(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_PAYLOAD_BYTES + 1);
    return bytes.length > MAX_PAYLOAD_BYTES ? null : bytes;
  }

  private static void sendLambdaResponse(HttpExchange exchange, JsonObject r) throws IOException {
    int status = r.get("statusCode").getAsInt();
    if (r.has("headers")) {
      for (Map.Entry<String, JsonElement> h : r.getAsJsonObject("headers").entrySet()) {
        exchange.getResponseHeaders().add(h.getKey(), h.getValue().getAsString());
      }
    }
    if (r.has("cookies")) {
      r.getAsJsonArray("cookies")
          .forEach(c -> exchange.getResponseHeaders().add("set-cookie", c.getAsString()));
    }
    String text = r.has("body") && !r.get("body").isJsonNull() ? r.get("body").getAsString() : "";
    boolean base64 = r.has("isBase64Encoded") && r.get("isBase64Encoded").getAsBoolean();
    byte[] body = base64 ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
    send(exchange, status, body);
  }

  private static void sendGatewayError(HttpExchange exchange, int status, String message)
      throws IOException {
    exchange.getResponseHeaders().add("content-type", "application/json");
    send(exchange, status, ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    boolean noBody = status == 204 || status == 304 || "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(body);
      }
    }
  }

  /**
   * Runs local mode until Ctrl-C.
   *
   * <pre>
   * --port N      HTTP port on localhost (default 8080)
   * --data DIR    keep the data in DIR across restarts (default: in memory)
   * </pre>
   */
  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(Options.USAGE);
      return;
    }
    LocalServer server;
    try {
      server = start(options.port(), options.dataDirectory(), System.out);
    } catch (IllegalStateException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  System.out.println("Stopped.");
                },
                "local-shutdown"));
    String url = server.baseUrl().toString();
    System.out.println(
        "User API (local mode) listening on "
            + url
            + "\n  data: "
            + options
                .dataDirectory()
                .map(p -> p.toAbsolutePath().toString())
                .orElse("in memory (lost on exit; --data DIR keeps it)")
            + "\n\nTry it:\n  curl -i -X POST -H 'Content-Type: application/json' -d '{\"username\":\"john\",\"email\":\"john@example.com\"}' "
            + url
            + "/users\n  curl -i "
            + url
            + "/users/john\n\nPress Ctrl-C to stop.");
  }

  /** Command-line options. */
  record Options(int port, Optional<Path> dataDirectory, boolean help) {
    static final String USAGE =
        "usage: scripts/run-local.sh [--port N] [--data DIR]\n"
            + "  --port N    HTTP port on localhost (default "
            + DEFAULT_PORT
            + ")\n"
            + "  --data DIR  keep the data in DIR across restarts (default: in memory)";

    static Options parse(String[] args) {
      int port = DEFAULT_PORT;
      Optional<Path> data = Optional.empty();
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--port" -> port = port(value(args, ++i, "--port"));
          case "--data" -> data = Optional.of(Path.of(value(args, ++i, "--data")));
          case "-h", "--help" -> {
            return new Options(port, data, true);
          }
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      return new Options(port, data, false);
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }

    private static int port(String text) {
      try {
        int port = Integer.parseInt(text);
        if (port >= 1 && port <= 65535) {
          return port;
        }
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
      throw new IllegalArgumentException("--port must be a number from 1 to 65535, got " + text);
    }
  }
}
