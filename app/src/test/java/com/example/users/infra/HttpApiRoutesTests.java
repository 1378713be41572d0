package com.example.users.infra;

import static com.example.users.infra.Runs.integer;
import static com.example.users.infra.Runs.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.http.Endpoint;
import com.example.users.http.RouteTable;
import com.example.users.infra.RecordingMocks.Recorded;
import com.pulumi.test.PulumiTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP API's routes, CORS and JWT scopes under mocks, for every {@code apiAuth} mode: a CORS
 * preflight never meets an authorizer, wrong methods still reach the handler for its 405, and a
 * read-only token cannot write.
 */
class HttpApiRoutesTests {

  private static final String ORIGINS = "https://app.example.com,http://localhost:3000";

  /** The methods an HTTP API route key can name, besides ANY and OPTIONS. */
  private static final List<String> ROUTABLE =
      List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");

  private static ProgramRun run(String auth, Map<String, String> extra) {
    Map<String, String> config = StackFiles.defaults("us-east-1");
    config.put(StackFiles.PROJECT + ":apiAuth", auth);
    if (auth.equals("jwt")) {
      config.put(StackFiles.PROJECT + ":jwtIssuer", "https://issuer.example.com/pool");
      config.put(StackFiles.PROJECT + ":jwtAudience", "web-client");
    }
    extra.forEach((k, v) -> config.put(StackFiles.PROJECT + ":" + k, v));
    ProgramRun run = ProgramRun.of("api-" + auth, config);
    PulumiTest.cleanup();
    assertThat(run.result.exceptions()).isEmpty();
    return run;
  }

