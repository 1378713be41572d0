package com.example.users.local;

import com.example.users.config.HandlerConfig;
import com.example.users.dynalite.Dynalite;
import com.example.users.dynalite.Tables;
import com.example.users.http.ApiHandler;
import com.example.users.http.RouteTable;
import com.example.users.storage.DynamoDbClients;
import com.example.users.storage.UserTable;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Local mode: the Lambda handler served over HTTP on loopback, on dynalite (an open-source DynamoDB
 * engine, started as a child process).
 *
 * <p>Requests are translated to API Gateway HTTP API v2 events ({@link GatewayEvents}) and given to
 * the very handler class Lambda runs. Paths that match no route get API Gateway's own answer, a 404
 * with {@code {"message":"Not Found"}}, without reaching the handler, as in AWS.
 *
 * <p>The HTTP edge is Jetty 12 (core, no servlets), configured so that the project decides every
 * answer: requests Jetty's parser refuses (a bad {@code Content-Length}, no or two {@code Host}
 * headers, illegal bytes) and request targets that are not valid RFC 3986 get API Gateway's JSON
 * {@code 400 {"message":"Bad Request"}}, never an HTML page or an exception name. Jetty neither
 * decodes, normalises nor refuses paths on its own ({@link UriCompliance#UNSAFE}): the handler sees
 * the raw path as API Gateway passes it. Local mode also serves the OpenAPI document and the
 * interactive reference ({@link ApiDocs}), and answers CORS as the HTTP API does ({@link Cors}).
 */
public final class LocalServer implements AutoCloseable {

  /** The port used when {@code --port} is not given. */
  public static final int DEFAULT_PORT = 8080;

  /** The table local mode creates and serves. */
  public static final String TABLE_NAME = "users";

  /** API Gateway's payload limit for HTTP APIs. */
  static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

  /** Request line plus headers Jetty accepts (its default of 8 KiB is below what tests send). */
  private static final int MAX_REQUEST_HEAD_BYTES = 64 * 1024;

  private static final byte[] NO_BODY = new byte[0];

  private final Dynalite dynamoDb;
  private final Server http;
  private final ServerConnector connector;
  private final ApiHandler handler;
  private final PrintStream log;
  private final Cors cors;

  /** {@link #baseUrl()}, made once: the OpenAPI route reads it and URI parsing is not free. */
  private final URI baseUrl;

  private LocalServer(
      Dynalite dynamoDb,
      Server http,
      ServerConnector connector,
      ApiHandler handler,
      PrintStream log,
      Cors cors) {
    this.dynamoDb = dynamoDb;
    this.http = http;
    this.connector = connector;
    this.handler = handler;
    this.log = log;
    this.cors = cors;
    this.baseUrl = URI.create("http://localhost:" + connector.getLocalPort());
  }

  /**
   * Starts dynalite, creates the table, and serves the API, without CORS.
   *
   * @param port the HTTP port on loopback, or 0 for a free one
   * @param dataDirectory where dynalite keeps its data; empty for in-memory
   * @param log where request log lines go
   * @throws IllegalStateException if the port is taken or dynalite cannot start
   */
  public static LocalServer start(int port, Optional<Path> dataDirectory, PrintStream log) {
    return start(port, dataDirectory, log, Cors.NONE);
  }

  /**
   * As {@link #start(int, Optional, PrintStream)}, answering CORS for the given origins.
   *
   * @param cors the allowed origins ({@link Cors#NONE} for none)
   */
  public static LocalServer start(
      int port, Optional<Path> dataDirectory, PrintStream log, Cors cors) {
    return start(port, dataDirectory, log, UnaryOperator.identity(), List.of(), cors);
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
    return start(port, dataDirectory, log, configure, interceptors, Cors.NONE);
  }

  static LocalServer start(
      int port,
      Optional<Path> dataDirectory,
      PrintStream log,
      UnaryOperator<HandlerConfig> configure,
      List<ExecutionInterceptor> interceptors,
      Cors cors) {
    configureJdkHttp();
    // The engine (a Node.js process) starts and gets its table on a thread of its own while this
    // one loads Jetty and opens the port: the two overlap instead of adding up.
    CompletableFuture<Dynalite> engine = startEngineWithTable(dataDirectory);
    ServerConnector connector;
    try {
      connector = listen(port);
    } catch (RuntimeException e) {
      // Do not leave the engine behind: wait for its start to end either way, then stop it.
      try {
        await(engine).close();
      } catch (RuntimeException engineFailure) {
        e.addSuppressed(engineFailure);
      }
      throw e;
    }
    Server http = connector.getServer();
    Dynalite dynamoDb;
    try {
      dynamoDb = await(engine);
    } catch (RuntimeException e) {
      stopQuietly(http, connector);
      throw e;
    }
    HandlerConfig config = handlerConfig(dynamoDb);
    ApiHandler handler =
        new ApiHandler(
            configure.apply(config), DynamoDbClients.localCredentials(), List.copyOf(interceptors));
    LocalServer server = new LocalServer(dynamoDb, http, connector, handler, log, cors);
    http.setHandler(server.new Edge());
    try {
      http.start();
    } catch (Exception e) {
      stopQuietly(http, connector);
      dynamoDb.close();
      throw new IllegalStateException("Cannot start the HTTP server: " + e.getMessage(), e);
    }
    return server;
  }

  /**
   * Starts dynalite and creates the users table, on a daemon thread; the future fails with the
   * {@link IllegalStateException} that says why, and stops the engine if the table failed.
   */
  private static CompletableFuture<Dynalite> startEngineWithTable(Optional<Path> dataDirectory) {
    CompletableFuture<Dynalite> engine = new CompletableFuture<>();
    Thread starter =
        new Thread(
            () -> {
              try {
                engine.complete(engineWithTable(dataDirectory));
              } catch (RuntimeException | Error e) {
                engine.completeExceptionally(e);
              }
            },
            "local-engine-start");
    starter.setDaemon(true);
    starter.start();
    return engine;
  }

  private static Dynalite engineWithTable(Optional<Path> dataDirectory) {
    Dynalite dynamoDb = Dynalite.start(dataDirectory);
    // Creating the table is a one-off at start-up, the engine's first request, on a busy machine
    // perhaps slow: it gets a generous budget instead of the request path's 3 s.
    HandlerConfig served = handlerConfig(dynamoDb);
    HandlerConfig adminConfig =
        new HandlerConfig(
            served.tableName(),
            served.region(),
            served.endpoint(),
            Duration.ofSeconds(60),
            Duration.ofSeconds(30),
            served.maxAttempts());
    try (DynamoDbClient admin =
        DynamoDbClients.create(adminConfig, DynamoDbClients.localCredentials(), List.of())) {
      Tables.createIfAbsent(admin, TABLE_NAME, UserTable.PARTITION_KEY);
      return dynamoDb;
    } catch (RuntimeException e) {
      // Stop the engine now rather than at JVM exit: the caller may go on without local mode.
      dynamoDb.close();
      throw new IllegalStateException(
          "dynalite started but the users table could not be created: " + e.getMessage(), e);
    }
  }

  /** The handler's settings for the table on this engine (before any test adjusts them). */
  private static HandlerConfig handlerConfig(Dynalite dynamoDb) {
    return HandlerConfig.of(TABLE_NAME, "us-east-1", Optional.of(dynamoDb.endpoint()));
  }

  /** The started engine, or the start's own exception (not wrapped in a CompletionException). */
  private static Dynalite await(CompletableFuture<Dynalite> engine) {
    try {
      return engine.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** A Jetty server with its connector listening on the port (not serving yet). */
  private static ServerConnector listen(int port) {
    ServerConnector connector = newConnector(newJetty(), port);
    try {
      connector.open();
    } catch (IOException e) {
      if (e instanceof BindException || e.getCause() instanceof BindException) {
        throw new IllegalStateException(
            "Port "
                + port
                + " is already in use. Stop what uses it, or choose another: --port 8081",
            e);
      }
      throw new IllegalStateException("Cannot listen on port " + port + ": " + e.getMessage(), e);
    }
    return connector;
  }

  private static Server newJetty() {
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("local-http");
    threads.setDaemon(true);
    Server server = new Server(threads);
    server.setErrorHandler(new GatewayErrors());
    server.setStopTimeout(0);
    return server;
  }

  private static ServerConnector newConnector(Server server, int port) {
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendXPoweredBy(false);
    config.setSendDateHeader(true);
    config.setRequestHeaderSize(MAX_REQUEST_HEAD_BYTES);
    // RFC 9110/9112 parsing: a missing or repeated Host, a bad Content-Length, obsolete line
    // folding and the like are refused (and answered by GatewayErrors).
    config.setHttpCompliance(HttpCompliance.RFC9110);
    // Paths go to the handler exactly as sent (API Gateway does not normalise them either); the
    // edge checks RFC 3986 syntax itself.
    config.setUriCompliance(UriCompliance.UNSAFE);
    ServerConnector connector =
        new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
    connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    connector.setPort(port);
    connector.setAcceptQueueSize(256);
    server.addConnector(connector);
    return connector;
  }

  private static void stopQuietly(Server server, ServerConnector connector) {
    try {
      server.stop();
    } catch (Exception e) {
      // nothing more to do: it was not serving
    }
    connector.close();
  }

  /**
   * JDK HTTP settings local mode needs, unless already set on the command line. The JDK reads them
   * once, when its HTTP classes first load, so call this before any HTTP is done in the JVM.
   *
   * <ul>
   *   <li>{@code sun.net.httpserver.nodelay=true}: for a JDK {@code HttpServer} in the same JVM
   *       (the benchmark's probes); without it a response written as headers then body waits for
   *       the client's delayed ACK, about 40 ms per request on a kept-alive connection.
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

  /** The base URL, for example {@code http://localhost:8080}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The embedded dynalite's endpoint. */
  public URI dynamoDbEndpoint() {
    return dynamoDb.endpoint();
  }

  /** Stops HTTP first (no new requests), then dynalite. */
  @Override
  public void close() {
    stopQuietly(http, connector);
    dynamoDb.close();
  }

  /** Jetty's handler: everything a request meets before and after the Lambda handler. */
  private final class Edge extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      try {
        serve(request, response, callback);
      } catch (IOException | RuntimeException e) {
        // Reading the request failed (the client went away mid-body) or writing did: there is
        // nothing useful to answer; Jetty closes the connection.
        callback.failed(e);
      }
      return true;
    }
  }

  private void serve(Request request, Response response, Callback callback) throws IOException {
    String method = request.getMethod();
    String rawPath = request.getHttpURI().getPath();
    String rawQuery = Optional.ofNullable(request.getHttpURI().getQuery()).orElse("");
    if (!RequestTargets.isValid(rawPath, rawQuery)) {
      sendGatewayError(response, callback, 400, "Bad Request", null);
      return;
    }
    Map<String, List<String>> headers = headers(request);
    String origin = first(headers, "origin");
    if (cors.isPreflight(method, origin, first(headers, "access-control-request-method"))) {
      cors.preflightHeaders(origin).forEach(response.getHeaders()::add);
      send(response, callback, 204, NO_BODY);
      return;
    }
    Optional<ApiDocs.Page> page = ApiDocs.page(method, rawPath, first(headers, "host"), baseUrl());
    if (page.isPresent()) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, page.get().contentType());
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
      send(response, callback, 200, page.get().body());
      return;
    }
    byte[] body = hasBody(request) ? readBody(Content.Source.asInputStream(request)) : NO_BODY;
    if (body == null) {
      sendGatewayError(response, callback, 413, "Request Entity Too Large", origin);
      return;
    }
    Optional<RouteTable.RouteMatch> match = RouteTable.match(method, rawPath);
    if (match.isEmpty()) {
      sendGatewayError(response, callback, 404, "Not Found", origin);
      return;
    }
    GatewayEvents.Request event =
        new GatewayEvents.Request(
            method,
            rawPath,
            rawQuery,
            headers,
            body,
            Request.getRemoteAddr(request),
            requestId(),
            Instant.now());
    // The handler's Lambda entry point, as Lambda calls it: the event as JSON text in, the response
    // as JSON text out, so that local mode serves every request through the same event reader.
    JsonObject answer;
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(512);
      handler.handleRequest(
          new ByteArrayInputStream(
              GatewayEvents.event(event, match.get()).toString().getBytes(StandardCharsets.UTF_8)),
          out,
          new InvocationContext(event.requestId(), log::print));
      answer = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException | RuntimeException e) {
      // A Lambda that throws makes API Gateway answer 500 {"message":"Internal Server Error"}.
      e.printStackTrace(log);
      sendGatewayError(response, callback, 500, "Internal Server Error", origin);
      return;
    }
    sendLambdaResponse(response, callback, answer, origin);
  }

  /** Header names in lower case, repeats kept in order, as the event builder expects them. */
  private static Map<String, List<String>> headers(Request request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (HttpField field : request.getHeaders()) {
      headers
          .computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
          .add(field.getValue());
    }
    return headers;
  }

  private static String first(Map<String, List<String>> headers, String lowerName) {
    List<String> values = headers.get(lowerName);
    return values == null || values.isEmpty() ? null : values.get(0);
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

  /**
   * Whether the request has a body to read: a positive {@code Content-Length}, or none and a {@code
   * Transfer-Encoding} (RFC 9112, section 6.3: without either a request has no body). Reading an
   * absent body still costs a stream and a buffer, and most requests (GET, DELETE) have none.
   */
  private static boolean hasBody(Request request) {
    long length = request.getLength();
    return length > 0 || length < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
  }

  private static byte[] readBody(InputStream in) throws IOException {
    try (in) {
      byte[] bytes = in.readNBytes(MAX_PAYLOAD_BYTES + 1);
      return bytes.length > MAX_PAYLOAD_BYTES ? null : bytes;
    }
  }

  private void sendLambdaResponse(
      Response response, Callback callback, JsonObject r, String origin) {
    int status = r.get("statusCode").getAsInt();
    if (r.has("headers")) {
      for (Map.Entry<String, JsonElement> h : r.getAsJsonObject("headers").entrySet()) {
        // API Gateway drops the integration's CORS headers when CORS is configured.
        if (!(cors.enabled() && Cors.isCorsHeader(h.getKey()))) {
          response.getHeaders().add(h.getKey(), h.getValue().getAsString());
        }
      }
    }
    if (r.has("cookies")) {
      r.getAsJsonArray("cookies")
          .forEach(c -> response.getHeaders().add("set-cookie", c.getAsString()));
    }
    cors.responseHeaders(origin).forEach(response.getHeaders()::add);
    String text = r.has("body") && !r.get("body").isJsonNull() ? r.get("body").getAsString() : "";
    boolean base64 = r.has("isBase64Encoded") && r.get("isBase64Encoded").getAsBoolean();
    byte[] body = base64 ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
    send(response, callback, status, body);
  }

  private void sendGatewayError(
      Response response, Callback callback, int status, String message, String origin) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    cors.responseHeaders(origin).forEach(response.getHeaders()::add);
    send(response, callback, status, gatewayMessage(message));
  }

  static byte[] gatewayMessage(String message) {
    return ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static void send(Response response, Callback callback, int status, byte[] body) {
    response.setStatus(status);
    boolean noBody = status == 204 || status == 304;
    if (noBody) {
      response.write(true, null, callback);
      return;
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /**
   * Jetty's answer to what it refuses itself (unparseable requests, a missing or repeated {@code
   * Host}, a head too large): API Gateway's JSON shape with the status's reason phrase, never the
   * detail, which may name a Java exception.
   */
  static final class GatewayErrors extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      // Not ErrorHandler's own handle: it writes no body for methods other than GET, POST, HEAD.
      int code =
          request.getAttribute(ERROR_STATUS) instanceof Integer status
              ? status
              : response.getStatus();
      response.setStatus(code);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      String reason = Optional.ofNullable(HttpStatus.getMessage(code)).orElse("Error");
      byte[] body = gatewayMessage(reason);
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      response.write(true, ByteBuffer.wrap(body), callback);
      return true;
    }
  }

  /**
   * Runs local mode until Ctrl-C.
   *
   * <pre>
   * --port N               HTTP port on localhost (default 8080)
   * --data DIR             keep the data in DIR across restarts (default: in memory)
   * --cors-origins LIST    answer CORS for these origins (default: $USERS_CORS_ORIGINS, or none)
   * --self-test            start on a free port, send each route one request, stop (exit 0 if
   *                        each answered as expected); scripts/run-local.sh runs it after a build
   *                        to write the class archive that makes later starts fast
   * </pre>
   */
  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args, System.getenv());
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
    if (options.selfTest()) {
      System.exit(selfTest(options, System.out) ? 0 : 1);
      return;
    }
    LocalServer server;
    try {
      server = start(options.port(), options.dataDirectory(), System.out, options.cors());
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
    System.out.println(banner(server.baseUrl().toString(), options));
    // Serve until the JVM is asked to stop (Ctrl-C, SIGTERM): no server or engine thread keeps it
    // alive by itself (the engine is a child process, the edge's threads are daemons).
    try {
      new java.util.concurrent.CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Starts local mode on a free port, sends each route one request (create, read, update, list,
   * delete a throw-away user; the OpenAPI document), checks each status, and stops.
   *
   * @return true if every request got its expected status; each failure is printed to {@code out}
   */
  static boolean selfTest(Options options, PrintStream out) {
    try (LocalServer server = start(0, options.dataDirectory(), out, options.cors())) {
      String user = "self-test-" + Long.toHexString(System.nanoTime());
      String path = "/users/" + user;
      List<String> failures = new ArrayList<>();
      check(server, "POST", "/users", "{\"username\":\"" + user + "\",\"n\":1}", 201, failures);
      check(server, "GET", path, null, 200, failures);
      check(server, "PUT", path, "{\"n\":2}", 200, failures);
      check(server, "GET", "/users?limit=1", null, 200, failures);
      check(server, "DELETE", path, null, 204, failures);
      check(server, "GET", path, null, 404, failures);
      check(server, "GET", "/openapi.yaml", null, 200, failures);
      failures.forEach(f -> out.println("self-test: " + f));
      out.println(
          "self-test: "
              + (failures.isEmpty() ? "every route answered as expected" : "FAILED")
              + ".");
      return failures.isEmpty();
    } catch (IllegalStateException e) {
      out.println("self-test: local mode did not start: " + e.getMessage());
      return false;
    }
  }

  private static void check(
      LocalServer server,
      String method,
      String path,
      String json,
      int expected,
      List<String> failures) {
    try {
      java.net.HttpURLConnection c =
          (java.net.HttpURLConnection) server.baseUrl().resolve(path).toURL().openConnection();
      c.setRequestMethod(method);
      c.setConnectTimeout(30_000);
      c.setReadTimeout(30_000);
      if (json != null) {
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        try (var body = c.getOutputStream()) {
          body.write(json.getBytes(StandardCharsets.UTF_8));
        }
      }
      int status = c.getResponseCode();
      try (InputStream answer = status < 400 ? c.getInputStream() : c.getErrorStream()) {
        if (answer != null) {
          answer.readAllBytes();
        }
      }
      if (status != expected) {
        failures.add(method + " " + path + ": " + status + ", expected " + expected);
      }
    } catch (IOException e) {
      failures.add(method + " " + path + ": " + e);
    }
  }

  /** What local mode prints once it serves. */
  static String banner(String url, Options options) {
    return "User API (local mode) listening on "
        + url
        + "\n  API reference (try it in the browser): "
        + url
        + "/docs"
        + "\n  OpenAPI document: "
        + url
        + "/openapi.yaml"
        + "\n  data: "
        + options
            .dataDirectory()
            .map(p -> p.toAbsolutePath().toString())
            .orElse("in memory (lost on exit; --data DIR keeps it)")
        + "\n  CORS: "
        + (options.cors().enabled()
            ? "allowed for " + String.join(", ", options.cors().origins())
            : "off (--cors-origins http://localhost:5173 allows a front end's origin)")
        + "\n\nTry it:\n  curl -i -X POST -H 'Content-Type: application/json' -d '{\"username\":\"john\",\"email\":\"john@example.com\"}' "
        + url
        + "/users\n  curl -i "
        + url
        + "/users/john\n\nPress Ctrl-C to stop.";
  }

  /** Command-line options. */
  record Options(
      int port, Optional<Path> dataDirectory, Cors cors, boolean help, boolean selfTest) {

    /** The environment variable read when {@code --cors-origins} is not given. */
    static final String CORS_ENV = "USERS_CORS_ORIGINS";

    static final String USAGE =
        "usage: scripts/run-local.sh [--port N] [--data DIR] [--cors-origins LIST] [--self-test]\n"
            + "  --port N              HTTP port on localhost (default "
            + DEFAULT_PORT
            + ")\n"
            + "  --data DIR            keep the data in DIR across restarts (default: in memory)\n"
            + "  --cors-origins LIST   comma-separated origins a browser may call the API from,\n"
            + "                        e.g. http://localhost:5173, or * for any (default: $"
            + CORS_ENV
            + ",\n"
            + "                        or none); mirrors the stack setting corsAllowedOrigins\n"
            + "  --self-test           start on a free port, send each route one request, stop;\n"
            + "                        exit 0 if each answered as expected";

    static Options parse(String[] args) {
      return parse(args, Map.of());
    }

    static Options parse(String[] args, Map<String, String> env) {
      int port = DEFAULT_PORT;
      Optional<Path> data = Optional.empty();
      String origins = env.getOrDefault(CORS_ENV, "");
      boolean selfTest = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--port" -> port = port(value(args, ++i, "--port"));
          case "--data" -> data = Optional.of(Path.of(value(args, ++i, "--data")));
          case "--cors-origins" -> origins = value(args, ++i, "--cors-origins");
          case "--self-test" -> selfTest = true;
          case "-h", "--help" -> {
            return new Options(port, data, Cors.NONE, true, false);
          }
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      return new Options(port, data, Cors.parse(origins), false, selfTest);
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
