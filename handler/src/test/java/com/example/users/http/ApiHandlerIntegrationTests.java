package com.example.users.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.config.HandlerConfig;
import com.example.users.storage.DynamoDbClients;
import com.example.users.testing.DynaliteExtension;
import com.example.users.testing.HandlerClient;
import com.example.users.testing.HandlerClient.Response;
import com.example.users.testing.TestTable;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Every route and error case, through the Lambda entry point, against dynalite. */
@ExtendWith(DynaliteExtension.class)
class ApiHandlerIntegrationTests {

  private HandlerConfig config;
  private HandlerClient client;

  @BeforeEach
  void setUp(HandlerConfig config) {
    this.config = config;
    this.client =
        new HandlerClient(new ApiHandler(config, DynamoDbClients.localCredentials(), List.of()));
  }

  @Test
  void curlSession_shouldGive201_200_200_204_404_likeTheSampleReadme() {
    Response created =
        client.send("POST", "/users", "{\"username\":\"john\", \"email\":\"john@example.com\"}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("location")).isEqualTo("/users/john");
    assertThat(created.header("etag")).isEqualTo("\"1\"");
    assertThat(created.json().get("email").getAsString()).isEqualTo("john@example.com");
    assertThat(created.json().get("version").getAsLong()).isEqualTo(1);

    Response got = client.send("GET", "/users/john");
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json()).isEqualTo(created.json());

    Response updated = client.send("PUT", "/users/john", "{\"country\":\"US\", \"state\":\"WA\"}");
    assertThat(updated.status()).isEqualTo(200);
    JsonObject user = updated.json();
    assertThat(user.get("country").getAsString()).isEqualTo("US");
    assertThat(user.get("state").getAsString()).isEqualTo("WA");
    assertThat(user.get("email").getAsString()).isEqualTo("john@example.com");
    assertThat(user.get("version").getAsLong()).isEqualTo(2);
    assertThat(updated.header("etag")).isEqualTo("\"2\"");
    assertThat(user.get("createdAt")).isEqualTo(created.json().get("createdAt"));

    Response deleted = client.send("DELETE", "/users/john");
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();

    Response gone = client.send("GET", "/users/john");
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.header("content-type")).isEqualTo("application/problem+json");
    assertThat(gone.json().get("detail").getAsString()).isEqualTo("User 'john' does not exist.");
    assertThat(TestTable.scanAll(config)).isEmpty();
  }

  @Test
  void create_shouldAnswer409AndKeepTheFirstUser_whenTheNameIsTaken() {
    client.send("POST", "/users", "{\"username\":\"ann\",\"n\":1}");
    Response again = client.send("POST", "/users", "{\"username\":\"ann\",\"n\":2}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().get("type").getAsString())
        .isEqualTo("urn:user-api:problem:user-already-exists");
    assertThat(client.send("GET", "/users/ann").json().get("n").getAsInt()).isEqualTo(1);
  }

  @Test
  void update_and_delete_shouldAnswer404_whenTheUserDoesNotExist() {
    assertThat(client.send("PUT", "/users/ghost", "{\"a\":1}").status()).isEqualTo(404);
    assertThat(client.send("DELETE", "/users/ghost").status()).isEqualTo(404);
    assertThat(TestTable.scanAll(config)).isEmpty();
  }

  @Test
  void update_shouldRemoveAttributes_whenTheValueIsNull() {
    client.send("POST", "/users", "{\"username\":\"bob\",\"a\":1,\"b\":2}");
    Response updated = client.send("PUT", "/users/bob", "{\"a\":null,\"c\":{\"d\":null}}");
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json().has("a")).isFalse();
    assertThat(updated.json().get("b").getAsInt()).isEqualTo(2);
    assertThat(updated.json().getAsJsonObject("c").get("d").isJsonNull()).isTrue();
  }

  @Test
  void ifMatch_shouldGive412OnAStaleVersion_andSucceedOnTheCurrentOne() {
    client.send("POST", "/users", "{\"username\":\"eve\"}");
    Response stale = client.send("PUT", "/users/eve", "", "{\"a\":1}", headers("\"7\""));
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.json().get("detail").getAsString()).contains("\"1\"");
    Response ok = client.send("PUT", "/users/eve", "", "{\"a\":1}", headers("\"1\""));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.header("etag")).isEqualTo("\"2\"");
    assertThat(client.send("DELETE", "/users/eve", "", null, headers("\"1\"")).status())
        .isEqualTo(412);
    assertThat(client.send("DELETE", "/users/eve", "", null, headers("W/\"2\"")).status())
        .isEqualTo(412);
    assertThat(client.send("DELETE", "/users/eve", "", null, headers("\"abc\"")).status())
        .isEqualTo(412);
    assertThat(client.send("DELETE", "/users/eve", "", null, headers("garbage")).status())
        .isEqualTo(400);
    assertThat(client.send("DELETE", "/users/eve", "", null, headers("\"2\"")).status())
        .isEqualTo(204);
    assertThat(client.send("DELETE", "/users/eve", "", null, headers("*")).status()).isEqualTo(404);
  }

  /**
   * An item written by another tool (a migration, the console) without the server-owned fields
   * reads with version 0 and null timestamps, and the first update gives it version 1 and an
   * updatedAt, without inventing a createdAt.
   */
  @Test
  void itemsWithoutServerOwnedFields_shouldReadWithDefaults_andBecomeVersionedOnUpdate() {
    try (var dynamoDb = TestTable.client(config)) {
      dynamoDb.putItem(
          r ->
              r.tableName(config.tableName())
                  .item(
                      Map.of(
                          "username", AttributeValue.fromS("legacy"),
                          "email", AttributeValue.fromS("old@example.com"))));
    }
    Response read = client.send("GET", "/users/legacy");
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    assertThat(read.header("etag")).isEqualTo("\"0\"");
    assertThat(read.body())
        .isEqualTo(
            "{\"username\":\"legacy\",\"email\":\"old@example.com\",\"createdAt\":null,"
                + "\"updatedAt\":null,\"version\":0}");
    assertThat(client.send("GET", "/users", "", null, Map.of()).body()).contains("\"version\":0");

    Response stale =
        client.send(
            "PUT",
            "/users/legacy",
            "",
            "{\"a\":1}",
            Map.of("content-type", "application/json", "if-match", "\"3\""));
    assertThat(stale.status()).as(stale.body()).isEqualTo(412);
    assertThat(stale.json().get("detail").getAsString()).contains("\"0\"");

    Response updated = client.send("PUT", "/users/legacy", "{\"a\":1}");
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    JsonObject user = updated.json();
    assertThat(user.get("version").getAsInt()).isEqualTo(1);
    assertThat(user.get("updatedAt").getAsString()).isNotBlank();
    assertThat(user.get("createdAt").isJsonNull()).isTrue();
    assertThat(user.get("email").getAsString()).isEqualTo("old@example.com");

    Response again =
        client.send(
            "PUT",
            "/users/legacy",
            "",
            "{\"a\":2}",
            Map.of("content-type", "application/json", "if-match", "\"1\""));
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json().get("version").getAsInt()).isEqualTo(2);
    assertThat(client.send("DELETE", "/users/legacy").status()).isEqualTo(204);
  }

  @Test
  void serverOwnedFields_shouldBeRefusedWith400NamingTheField() {
    for (String field : List.of("createdAt", "updatedAt", "version")) {
      Response r = client.send("POST", "/users", "{\"username\":\"sam\",\"" + field + "\":1}");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().get("detail").getAsString()).contains("\"" + field + "\"");
    }
    client.send("POST", "/users", "{\"username\":\"sam\"}");
    Response rename = client.send("PUT", "/users/sam", "{\"username\":\"tom\"}");
    assertThat(rename.status()).isEqualTo(400);
    assertThat(rename.json().get("detail").getAsString()).contains("\"username\"");
    assertThat(client.send("PUT", "/users/sam", "{\"version\":9}").status()).isEqualTo(400);
    assertThat(client.send("GET", "/users/sam").json().get("version").getAsInt()).isEqualTo(1);
  }

  @Test
  void everyJsonType_shouldRoundTrip_withNumbersNormalisedAsDynamoDbDoes() {
    String body =
        "{\"username\":\"types\",\"s\":\"héllo 👋\",\"empty\":\"\",\"t\":true,\"f\":false,"
            + "\"big\":12345678901234567890123456789012345678,\"small\":-0.000000000000000000000000000001,"
            + "\"trailing\":1.50,\"exp\":1e3,\"negzero\":-0,\"arr\":[1,\"x\",null,[],{}],"
            + "\"obj\":{\"nested\":{\"deep\":[true]},\"n\":null}}";
    Response created = client.send("POST", "/users", body);
    assertThat(created.status()).isEqualTo(201);
    JsonObject got = client.send("GET", "/users/types").json();
    assertThat(got).isEqualTo(created.json());
    assertThat(got.get("big").getAsBigDecimal())
        .isEqualByComparingTo("12345678901234567890123456789012345678");
    assertThat(got.get("trailing").toString()).isEqualTo("1.5");
    assertThat(got.get("exp").toString()).isEqualTo("1000");
    assertThat(got.get("negzero").toString()).isEqualTo("0");
    assertThat(got.get("s").getAsString()).isEqualTo("héllo 👋");
    assertThat(got.getAsJsonArray("arr").toString()).isEqualTo("[1,\"x\",null,[],{}]");
    assertThat(got.getAsJsonObject("obj").get("n").isJsonNull()).isTrue();
  }

  @Test
  void extremeNumbers_shouldReadBackExactlyAsCreated_soOurNormalFormIsDynamoDbs() {
    String body =
        "{\"username\":\"extremes\",\"tiny\":1E-130,\"negtiny\":-1.5E-129,"
            + "\"huge\":9.9999999999999999999999999999999999999E+125,\"neghuge\":-1E+125,"
            + "\"mixed\":123.4560000E-7,\"int\":100,\"frac\":0.10}";
    Response created = client.send("POST", "/users", body);
    assertThat(created.status()).isEqualTo(201);
    assertThat(client.send("GET", "/users/extremes").json()).isEqualTo(created.json());
    Response updated = client.send("PUT", "/users/extremes", "{\"tiny\":2E-130,\"x\":[1.0,2.50]}");
    assertThat(updated.json()).isEqualTo(client.send("GET", "/users/extremes").json());
    assertThat(updated.json().get("x").toString()).isEqualTo("[1,2.5]");
  }

  @Test
  void numbers_shouldBeRefused_whenDynamoDbCannotStoreThemExactly() {
    Response tooPrecise =
        client.send(
            "POST",
            "/users",
            "{\"username\":\"n\",\"x\":1.234567890123456789012345678901234567891}");
    assertThat(tooPrecise.status()).isEqualTo(400);
    assertThat(tooPrecise.json().get("detail").getAsString()).contains("38");
    assertThat(client.send("POST", "/users", "{\"username\":\"n\",\"x\":1e126}").status())
        .isEqualTo(400);
    assertThat(client.send("POST", "/users", "{\"username\":\"n\",\"x\":1e-131}").status())
        .isEqualTo(400);
    assertThat(TestTable.scanAll(config)).isEmpty();
  }

  @Test
  void list_shouldPageThroughEveryUserOnce() {
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 23; i++) {
      client.send("POST", "/users", "{\"username\":\"user" + i + "\"}");
      expected.add("user" + i);
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Response page =
          client.send(
              "GET",
              "/users",
              "limit=5" + (cursor == null ? "" : "&cursor=" + cursor),
              null,
              Map.of());
      assertThat(page.status()).isEqualTo(200);
      JsonObject json = page.json();
      assertThat(json.getAsJsonArray("users").size()).isLessThanOrEqualTo(5);
      json.getAsJsonArray("users")
          .forEach(u -> seen.add(u.getAsJsonObject().get("username").getAsString()));
      cursor = json.has("nextCursor") ? json.get("nextCursor").getAsString() : null;
      pages++;
    } while (cursor != null && pages < 20);
    assertThat(seen).hasSize(23).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(pages).isBetween(5, 6);
  }

  @Test
  void list_shouldUseTheDefaultPageSizeAndRefuseBadParameters() {
    for (int i = 0; i < 30; i++) {
      client.send("POST", "/users", "{\"username\":\"p" + i + "\"}");
    }
    Response first = client.send("GET", "/users");
    assertThat(first.json().getAsJsonArray("users")).hasSize(25);
    assertThat(first.json().has("nextCursor")).isTrue();
    for (String query :
        List.of(
            "limit=0",
            "limit=-1",
            "limit=101",
            "limit=abc",
            "limit=99999999999",
            "cursor=",
            "cursor=abc",
            "limt=5")) {
      Response r = client.send("GET", "/users", query, null, Map.of());
      assertThat(r.status()).as(query).isEqualTo(400);
      assertThat(r.header("content-type")).isEqualTo("application/problem+json");
    }
    assertThat(
            client
                .send("GET", "/users", "limit=100", null, Map.of())
                .json()
                .getAsJsonArray("users"))
        .hasSize(30);
  }

  @Test
  void routing_shouldAnswer404ForUnknownPathsAnd405WithAllowForWrongMethods() {
    assertThat(client.send("GET", "/nope").status()).isEqualTo(404);
    assertThat(client.send("GET", "/users/a/b").status()).isEqualTo(404);
    Response wrong = client.send("PATCH", "/users/john");
    assertThat(wrong.status()).isEqualTo(405);
    assertThat(wrong.header("allow")).isEqualTo(allowed("/users/{username}")).contains("GET");
    assertThat(client.send("DELETE", "/users").header("allow"))
        .isEqualTo(allowed("/users"))
        .contains("POST");
  }

  @Test
  void bodies_shouldNeedJsonContentType_andValidJsonObjects() {
    assertThat(client.send("POST", "/users", "", "{\"username\":\"x\"}", Map.of()).status())
        .isEqualTo(415);
    assertThat(
            client
                .send(
                    "POST",
                    "/users",
                    "",
                    "{\"username\":\"x\"}",
                    Map.of("Content-Type", "text/plain"))
                .status())
        .isEqualTo(415);
    assertThat(
            client
                .send(
                    "POST",
                    "/users",
                    "",
                    "{\"username\":\"x\"}",
                    Map.of("Content-Type", "application/json; charset=latin1"))
                .status())
        .isEqualTo(415);
    assertThat(
            client
                .send(
                    "POST",
                    "/users",
                    "",
                    "{\"username\":\"x1\"}",
                    Map.of("CONTENT-TYPE", "Application/JSON; charset=UTF-8"))
                .status())
        .isEqualTo(201);
    assertThat(client.send("POST", "/users", "{\"username\":").status()).isEqualTo(400);
    assertThat(client.send("POST", "/users", "[1]").status()).isEqualTo(400);
    assertThat(client.send("POST", "/users", "").status()).isEqualTo(400);
    assertThat(client.send("POST", "/users", "{\"username\":\"x\",\"username\":\"y\"}").status())
        .isEqualTo(400);
    assertThat(client.send("PUT", "/users/x1", "{}").status()).isEqualTo(400);
  }

  @Test
  void base64Bodies_shouldBeDecoded_andInvalidBase64Refused() {
    String body =
        Base64.getEncoder()
            .encodeToString("{\"username\":\"b64\",\"x\":\"é\"}".getBytes(StandardCharsets.UTF_8));
    Response ok =
        client.sendEvent(
            HandlerClient.event(
                "POST", "/users", "", body, true, Map.of("content-type", "application/json")));
    assertThat(ok.status()).isEqualTo(201);
    assertThat(ok.json().get("x").getAsString()).isEqualTo("é");
    Response bad =
        client.sendEvent(
            HandlerClient.event(
                "POST",
                "/users",
                "",
                "!!not base64!!",
                true,
                Map.of("content-type", "application/json")));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("detail").getAsString()).contains("base64");
  }

  @Test
  void pathUsernames_shouldBePercentDecodedAndValidatedLikeBodyUsernames() {
    client.send("POST", "/users", "{\"username\":\"a.b-c_d\"}");
    assertThat(client.send("GET", "/users/a%2Eb-c_d").status()).isEqualTo(200);
    assertThat(client.send("GET", "/users/a%2Fb").status()).isEqualTo(400);
    assertThat(client.send("GET", "/users/..").status()).isEqualTo(400);
    assertThat(client.send("GET", "/users/John").status()).isEqualTo(400);
    assertThat(client.send("GET", "/users/%zz").status()).isEqualTo(400);
    assertThat(client.send("GET", "/users/%C3%A9").status()).isEqualTo(400);
  }

  @Test
  void sizeLimits_shouldAnswer413_andLeaveTheUserUnchanged() {
    String big = "x".repeat(70 * 1024);
    Response tooBig = client.send("POST", "/users", "{\"username\":\"big\",\"a\":\"" + big + "\"}");
    assertThat(tooBig.status()).isEqualTo(413);
    assertThat(tooBig.json().get("detail").getAsString()).contains("65536");

    client.send("POST", "/users", "{\"username\":\"grow\"}");
    String chunk = "y".repeat(60 * 1024);
    int status = 200;
    int writes = 0;
    while (status == 200 && writes < 10) {
      status =
          client.send("PUT", "/users/grow", "{\"a" + writes + "\":\"" + chunk + "\"}").status();
      writes++;
    }
    assertThat(status).isEqualTo(413);
    Response user = client.send("GET", "/users/grow");
    assertThat(user.json().get("version").getAsInt()).isEqualTo(writes);
    assertThat(user.json().has("a" + (writes - 1))).isFalse();
  }

  @Test
  void requestLog_shouldHaveOneLineWithTheRouteStatusAndCalls_andNoAttributeValues() {
    client.send("POST", "/users", "{\"username\":\"logme\",\"email\":\"secret@example.com\"}");
    List<String> lines = client.lastContext().logLines();
    assertThat(lines).hasSize(1);
    JsonObject line = JsonParser.parseString(lines.get(0)).getAsJsonObject();
    assertThat(line.get("route").getAsString()).isEqualTo("POST /users");
    assertThat(line.get("status").getAsInt()).isEqualTo(201);
    assertThat(line.get("dynamodbCalls").getAsInt()).isEqualTo(1);
    assertThat(line.has("latencyMs")).isTrue();
    assertThat(lines.get(0)).doesNotContain("secret@example.com").doesNotContain("logme");
  }

  private static Map<String, String> headers(String ifMatch) {
    return Map.of("content-type", "application/json", "if-match", ifMatch);
  }

  /** The {@code Allow} header of a path: the route table's methods on it, in its order. */
  private static String allowed(String pathTemplate) {
    return String.join(
        ", ",
        RouteTable.routes().stream()
            .filter(r -> r.path().equals(pathTemplate))
            .map(Endpoint::method)
            .toList());
  }
}
