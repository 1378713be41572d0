package com.example.users.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.user.UserException;
import com.example.users.user.UserRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** {@code docs/openapi.yaml} documents exactly the route table, its limits and problem types. */
class OpenApiDocumentTests {

  private static Map<String, Object> doc;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = Files.newInputStream(Path.of("..", "docs", "openapi.yaml"))) {
      doc = new Yaml().load(in);
    }
  }

  @Test
  void document_shouldBeOpenApi31() {
    assertThat(doc.get("openapi")).isEqualTo("3.1.0");
  }

  @Test
  void operations_shouldEqualTheRouteTable() {
    Set<String> documented = new HashSet<>();
    map(doc, "paths")
        .forEach(
            (path, item) ->
                map(item)
                    .forEach(
                        (method, op) -> {
                          if (!method.equals("parameters")) {
                            documented.add(
                                method.toUpperCase()
                                    + " "
                                    + path
                                    + " "
                                    + map(op).get("operationId"));
                          }
                        }));
    Set<String> routes =
        RouteTable.routes().stream()
            .map(r -> r.routeKey() + " " + r.operationId())
            .collect(Collectors.toSet());
    assertThat(documented)
        .as(
            "operations of docs/openapi.yaml (method, path, operationId) against the route table"
                + " (handler/src/main/java/com/example/users/http/RouteTable.java): add or correct"
                + " the operation in docs/openapi.yaml, or the entry in RouteTable")
        .isEqualTo(routes);
  }

  /** The JWT scope the stack requires by default for an access, as app's settings name it. */
  private static final Map<Endpoint.Access, String> DEFAULT_SCOPE =
      Map.of(Endpoint.Access.READ, "users:read", Endpoint.Access.WRITE, "users:write");

  @Test
  void security_shouldMatchEachOperationsAccessInTheRouteTable() {
    for (Endpoint endpoint : RouteTable.routes()) {
      Map<String, Object> operation =
          map(map(map(doc, "paths"), endpoint.path()), endpoint.method().toLowerCase());
      Object security = operation.get("security");
      assertThat(security)
          .as(
              "docs/openapi.yaml, security of %s (%s): the route table gives it access %s, so the"
                  + " stack requires JWT scope %s; write that in docs/openapi.yaml (or change the"
                  + " access in handler/src/main/java/com/example/users/http/RouteTable.java)",
              endpoint.operationId(),
              endpoint.routeKey(),
              endpoint.access(),
              DEFAULT_SCOPE.get(endpoint.access()))
          .isEqualTo(
              List.of(
                  Map.of(),
                  Map.of("iam", List.of()),
                  Map.of("jwt", List.of(DEFAULT_SCOPE.get(endpoint.access())))));
    }
  }

  @Test
  void limits_shouldMatchTheCode() {
    Map<String, Object> schemas = map(map(doc, "components"), "schemas");
    Map<String, Object> username = map(schemas, "Username");
    assertThat(username.get("maxLength")).isEqualTo(UserRules.MAX_USERNAME_LENGTH);
    assertThat(username.get("minLength")).isEqualTo(UserRules.MIN_USERNAME_LENGTH);
    Pattern documented = Pattern.compile((String) username.get("pattern"));
    for (String candidate :
        List.of(
            "john",
            "a",
            "a.b-c_d",
            "John",
            "-x",
            ".",
            "..",
            "a/b",
            "é",
            "x".repeat(64),
            "x".repeat(65),
            "")) {
      boolean codeAccepts;
      try {
        UserRules.username(candidate);
        codeAccepts = true;
      } catch (UserException e) {
        codeAccepts = false;
      }
      assertThat(documented.matcher(candidate).find()).as(candidate).isEqualTo(codeAccepts);
    }
    assertThat(map(schemas, "AttributeName").get("maxLength"))
        .isEqualTo(UserRules.MAX_ATTRIBUTE_NAME_LENGTH);
    assertThat(map(schemas, "Changes").get("maxProperties")).isEqualTo(UserRules.MAX_ATTRIBUTES);
    assertThat(map(schemas, "NewUser").get("maxProperties"))
        .isEqualTo(UserRules.MAX_ATTRIBUTES + 1);
    assertThat((String) map(schemas, "NewUser").get("description"))
        .contains(Integer.toString(UserRules.MAX_BODY_BYTES));
    assertThat(((String) map(schemas, "AttributeValue").get("description")).replaceAll("\\s+", " "))
        .contains(UserRules.MAX_DEPTH + " levels")
        .contains(UserRules.MAX_NUMBER_DIGITS + " significant digits");

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> listParams =
        (List<Map<String, Object>>) map(map(map(doc, "paths"), "/users"), "get").get("parameters");
    Map<String, Object> limit = map(listParams.get(0), "schema");
    assertThat(listParams.get(0).get("name")).isEqualTo("limit");
    assertThat(limit.get("maximum")).isEqualTo(UserRules.MAX_PAGE_SIZE);
    assertThat(limit.get("default")).isEqualTo(UserRules.DEFAULT_PAGE_SIZE);
  }

  @Test
  void problemTypes_shouldEqualTheOnesTheCodeUses() {
    @SuppressWarnings("unchecked")
    List<String> documented = (List<String>) doc.get("x-problem-types");
    assertThat(documented)
        .containsExactlyInAnyOrderElementsOf(
            Problem.TYPES.stream().map(t -> Problem.TYPE_PREFIX + t).toList());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    return map(parent.get(key));
  }
}