  private static List<String> routeKeys(ProgramRun run) {
    return run.all(Types.ROUTE).stream().map(r -> (String) r.input("routeKey")).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "iam", "jwt"})
  void preflight_matchesNoRoute_soApiGatewayAnswersItWithoutAuthorization(String auth) {
    ProgramRun run = run(auth, Map.of("corsAllowedOrigins", ORIGINS));

    // API Gateway answers an OPTIONS preflight itself only when no route matches it; ANY,
    // OPTIONS and $default routes would match and run the route's authorization.
    assertThat(routeKeys(run))
        .isNotEmpty()
        .noneSatisfy(k -> assertThat(k).startsWith("OPTIONS "))
        .noneSatisfy(k -> assertThat(k).startsWith("ANY "))
        .doesNotContain("$default");
    Map<String, Object> cors = map(run.one(Types.API).input("corsConfiguration"));
    assertThat(cors.get("allowOrigins"))
        .isEqualTo(List.of("https://app.example.com", "http://localhost:3000"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "iam", "jwt"})
  void everyRoutableMethod_onEveryPath_reachesTheHandler_forItsAnswerOr405(String auth) {
    ProgramRun run = run(auth, Map.of("corsAllowedOrigins", ORIGINS));
    String target = "integrations/" + run.one(Types.INTEGRATION).name() + "-id";
    List<String> keys = routeKeys(run);
    for (String path : RouteTable.paths()) {
      for (String method : ROUTABLE) {
        assertThat(keys).contains(method + " " + path);
      }
    }
    assertThat(keys).hasSize(RouteTable.paths().size() * ROUTABLE.size());
    assertThat(run.all(Types.ROUTE))
        .allSatisfy(r -> assertThat(r.input("target")).isEqualTo(target));
  }

  @EveryStack
  void cors_isOnExactlyForTheStacksOrigins(String stack) {
    List<String> origins = StackFiles.settings(stack).corsAllowedOrigins();
    Object cors = Runs.of(stack).one(Types.API).input("corsConfiguration");
    if (origins.isEmpty()) {
      assertThat(cors).as("[%s] CORS without corsAllowedOrigins", stack).isNull();
    } else {
      assertThat(map(cors).get("allowOrigins"))
          .as("[%s] CORS origins (setting corsAllowedOrigins)", stack)
          .isEqualTo(origins);
    }
  }

  @Test
  void cors_isOff_byDefault() {
    assertThat(StackFiles.declared().get("corsAllowedOrigins")).containsEntry("default", "");
    assertThat(run("iam", Map.of()).one(Types.API).input("corsConfiguration")).isNull();
  }

  @Test
  void cors_allowsTheRouteTablesMethods_andItsCorsHeaders() {
    Map<String, Object> cors =
        map(
            run("iam", Map.of("corsAllowedOrigins", ORIGINS))
                .one(Types.API)
                .input("corsConfiguration"));

    assertThat(cors.get("allowMethods"))
        .isEqualTo(RouteTable.routes().stream().map(Endpoint::method).distinct().sorted().toList());
    // The handler's one list, which local mode's CORS uses too.
    assertThat(cors.get("allowHeaders")).isEqualTo(RouteTable.CORS_ALLOW_HEADERS);
    assertThat(RouteTable.CORS_ALLOW_HEADERS).contains("if-match", "authorization");
    assertThat(cors.get("exposeHeaders")).isEqualTo(RouteTable.CORS_EXPOSE_HEADERS);
    assertThat(RouteTable.CORS_EXPOSE_HEADERS).contains("etag", "location");
    assertThat(integer(cors.get("maxAge"))).isEqualTo(600);
    assertThat(cors.get("allowCredentials")).isEqualTo(false);
  }

  @Test
  void cors_acceptsAnyOrigin_whenAskedForStar() {
    Map<String, Object> cors =
        map(
            run("none", Map.of("corsAllowedOrigins", "*"))
                .one(Types.API)
                .input("corsConfiguration"));
    assertThat(cors.get("allowOrigins")).isEqualTo(List.of("*"));
  }

  @Test
  void jwt_readsNeedAReadScope_writesAWriteScope_onEveryRoute() {
    ProgramRun run = run("jwt", Map.of());
    String authorizer = run.one(Types.AUTHORIZER).name() + "-id";
    for (Recorded route : run.all(Types.ROUTE)) {
      String key = (String) route.input("routeKey");
      assertThat(route.input("authorizationType")).as(key).isEqualTo("JWT");
      assertThat(route.input("authorizerId")).as(key).isEqualTo(authorizer);
      Optional<Endpoint> endpoint =
          RouteTable.routes().stream().filter(r -> r.routeKey().equals(key)).findFirst();
      List<String> expected =
          endpoint.isEmpty()
              ? List.of("users:read", "users:write")
              : endpoint.get().access() == Endpoint.Access.READ
                  ? List.of("users:read")
                  : List.of("users:write");
      assertThat(route.input("authorizationScopes")).as(key).isEqualTo(expected);
    }
  }

  @Test
  void jwt_aReadOnlyToken_cannotCreateChangeOrDeleteUsers() {
    ProgramRun run =
        run("jwt", Map.of("jwtReadScopes", "api/read", "jwtWriteScopes", "api/admin, api/write"));
    Map<String, Recorded> byKey = new HashMap<>();
    run.all(Types.ROUTE).forEach(r -> byKey.put((String) r.input("routeKey"), r));
    List<Endpoint> writes =
        RouteTable.routes().stream().filter(r -> r.access() == Endpoint.Access.WRITE).toList();
    assertThat(writes).extracting(Endpoint::operationId).contains("createUser", "deleteUser");
    for (Endpoint endpoint : RouteTable.routes()) {
      assertThat(byKey.get(endpoint.routeKey()).input("authorizationScopes"))
          .as(endpoint.routeKey())
          .isEqualTo(
              writes.contains(endpoint) ? List.of("api/admin", "api/write") : List.of("api/read"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "iam"})
  void scopes_areOnlyForJwt(String auth) {
    assertThat(run(auth, Map.of()).all(Types.ROUTE))
        .allSatisfy(r -> assertThat(r.input("authorizationScopes")).isNull());
  }
}
