package com.example.users.benchmark.cost;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cost arithmetic, list prices without free tiers. A request's Lambda duration is its compute
 * (the handler's own time and the SDK's marshalling, signing and unmarshalling), scaled up below
 * one vCPU, plus an assumed DynamoDB round trip; it is billed rounded up to the millisecond. Reads
 * and writes cost request units by the item's size.
 */
public final class CostModel {

  /** The operations of the mix. */
  public static final List<String> OPERATIONS =
      List.of("get", "list", "create", "update", "delete");

  private static final double MILLION = 1_000_000;

  /**
   * What the model is fed besides the prices.
   *
   * @param computeMs the function's compute per operation at one full vCPU, ms: the handler's own
   *     time plus the SDK's, everything but the wait for DynamoDB
   * @param itemBytes the stored size of a typical user
   * @param requestLogBytes the handler's request log line, bytes
   */
  public record Workload(Map<String, Double> computeMs, int itemBytes, int requestLogBytes) {}

  /** Dollars per million requests, by component. */
  public record PerMillion(
      double lambdaRequests,
      double lambdaCompute,
      double apiGateway,
      double dynamoDbOnDemand,
      double logs) {

    /** Everything, with DynamoDB on demand. */
    public double total() {
      return lambdaRequests + lambdaCompute + apiGateway + dynamoDbOnDemand + logs;
    }
  }

  /** Provisioned capacity a month of requests needs, and its price if the price is known. */
  public record Provisioned(int readUnits, int writeUnits, Optional<Double> dollarsPerMonth) {}

  private final Prices prices;

  /** A model on these prices and assumptions. */
  public CostModel(Prices prices) {
    this.prices = prices;
  }

  /** The share of all requests that are {@code op}. */
  public double mix(String op) {
    return prices.number("assumption.mix." + op);
  }

  /** One request's duration on Lambda at the given memory, ms, before rounding. */
  public double durationMs(Workload w, String op, int memoryMb) {
    double cpuFactor = Math.max(1.0, prices.number("assumption.fullVcpuMemoryMb") / memoryMb);
    return w.computeMs().get(op) * cpuFactor + prices.number("assumption.dynamoDbRoundTripMs");
  }

  /** The billed duration: rounded up to the next millisecond. */
  public long billedMs(Workload w, String op, int memoryMb) {
    return (long) Math.ceil(durationMs(w, op, memoryMb) - 1e-9);
  }

  /** The billed duration averaged over the mix, ms. */
  public double meanBilledMs(Workload w, int memoryMb) {
    return OPERATIONS.stream().mapToDouble(op -> mix(op) * billedMs(w, op, memoryMb)).sum();
  }

  /**
   * Read request units of one {@code op}: a get is a strongly consistent GetItem (1 unit per 4 KB
   * of the item), a list an eventually consistent Scan of a page (half a unit per 4 KB of the items
   * read, summed before rounding).
   */
  public double readUnits(Workload w, String op) {
    return switch (op) {
      case "get" -> Math.ceil(w.itemBytes() / 4096.0);
      case "list" ->
          0.5 * Math.ceil(prices.number("assumption.listPageSize") * w.itemBytes() / 4096.0);
      default -> 0;
    };
  }

  /** Write request units of one {@code op}: 1 per KB of the item (an update: of the larger one). */
  public double writeUnits(Workload w, String op) {
    return switch (op) {
      case "create", "update", "delete" -> Math.ceil(w.itemBytes() / 1024.0);
      default -> 0;
    };
  }

  /**
   * Bytes ingested into CloudWatch Logs per request: the handler's request line, Lambda's
   * platform.start and platform.report lines and the API's access-log line, each with the per-event
   * overhead.
   */
  public int logBytesPerRequest(Workload w) {
    int overhead = (int) prices.number("assumption.log.eventOverheadBytes");
    return w.requestLogBytes()
        + utf8(prices.text("assumption.log.platformStart"))
        + utf8(prices.text("assumption.log.platformReport"))
        + utf8(prices.text("assumption.log.accessLine"))
        + 4 * overhead;
  }

  /** Dollars per million requests of the mix at the given Lambda memory (arm64). */
  public PerMillion perMillion(Workload w, int memoryMb) {
    double gbSeconds = MILLION * meanBilledMs(w, memoryMb) / 1000.0 * memoryMb / 1024.0;
    double rru = OPERATIONS.stream().mapToDouble(op -> mix(op) * readUnits(w, op)).sum();
    double wru = OPERATIONS.stream().mapToDouble(op -> mix(op) * writeUnits(w, op)).sum();
    return new PerMillion(
        MILLION * prices.number("lambda.request"),
        gbSeconds * prices.number("lambda.arm64.gbSecond"),
        MILLION * prices.number("apigateway.http.request"),
        MILLION
            * (rru * prices.number("dynamodb.ondemand.readRequestUnit")
                + wru * prices.number("dynamodb.ondemand.writeRequestUnit")),
        MILLION * logBytesPerRequest(w) / 1e9 * prices.number("logs.ingestionGb"));
  }

  /**
   * Provisioned capacity for {@code requestsPerMonth} spread evenly over the month, at the
   * auto-scaling target utilisation, never below the configured minimum.
   */
  public Provisioned provisioned(Workload w, double requestsPerMonth) {
    double seconds = prices.number("assumption.hoursPerMonth") * 3600;
    double target = prices.number("assumption.provisioned.targetUtilisation");
    int min = (int) prices.number("assumption.provisioned.minUnits");
    double rru = OPERATIONS.stream().mapToDouble(op -> mix(op) * readUnits(w, op)).sum();
    double wru = OPERATIONS.stream().mapToDouble(op -> mix(op) * writeUnits(w, op)).sum();
    int rcu = Math.max(min, (int) Math.ceil(requestsPerMonth * rru / seconds / target));
    int wcu = Math.max(min, (int) Math.ceil(requestsPerMonth * wru / seconds / target));
    Optional<Double> rcuHour = prices.optional("dynamodb.provisioned.rcuHour");
    Optional<Double> wcuHour = prices.optional("dynamodb.provisioned.wcuHour");
    Optional<Double> dollars =
        rcuHour.isPresent() && wcuHour.isPresent()
            ? Optional.of(
                (rcu * rcuHour.get() + wcu * wcuHour.get())
                    * prices.number("assumption.hoursPerMonth"))
            : Optional.empty();
    return new Provisioned(rcu, wcu, dollars);
  }

  private static int utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }
}
