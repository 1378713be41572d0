package com.example.users.benchmark.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The results file round trip and the shipped price file's provenance. */
class ResultsAndPricesTests {

  @Test
  void read_shouldReturnWhatWriteWrote_whenRoundTripped(@TempDir Path dir) throws Exception {
    Map<String, Results.Operation> ops = new LinkedHashMap<>();
    ops.put("get", new Results.Operation(2.31, 6.14, 0.124, 0.279));
    Results r = new Results("2026-12-01T12:00:00Z", ops, 170, 155);
    Path file = dir.resolve("sub/results.json");
    r.write(file);
    assertThat(Results.read(file)).isEqualTo(r);
  }

  @Test
  void pricesFile_shouldNameSourceAndDate_forEveryPrice() {
    Prices prices = Prices.load();
    for (String key :
        List.of(
            "lambda.arm64.gbSecond",
            "lambda.request",
            "apigateway.http.request",
            "dynamodb.ondemand.readRequestUnit",
            "dynamodb.ondemand.writeRequestUnit",
            "dynamodb.provisioned.rcuHour",
            "dynamodb.provisioned.wcuHour",
            "logs.ingestionGb")) {
      assertThat(prices.source(key)).as(key).startsWith("https://").doesNotEndWith(", ?");
    }
    // the prices whose figure was found are there, and the default mix covers every request
    assertThat(prices.optional("lambda.arm64.gbSecond")).isPresent();
    double mix =
        CostModel.OPERATIONS.stream()
            .mapToDouble(op -> prices.number("assumption.mix." + op))
            .sum();
    assertThat(mix).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
  }
}
