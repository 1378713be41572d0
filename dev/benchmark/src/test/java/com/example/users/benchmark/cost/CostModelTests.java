package com.example.users.benchmark.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The cost arithmetic against a case computed by hand with round prices. */
class CostModelTests {

  private static Properties roundPrices() {
    Properties p = new Properties();
    p.setProperty("lambda.arm64.gbSecond", "0.00001");
    p.setProperty("lambda.request", "0.0000002");
    p.setProperty("apigateway.http.request", "0.000001");
    p.setProperty("dynamodb.ondemand.readRequestUnit", "0.000000125");
    p.setProperty("dynamodb.ondemand.writeRequestUnit", "0.000000625");
    p.setProperty("dynamodb.provisioned.rcuHour", "");
    p.setProperty("dynamodb.provisioned.wcuHour", "");
    p.setProperty("logs.ingestionGb", "0.5");
    p.setProperty("assumption.dynamoDbRoundTripMs", "5");
    p.setProperty("assumption.fullVcpuMemoryMb", "1024");
    p.setProperty("assumption.mix.get", "0.6");
    p.setProperty("assumption.mix.list", "0.2");
    p.setProperty("assumption.mix.create", "0.1");
    p.setProperty("assumption.mix.update", "0.05");
    p.setProperty("assumption.mix.delete", "0.05");
    p.setProperty("assumption.listPageSize", "25");
    p.setProperty("assumption.provisioned.minUnits", "5");
    p.setProperty("assumption.provisioned.targetUtilisation", "0.7");
    p.setProperty("assumption.hoursPerMonth", "730");
    p.setProperty("assumption.log.platformStart", "a".repeat(100));
    p.setProperty("assumption.log.platformReport", "b".repeat(200));
    p.setProperty("assumption.log.accessLine", "c".repeat(300));
    p.setProperty("assumption.log.eventOverheadBytes", "25");
    return p;
  }

  private static CostModel.Workload workload(double computeMs) {
    return new CostModel.Workload(
        Map.of(
            "get", computeMs, "list", computeMs, "create", computeMs, "update", computeMs, "delete",
            computeMs),
        1000,
        175);
  }

  private final CostModel model = new CostModel(new Prices(roundPrices()));

  @Test
  void billedMs_shouldScaleOnlyTheCompute_whenBelowOneVcpu() {
    // 0.5 ms compute × (1024 / 512) + 5 ms DynamoDB = 6.0 ms; at or above 1024 MB: 5.5 → 6 ms
    assertThat(model.durationMs(workload(0.5), "get", 512)).isCloseTo(6.0, within(1e-9));
    assertThat(model.durationMs(workload(0.5), "get", 2048)).isCloseTo(5.5, within(1e-9));
    assertThat(model.billedMs(workload(0.5), "get", 2048)).isEqualTo(6);
    // a whole millisecond is not rounded up to the next one
    assertThat(model.billedMs(workload(0.0), "get", 512)).isEqualTo(5);
  }

  @Test
  void requestUnits_shouldFollowItemSize_whenReadingAndWriting() {
    CostModel.Workload w = workload(0.5);
    assertThat(model.readUnits(w, "get")).isEqualTo(1.0); // strongly consistent, 1000 B ≤ 4 KB
    // 25 × 1000 B = 25000 B → 7 blocks of 4 KB, eventually consistent: half
    assertThat(model.readUnits(w, "list")).isEqualTo(3.5);
    assertThat(model.writeUnits(w, "create")).isEqualTo(1.0);
    assertThat(model.writeUnits(w, "get")).isZero();
    CostModel.Workload big = new CostModel.Workload(w.computeMs(), 1025, 175);
    assertThat(model.writeUnits(big, "update")).isEqualTo(2.0);
  }

  @Test
  void perMillion_shouldMatchTheHandComputedCase_whenAt512Mb() {
    CostModel.PerMillion m = model.perMillion(workload(0.5), 512);
    // 1e6 × 6 ms × 0.5 GB = 3000 GB-s × $0.00001
    assertThat(m.lambdaCompute()).isCloseTo(0.03, within(1e-9));
    assertThat(m.lambdaRequests()).isCloseTo(0.20, within(1e-9));
    assertThat(m.apiGateway()).isCloseTo(1.00, within(1e-9));
    // RRU/request 0.6 × 1 + 0.2 × 3.5 = 1.3; WRU 0.2; 1.3 × $0.125 + 0.2 × $0.625
    assertThat(m.dynamoDbOnDemand()).isCloseTo(0.2875, within(1e-9));
    // 175 + 100 + 200 + 300 + 4 × 25 = 875 B; 0.875 GB × $0.50
    assertThat(model.logBytesPerRequest(workload(0.5))).isEqualTo(875);
    assertThat(m.logs()).isCloseTo(0.4375, within(1e-9));
    assertThat(m.total()).isCloseTo(1.955, within(1e-9));
  }

  @Test
  void provisioned_shouldSizeCapacityAndSayPriceUnknown_whenPriceMissing() {
    // 1e8 × 1.3 RRU / 2,628,000 s / 0.7 = 70.7 → 71; 1e8 × 0.2 / 2,628,000 / 0.7 = 10.9 → 11
    CostModel.Provisioned p = model.provisioned(workload(0.5), 1e8);
    assertThat(p.readUnits()).isEqualTo(71);
    assertThat(p.writeUnits()).isEqualTo(11);
    assertThat(p.dollarsPerMonth()).isEmpty();
    CostModel.Provisioned small = model.provisioned(workload(0.5), 1e6);
    assertThat(small.readUnits()).isEqualTo(5);
    assertThat(small.writeUnits()).isEqualTo(5);
  }

  @Test
  void provisioned_shouldPriceUnitHours_whenPricesKnown() {
    Properties p = roundPrices();
    p.setProperty("dynamodb.provisioned.rcuHour", "0.0001");
    p.setProperty("dynamodb.provisioned.wcuHour", "0.0005");
    CostModel.Provisioned cost = new CostModel(new Prices(p)).provisioned(workload(0.5), 1e8);
    // (71 × 0.0001 + 11 × 0.0005) × 730 h
    assertThat(cost.dollarsPerMonth())
        .hasValueSatisfying(d -> assertThat(d).isCloseTo(9.198, within(1e-9)));
  }
}
