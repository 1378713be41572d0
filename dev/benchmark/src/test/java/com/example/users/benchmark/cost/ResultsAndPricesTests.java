package com.example.users.benchmark.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
    ops.put("get", new Results.Operation(2.31, 6.14, 0.124, 0.279, 0.181));
    Results r = new Results("2026-12-01T12:00:00Z", ops, 170, 155);
    Path file = dir.resolve("sub/results.json");
    r.write(file);
    assertThat(Results.read(file)).isEqualTo(r);
  }

  @Test
  void workload_shouldBillTheHandlersAndTheSdksOwnCompute_butNotTheWire() {
    Map<String, Results.Operation> ops = new LinkedHashMap<>();
    for (String op : CostModel.OPERATIONS) {
      ops.put(op, new Results.Operation(0.9, 3.0, 0.05, 0.2, 0.2));
    }
    ops.put("create", new Results.Operation(1.4, 4.0, 0.1, 0.3, 0.25));
    CostModel.Workload w = new CostReport(Prices.load()).workload(new Results("t", ops, 202, 182));
    assertThat(w.computeMs().get("get")).isCloseTo(0.25, within(1e-12));
    assertThat(w.computeMs().get("create")).isCloseTo(0.35, within(1e-12));
    assertThat(w.itemBytes()).isEqualTo(202);
    assertThat(w.requestLogBytes()).isEqualTo(182);
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
    assertThat(mix).isCloseTo(1.0, within(1e-9));
  }
}
