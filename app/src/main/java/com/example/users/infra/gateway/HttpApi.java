package com.example.users.infra.gateway;

import com.example.users.http.Endpoint;
import com.example.users.http.RouteTable;
import com.example.users.infra.function.HandlerFunction;
import com.example.users.infra.settings.ApiAuth;
import com.example.users.infra.settings.StackSettings;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.pulumi.aws.apigatewayv2.Api;
import com.pulumi.aws.apigatewayv2.ApiArgs;
import com.pulumi.aws.apigatewayv2.Authorizer;
import com.pulumi.aws.apigatewayv2.AuthorizerArgs;
import com.pulumi.aws.apigatewayv2.Integration;
import com.pulumi.aws.apigatewayv2.IntegrationArgs;
import com.pulumi.aws.apigatewayv2.RouteArgs;
import com.pulumi.aws.apigatewayv2.Stage;
import com.pulumi.aws.apigatewayv2.StageArgs;
import com.pulumi.aws.apigatewayv2.inputs.ApiCorsConfigurationArgs;
import com.pulumi.aws.apigatewayv2.inputs.AuthorizerJwtConfigurationArgs;
import com.pulumi.aws.apigatewayv2.inputs.StageAccessLogSettingsArgs;
import com.pulumi.aws.apigatewayv2.inputs.StageDefaultRouteSettingsArgs;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.lambda.Permission;
import com.pulumi.aws.lambda.PermissionArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The API Gateway HTTP API: one route per {@link RouteTable#routes()} entry, plus, per path, one
 * route for each other method in {@link #ROUTABLE_METHODS} so that a wrong method still reaches the
 * handler (which answers 405 with {@code Allow}). There is deliberately no {@code $default} route:
 * unknown paths get API Gateway's 404 without invoking (or paying for) the function.
 *
 * <p>There is no {@code ANY} and no {@code OPTIONS} route either: API Gateway answers a CORS
 * preflight ({@code OPTIONS}) itself only when no route matches it, and a matching route would run
 * the route's IAM or JWT authorization, which a browser's preflight never carries. So preflight is
 * never authorized, with every {@code apiAuth}; without CORS an {@code OPTIONS} gets API Gateway's
 * 404.
 */
public final class HttpApi extends ComponentResource {

  /** The component's Pulumi type token, part of every child's URN: never change it. */
  public static final String TYPE = "users:api:HttpApi";

  /** The stage name; {@code $default} serves at the API's root URL. */
  public static final String STAGE = "$default";

  /**
   * The JSON access-log line. {@code $context} variables of HTTP APIs; numbers stay strings so that
   * a missing value ({@code -}) never breaks the JSON.
   */
  public static final Map<String, String> ACCESS_LOG_FIELDS = accessLogFields();

  /**
   * The methods an HTTP API route key may name besides {@code ANY} and {@code OPTIONS}: the methods
   * that reach the handler, on every path, so that it can answer 405.
   */
  public static final List<String> ROUTABLE_METHODS =
      List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");

  /** The request headers a browser may send cross-origin: {@link RouteTable#CORS_ALLOW_HEADERS}. */
  public static final List<String> CORS_ALLOW_HEADERS = RouteTable.CORS_ALLOW_HEADERS;

  /** The response headers a browser script may read: {@link RouteTable#CORS_EXPOSE_HEADERS}. */
  public static final List<String> CORS_EXPOSE_HEADERS = RouteTable.CORS_EXPOSE_HEADERS;

  /** How long a browser may cache a preflight answer, in seconds. */
  public static final int CORS_MAX_AGE_SECONDS = 600;

  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  private final Api api;
  private final Stage stage;
  private final LogGroup accessLogs;
  private final List<com.pulumi.aws.apigatewayv2.Route> routes = new ArrayList<>();

  /** Creates the API, its routes, stage, access logs and the permission to invoke the alias. */
  public HttpApi(
      String name,
      StackSettings settings,
      HandlerFunction function,
      ComponentResourceOptions options) {
    super(TYPE, name, options);
    CustomResourceOptions child = CustomResourceOptions.builder().parent(this).build();

    ApiArgs.Builder apiArgs =
        ApiArgs.builder().protocolType("HTTP").description("User management API");
    if (!settings.corsAllowedOrigins().isEmpty()) {
      apiArgs.corsConfiguration(
          ApiCorsConfigurationArgs.builder()
              .allowOrigins(settings.corsAllowedOrigins())
              .allowMethods(corsAllowMethods())
              .allowHeaders(CORS_ALLOW_HEADERS)
              .exposeHeaders(CORS_EXPOSE_HEADERS)
              .maxAge(CORS_MAX_AGE_SECONDS)
              // Credentials travel in headers (SigV4, bearer tokens), never in cookies.
              .allowCredentials(false)
              .build());
    }
    this.api = new Api(name, apiArgs.build(), child);

    Integration integration =
        new Integration(
            name + "-lambda",
            IntegrationArgs.builder()
                .apiId(api.id())
                .integrationType("AWS_PROXY")
                .integrationUri(function.alias().invokeArn())
                .payloadFormatVersion("2.0")
                .description("The user API function's live alias")
                .build(),
            child);
    Output<String> target = integration.id().applyValue(id -> "integrations/" + id);

    Authorizer authorizer = null;
    if (settings.apiAuth() == ApiAuth.JWT) {
      authorizer =
          new Authorizer(
              name + "-jwt",
              AuthorizerArgs.builder()
                  .apiId(api.id())
                  .authorizerType("JWT")
                  .identitySources("$request.header.Authorization")
                  .jwtConfiguration(
                      AuthorizerJwtConfigurationArgs.builder()
                          .issuer(settings.jwtIssuer().orElseThrow())
                          .audiences(settings.jwtAudience())
                          .build())
                  .build(),
              child);
    }

    for (String routeKey : routeKeys()) {
      RouteArgs.Builder args =
          RouteArgs.builder()
              .apiId(api.id())
              .routeKey(routeKey)
              .target(target)
              .authorizationType(settings.apiAuth().authorizationType());
      if (authorizer != null) {
        args.authorizerId(authorizer.id()).authorizationScopes(scopes(routeKey, settings));
      }
      routes.add(
          new com.pulumi.aws.apigatewayv2.Route(
              name + "-" + logicalName(routeKey), args.build(), child));
    }

    this.accessLogs =
        new LogGroup(
            name + "-access-logs",
            LogGroupArgs.builder().retentionInDays(settings.logRetentionDays()).build(),
            child);

    this.stage =
        new Stage(
            name + "-stage",
            StageArgs.builder()
                .apiId(api.id())
                .name(STAGE)
                .autoDeploy(true)
                .defaultRouteSettings(
                    StageDefaultRouteSettingsArgs.builder()
                        .throttlingBurstLimit(settings.throttleBurstLimit())
                        .throttlingRateLimit(settings.throttleRateLimit())
                        .build())
                .accessLogSettings(
                    StageAccessLogSettingsArgs.builder()
                        .destinationArn(accessLogs.arn())
                        .format(GSON.toJson(ACCESS_LOG_FIELDS))
                        .build())
                .build(),
            // Routes first, so the auto-deployed stage never serves a half-built API.
            CustomResourceOptions.builder().parent(this).dependsOn(List.copyOf(routes)).build());

    new Permission(
        name + "-invoke",
        PermissionArgs.builder()
            .action("lambda:InvokeFunction")
            .function(function.function().name())
            .qualifier(function.alias().name())
            .principal("apigateway.amazonaws.com")
            .sourceArn(api.executionArn().applyValue(arn -> arn + "/*/*"))
            .build(),
        child);

    registerOutputs(Map.of("endpoint", stage.invokeUrl(), "apiId", api.id()));
  }

  /**
   * The route keys the API serves: the route table, then for each path every other method of {@link
   * #ROUTABLE_METHODS}, which the handler answers with 405.
   */
  public static List<String> routeKeys() {
    List<String> keys = new ArrayList<>();
    RouteTable.routes().stream().map(Endpoint::routeKey).forEach(keys::add);
    for (String path : RouteTable.paths()) {
      List<String> served = RouteTable.methodsFor(path);
      ROUTABLE_METHODS.stream()
          .filter(m -> !served.contains(m))
          .forEach(m -> keys.add(m + " " + path));
    }
    return keys;
  }

  /** The methods of the route table, for CORS's {@code Access-Control-Allow-Methods}. */
  public static List<String> corsAllowMethods() {
    return RouteTable.corsAllowMethods().stream().sorted().toList();
  }

  /**
   * The JWT scopes a route accepts (a token needs one of them), from the route table's access of
   * its endpoint: the read scopes for a {@link Endpoint.Access#READ}, the write scopes for a {@link
   * Endpoint.Access#WRITE}, and either for the wrong-method routes, whose only answer is a 405.
   */
  public static List<String> scopes(String routeKey, StackSettings settings) {
    Optional<Endpoint> endpoint =
        RouteTable.routes().stream().filter(r -> r.routeKey().equals(routeKey)).findFirst();
    if (endpoint.isEmpty()) {
      List<String> any = new ArrayList<>(settings.jwtReadScopes());
      any.addAll(settings.jwtWriteScopes());
      return List.copyOf(any);
    }
    return switch (endpoint.get().access()) {
      case READ -> settings.jwtReadScopes();
      case WRITE -> settings.jwtWriteScopes();
    };
  }

  private static String logicalName(String routeKey) {
    return routeKey.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("-$", "");
  }

  private static Map<String, String> accessLogFields() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("requestId", "$context.requestId");
    fields.put("ip", "$context.identity.sourceIp");
    fields.put("requestTime", "$context.requestTime");
    fields.put("httpMethod", "$context.httpMethod");
    fields.put("path", "$context.path");
    fields.put("routeKey", "$context.routeKey");
    fields.put("status", "$context.status");
    fields.put("protocol", "$context.protocol");
    fields.put("responseLength", "$context.responseLength");
    fields.put("responseLatency", "$context.responseLatency");
    fields.put("integrationLatency", "$context.integrationLatency");
    fields.put("integrationStatus", "$context.integrationStatus");
    fields.put("integrationError", "$context.integrationErrorMessage");
    fields.put("authorizerError", "$context.authorizer.error");
    fields.put("userAgent", "$context.identity.userAgent");
    return Collections.unmodifiableMap(fields);
  }

  /** The HTTP API. */
  public Api api() {
    return api;
  }

  /** The {@code $default} stage. */
  public Stage stage() {
    return stage;
  }

  /** The access-log group. */
  public LogGroup accessLogs() {
    return accessLogs;
  }

  /** The routes, in {@link #routeKeys()} order. */
  public List<com.pulumi.aws.apigatewayv2.Route> routes() {
    return List.copyOf(routes);
  }
}
