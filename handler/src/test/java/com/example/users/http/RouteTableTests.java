package com.example.users.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTests {

  @Test
  void match_shouldBindPathParameters_raw() {
    var m = RouteTable.match("GET", "/users/jo%2Ehn").orElseThrow();
    assertThat(m.endpoint().operationId()).isEqualTo("getUser");
    assertThat(m.endpoint().access()).isEqualTo(Endpoint.Access.READ);
    assertThat(m.rawParameters()).isEqualTo(Map.of("username", "jo%2Ehn"));
    assertThat(m.routeKey("GET")).isEqualTo("GET /users/{username}");
  }

  @Test
  void match_shouldReportDisallowedMethods_withTheAllowList() {
    var m = RouteTable.match("PATCH", "/users/x").orElseThrow();
    assertThat(m.methodAllowed()).isFalse();
    assertThat(m.allowedMethods())
        .contains("GET")
        .doesNotContain("PATCH")
        .containsExactlyElementsOf(
            RouteTable.routes().stream()
                .filter(r -> r.path().equals("/users/{username}"))
                .map(Endpoint::method)
                .toList());
    assertThat(m.routeKey("PATCH")).isEqualTo("ANY /users/{username}");
  }

  @Test
  void match_shouldNotMatch_unknownOrMalformedPaths() {
    for (String path :
        new String[] {
          "/", "", "users", "/users/", "/users//", "/users/a/b", "/Users", "/users/a/"
        }) {
      assertThat(RouteTable.match("GET", path)).as(path).isEmpty();
    }
    assertThat(RouteTable.match("GET", null)).isEmpty();
  }

  @Test
  void paths_shouldBeDistinctTemplates() {
    assertThat(RouteTable.paths()).containsExactly("/users", "/users/{username}");
    assertThat(RouteTable.routes()).extracting(Endpoint::routeKey).doesNotHaveDuplicates();
  }

  @Test
  void decodeSegment_shouldDecodeEscapesAtEitherEnd_everyHexDigit_andNonAscii() {
    assertThat(RouteTable.decodeSegment("a%41")).contains("aA");
    assertThat(RouteTable.decodeSegment("%41%42")).contains("AB");
    assertThat(RouteTable.decodeSegment("%0A%09")).contains("\n\t");
    assertThat(RouteTable.decodeSegment("%7e%7E")).contains("~~");
    assertThat(RouteTable.decodeSegment("a%4")).isEmpty();
    assertThat(RouteTable.decodeSegment("a%")).isEmpty();
    assertThat(RouteTable.decodeSegment("%g1")).isEmpty();
    assertThat(RouteTable.decodeSegment("%1g")).isEmpty();
    assertThat(RouteTable.decodeSegment("\u007f\u0080\u00e9")).contains("\u007f\u0080\u00e9");
    assertThat(RouteTable.decodeSegment("%C3%A9x")).contains("\u00e9x");
  }

  @Test
  void decodeSegment_shouldDecodeStrictly() {
    assertThat(RouteTable.decodeSegment("a%2Fb")).contains("a/b");
    assertThat(RouteTable.decodeSegment("a+b")).contains("a+b");
    assertThat(RouteTable.decodeSegment("%C3%A9")).contains("é");
    assertThat(RouteTable.decodeSegment("é")).contains("é");
    assertThat(RouteTable.decodeSegment("%")).isEmpty();
    assertThat(RouteTable.decodeSegment("%4")).isEmpty();
    assertThat(RouteTable.decodeSegment("%zz")).isEmpty();
    assertThat(RouteTable.decodeSegment("%C3")).isEmpty();
    assertThat(RouteTable.decodeSegment("%FF")).isEmpty();
  }

  @Test
  void endpoint_shouldRefuseMalformedTemplates_andMissingParts() {
    Endpoint.Operation get = UserApi::get;
    assertThatThrownBy(() -> new Endpoint("get", "/x", "x", Endpoint.Access.READ, get))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Endpoint("GET", "x", "x", Endpoint.Access.READ, get))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Endpoint("GET", "/x/", "x", Endpoint.Access.READ, get))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Endpoint("GET", "/x", "x", null, get))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Endpoint("GET", "/x", "x", Endpoint.Access.READ, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
