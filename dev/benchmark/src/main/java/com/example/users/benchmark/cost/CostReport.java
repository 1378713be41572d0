package com.example.users.benchmark.cost;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the README's "What it costs" tables (Markdown) from the benchmark's results file, if
 * present, else from the defaults in {@code cost/prices.properties}. Run it with {@code
 * scripts/cost.sh [results.json] [--memory MB]}.
 */
public final class CostReport {

  /** The memory sizes compared, MB. */
  static final List<Integer> MEMORY = List.of(256, 512, 1024, 1769);

  private final Prices prices;
  private final CostModel model;

  CostReport(Prices prices) {
    this.prices = prices;
    this.model = new CostModel(prices);
  }

  /** {@code [results.json] [--memory MB]}; the memory defaults to the stack's 1024 MB. */
  public static void main(String[] args) throws Exception {
    Path results = Results.DEFAULT_PATH;
    int memory = 1024;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--memory") && i + 1 < args.length) {
        memory = Integer.parseInt(args[++i]);
      } else {
        results = Path.of(args[i]);
      }
    }
    Prices prices = Prices.load();
    CostReport report = new CostReport(prices);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    if (Files.isRegularFile(results)) {
      Results r = Results.read(results);
      report.print(
          out,
          report.workload(r),
          "benchmark results " + results + " of " + r.measuredAt(),
          memory);
    } else {
      report.print(
          out,
          report.defaults(),
          "defaults in cost/prices.properties (no " + results + ")",
          memory);
    }
  }

  CostModel.Workload workload(Results r) {
    Map<String, Double> compute = new LinkedHashMap<>();
    CostModel.OPERATIONS.forEach(
        op -> {
          Results.Operation o = r.operations().get(op);
          compute.put(op, o.ownP50Ms() + o.sdkP50Ms());
        });
    return new CostModel.Workload(compute, r.itemBytes(), r.requestLogBytes());
  }

  CostModel.Workload defaults() {
    Map<String, Double> compute = new LinkedHashMap<>();
    CostModel.OPERATIONS.forEach(op -> compute.put(op, prices.number("default.computeMs." + op)));
    return new CostModel.Workload(
        compute,
        (int) prices.number("default.itemBytes"),
        (int) prices.number("default.requestLogBytes"));
  }

  void print(PrintStream out, CostModel.Workload w, String from, int memory) {
    CostModel.PerMillion m = model.perMillion(w, memory);
    out.println(
        "Inputs: "
            + from
            + "; typical user item "
            + w.itemBytes()
            + " B, request log line "
            + w.requestLogBytes()
            + " B, "
            + model.logBytesPerRequest(w)
            + " B of logs per request; mix "
            + mixText()
            + "; DynamoDB round trip "
            + num(prices.number("assumption.dynamoDbRoundTripMs"), 0)
            + " ms (assumed).");
    out.println();
    out.println(
        "| component (us-east-1, no free tier) | per million requests | 1 M requests/month | 100 M requests/month |");
    out.println("|---|---:|---:|---:|");
    row(out, "Lambda requests", m.lambdaRequests());
    row(
        out,
        "Lambda compute, "
            + memory
            + " MB arm64, "
            + num(model.meanBilledMs(w, memory), 2)
            + " ms billed on average",
        m.lambdaCompute());
    row(out, "API Gateway HTTP API", m.apiGateway());
    row(
        out,
        "DynamoDB on-demand ("
            + num(units(w, true), 2)
            + " RRU + "
            + num(units(w, false), 2)
            + " WRU per request)",
        m.dynamoDbOnDemand());
    row(
        out,
        "CloudWatch Logs ingestion (" + model.logBytesPerRequest(w) + " B per request)",
        m.logs());
    row(out, "**total, DynamoDB on demand**", m.total());
    CostModel.Provisioned p1 = model.provisioned(w, 1e6);
    CostModel.Provisioned p100 = model.provisioned(w, 1e8);
    out.println(
        "| DynamoDB provisioned instead (production; min 5/5, auto scaling at 70 %, even traffic) | – | "
            + provisioned(p1)
            + " | "
            + provisioned(p100)
            + " |");
    out.println();
    out.println(
        "| Lambda memory | billed ms (mean of the mix) | Lambda compute per million | total per million (on demand) |");
    out.println("|---:|---:|---:|---:|");
    for (int mb : MEMORY) {
      CostModel.PerMillion pm = model.perMillion(w, mb);
      out.println(
          "| "
              + mb
              + " MB | "
              + num(model.meanBilledMs(w, mb), 2)
              + " | $"
              + num(pm.lambdaCompute(), 3)
              + " | $"
              + num(pm.total(), 3)
              + " |");
    }
    out.println();
    out.println("Prices (per unit):");
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
      out.println(
          "- "
              + key
              + " = "
              + prices
                  .optional(key)
                  .map(v -> "$" + java.math.BigDecimal.valueOf(v).toPlainString())
                  .orElse("**not found**")
              + " — "
              + prices.source(key));
    }
  }

  private double units(CostModel.Workload w, boolean read) {
    return CostModel.OPERATIONS.stream()
        .mapToDouble(
            op -> model.mix(op) * (read ? model.readUnits(w, op) : model.writeUnits(w, op)))
        .sum();
  }

  private String mixText() {
    StringBuilder s = new StringBuilder();
    for (String op : CostModel.OPERATIONS) {
      s.append(s.length() == 0 ? "" : ", ")
          .append(op)
          .append(' ')
          .append(num(100 * model.mix(op), 0))
          .append(" %");
    }
    return s.toString();
  }

  private static String provisioned(CostModel.Provisioned p) {
    return p.readUnits()
        + " RCU + "
        + p.writeUnits()
        + " WCU: "
        + p.dollarsPerMonth().map(d -> "$" + num(d, 2)).orElse("price not found");
  }

  private static void row(PrintStream out, String name, double perMillion) {
    out.println(
        "| "
            + name
            + " | $"
            + num(perMillion, 3)
            + " | $"
            + num(perMillion, 2)
            + " | $"
            + num(perMillion * 100, 2)
            + " |");
  }

  private static String num(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
