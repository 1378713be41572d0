package com.example.users.infra.settings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every setting of a stack, read once from the Pulumi configuration and validated. The program is a
 * function of this record; {@code Pulumi.yaml} declares each key with its type, default and
 * description, and a test keeps the two in step.
 *
 * @param region the AWS region ({@code aws:region}), used by the dashboard's widgets
 * @param billingMode how the table is billed
 * @param tableReadCapacity provisioned read capacity, the auto-scaling minimum
 * @param tableWriteCapacity provisioned write capacity, the auto-scaling minimum
 * @param tableMaxReadCapacity the auto-scaling maximum for reads
 * @param tableMaxWriteCapacity the auto-scaling maximum for writes
 * @param autoscalingTargetPercent the consumed/provisioned utilisation auto-scaling aims at
 * @param pointInTimeRecovery whether the table keeps 35 days of continuous backups
 * @param protectData deletion protection on the table plus Pulumi {@code protect}
 * @param lambdaArchitecture the function's architecture
 * @param lambdaMemoryMb the function's memory (and so CPU)
 * @param lambdaTimeoutSeconds the function's timeout
 * @param lambdaReservedConcurrency the function's reserved concurrency, a hard cap, if any; none by
 *     default, since Lambda refuses a reservation that leaves less than its unreserved minimum (10)
 *     and a new account's quota is often only 10
 * @param javaToolOptions the JVM options for the function ({@code JAVA_TOOL_OPTIONS})
 * @param lambdaLogLevel the application log level of the function's JSON logs
 * @param logRetentionDays how long CloudWatch keeps function and access logs
 * @param apiAuth how routes are authorized
 * @param jwtIssuer the JWT issuer URL, present when {@code apiAuth} is {@code jwt}
 * @param jwtAudience the accepted JWT audiences, non-empty when {@code apiAuth} is {@code jwt}
 * @param jwtReadScopes with {@code jwt}, the scopes of which a token needs one to read users
 * @param jwtWriteScopes with {@code jwt}, the scopes of which a token needs one to create, change
 *     or delete users; none is also a read scope
 * @param corsAllowedOrigins the origins browsers may call the API from; empty: no CORS
 * @param throttleBurstLimit the stage's default-route burst limit
 * @param throttleRateLimit the stage's default-route steady rate, requests per second
 * @param latencyAlarmP99Ms the API p99 latency above which the latency alarm fires
 * @param alarmEmail an address subscribed to the alarm topic, if any
 * @param permissionsBoundaryArn the managed policy set as the permissions boundary of every IAM
 *     role the stack creates, if any: the toolchain's deploy role may create roles only with its
 *     boundary, so a stack it deploys needs this set to the toolchain's output
 * @param trafficShifting how a new version reaches users: by {@code pulumi up} at once, or shifted
 *     by CodeDeploy with automatic rollback
 * @param codeDeployRoleArn CodeDeploy's service role, if given (the toolchain's output {@code
 *     codeDeployRoleArn}); otherwise a stack that shifts traffic creates its own
 */
public record StackSettings(
    String region,
    BillingMode billingMode,
    int tableReadCapacity,
    int tableWriteCapacity,
    int tableMaxReadCapacity,
    int tableMaxWriteCapacity,
    int autoscalingTargetPercent,
    boolean pointInTimeRecovery,
    boolean protectData,
    Architecture lambdaArchitecture,
    int lambdaMemoryMb,
    int lambdaTimeoutSeconds,
    Optional<Integer> lambdaReservedConcurrency,
    String javaToolOptions,
    String lambdaLogLevel,
    int logRetentionDays,
    ApiAuth apiAuth,
    Optional<String> jwtIssuer,
    List<String> jwtAudience,
    List<String> jwtReadScopes,
    List<String> jwtWriteScopes,
    List<String> corsAllowedOrigins,
    int throttleBurstLimit,
    double throttleRateLimit,
    int latencyAlarmP99Ms,
    Optional<String> alarmEmail,
    Optional<String> permissionsBoundaryArn,
    TrafficShifting trafficShifting,
    Optional<String> codeDeployRoleArn) {

  /** Copies the list so the record is immutable. */
  public StackSettings {
    jwtAudience = List.copyOf(jwtAudience);
    jwtReadScopes = List.copyOf(jwtReadScopes);
    jwtWriteScopes = List.copyOf(jwtWriteScopes);
    corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
  }

  /** {@code lambdaReservedConcurrency}'s default: no reservation. */
  public static final int NO_RESERVATION = -1;

  /** The default scope a JWT needs to read users. */
  public static final String DEFAULT_READ_SCOPE = "users:read";

  /** The default scope a JWT needs to create, change or delete users. */
  public static final String DEFAULT_WRITE_SCOPE = "users:write";

  /** The values CloudWatch Logs accepts for a retention period, in days. */
  public static final Set<Integer> RETENTION_DAYS =
      Set.of(
          1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
          2922, 3288, 3653);

  /** The log levels Lambda's JSON logging accepts. */
  public static final List<String> LOG_LEVELS =
      List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");

  /** Setting keys, without the project namespace, in the order of {@code Pulumi.yaml}. */
  public static final List<String> KEYS =
      List.of(
          "billingMode",
          "tableReadCapacity",
          "tableWriteCapacity",
          "tableMaxReadCapacity",
          "tableMaxWriteCapacity",
          "autoscalingTargetPercent",
          "pointInTimeRecovery",
          "protectData",
          "lambdaArchitecture",
          "lambdaMemoryMb",
          "lambdaTimeoutSeconds",
          "lambdaReservedConcurrency",
          "javaToolOptions",
          "lambdaLogLevel",
          "logRetentionDays",
          "apiAuth",
          "jwtIssuer",
          "jwtAudience",
          "jwtReadScopes",
          "jwtWriteScopes",
          "corsAllowedOrigins",
          "throttleBurstLimit",
          "throttleRateLimit",
          "latencyAlarmP99Ms",
          "alarmEmail",
          "permissionsBoundaryArn",
          "trafficShifting",
          "codeDeployRoleArn");

  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

  /** An OAuth 2.0 scope token (RFC 6749, section 3.3). */
  private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}");

  /**
   * A browser origin: {@code https://host[:port]}, or {@code http://} for a loopback host (local
   * development); no path, no trailing slash. {@code *} alone means any origin.
   */
  private static final Pattern ORIGIN =
      Pattern.compile(
          "https://[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\\d{1,5})?"
              + "|http://(localhost|127\\.0\\.0\\.1)(:\\d{1,5})?");

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  /**
   * A customer managed policy (an account id, not {@code aws}), with or without a path; group 1 is
   * the account.
   */
  private static final Pattern POLICY_ARN =
      Pattern.compile(
          "arn:aws(?:-[a-z]+)*:iam::(\\d{12}):policy/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,128}");

  /** An IAM role ARN, with or without a path; group 1 is the account. */
  private static final Pattern ROLE_ARN =
      Pattern.compile(
          "arn:aws(?:-[a-z]+)*:iam::(\\d{12}):role/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");

  private static final Pattern ACCOUNT_ID = Pattern.compile("(?<!\\d)\\d{12}(?!\\d)");

  /**
   * Reads and validates every setting.
   *
   * @param project looks up a key of this project's namespace (e.g. {@code ctx.config()::get})
   * @param aws looks up a key of the {@code aws} namespace (e.g. {@code ctx.config("aws")::get})
   * @throws InvalidSettingsException listing every invalid value at once
   */
  public static StackSettings parse(
      Function<String, Optional<String>> project, Function<String, Optional<String>> aws) {
    Reader r = new Reader(project);
    String region = aws.apply("region").map(String::trim).orElse("");
    if (!REGION.matcher(region).matches()) {
      r.problems.add(
          "aws:region = \""
              + region
              + "\": allowed: an AWS region name such as us-east-1 (pulumi config set aws:region"
              + " us-east-1)");
    }
    BillingMode billing = r.oneOf("billingMode", BillingMode.PAY_PER_REQUEST, BillingMode.class);
    int read = r.integer("tableReadCapacity", 5, 1, 40_000);
    int write = r.integer("tableWriteCapacity", 5, 1, 40_000);
    int maxRead = r.integer("tableMaxReadCapacity", 50, 1, 40_000);
    int maxWrite = r.integer("tableMaxWriteCapacity", 50, 1, 40_000);
    if (maxRead < read) {
      r.problems.add(
          r.describe("tableMaxReadCapacity", String.valueOf(maxRead))
              + ": allowed: at least tableReadCapacity ("
              + read
              + ")");
    }
    if (maxWrite < write) {
      r.problems.add(
          r.describe("tableMaxWriteCapacity", String.valueOf(maxWrite))
              + ": allowed: at least tableWriteCapacity ("
              + write
              + ")");
    }
    int target = r.integer("autoscalingTargetPercent", 70, 20, 90);
    boolean pitr = r.bool("pointInTimeRecovery", true);
    boolean protect = r.bool("protectData", false);
    Architecture arch = r.oneOf("lambdaArchitecture", Architecture.ARM64, Architecture.class);
    int memory = r.integer("lambdaMemoryMb", 1024, 128, 10_240);
    // API Gateway HTTP APIs give up on an integration after 30 s; a longer timeout buys nothing.
    // A shorter one than the handler's response margin plus one DynamoDB attempt (2 s) leaves a
    // slow database no room for the documented 504: the function would time out instead.
    int timeout =
        r.integer(
            "lambdaTimeoutSeconds",
            10,
            (int)
                Math.ceil(
                    com.example.users.config.HandlerConfig.MINIMUM_FUNCTION_TIMEOUT.toMillis()
                        / 1000.0),
            30);
    Optional<Integer> concurrency = reservedConcurrency(r);
    String jvm = r.string("javaToolOptions", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    String logLevel = r.string("lambdaLogLevel", "INFO").toUpperCase(Locale.ROOT);
    if (!LOG_LEVELS.contains(logLevel)) {
      r.problems.add(
          r.describe("lambdaLogLevel", logLevel)
              + ": allowed: one of "
              + String.join(", ", LOG_LEVELS));
    }
    int retention = r.integer("logRetentionDays", 365, 1, 3653);
    if (!RETENTION_DAYS.contains(retention)) {
      r.problems.add(
          r.describe("logRetentionDays", String.valueOf(retention))
              + ": allowed: one of "
              + RETENTION_DAYS.stream()
                  .sorted()
                  .map(String::valueOf)
                  .collect(Collectors.joining(", ")));
    }
    ApiAuth auth = r.apiAuth();
    Optional<String> issuer = r.optional("jwtIssuer");
    List<String> audience =
        r.optional("jwtAudience").stream()
            .flatMap(s -> Arrays.stream(s.split(",")))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList();
    if (auth == ApiAuth.JWT) {
      if (issuer.isEmpty() || !issuer.get().startsWith("https://")) {
        r.problems.add(
            r.describe("jwtIssuer", issuer.orElse(""))
                + ": allowed: an https:// issuer URL, required when apiAuth is jwt");
      }
      if (audience.isEmpty()) {
        r.problems.add(
            r.describe("jwtAudience", "")
                + ": allowed: one or more comma-separated audiences, required when apiAuth is jwt");
      }
    }
    List<String> readScopes = scopes(r, "jwtReadScopes", DEFAULT_READ_SCOPE);
    List<String> writeScopes = scopes(r, "jwtWriteScopes", DEFAULT_WRITE_SCOPE);
    List<String> both = readScopes.stream().filter(writeScopes::contains).toList();
    if (!both.isEmpty()) {
      r.problems.add(
          r.describe("jwtWriteScopes", String.join(",", writeScopes))
              + ": allowed: scopes that are not also read scopes (a token with "
              + String.join(", ", both)
              + " could then write)");
    }
    List<String> origins = origins(r);
    int burst = r.integer("throttleBurstLimit", 10, 1, 5000);
    // Whole requests per second: Pulumi.yaml declares the key an integer, and the CLI checks stack
    // values against that type.
    double rate = r.integer("throttleRateLimit", 5, 1, 10_000);
    int latency = r.integer("latencyAlarmP99Ms", 2000, 1, 30_000);
    Optional<String> email = r.optional("alarmEmail");
    if (email.isPresent() && !EMAIL.matcher(email.get()).matches()) {
      r.problems.add(
          r.describe("alarmEmail", email.get())
              + ": allowed: an e-mail address, or leave it unset");
    }
    Optional<String> boundary = r.optional("permissionsBoundaryArn");
    boundary.ifPresent(arn -> checkBoundary(r, arn, aws.apply("allowedAccountIds")));
    TrafficShifting shifting = trafficShifting(r);
    Optional<String> codeDeployRole = r.optional("codeDeployRoleArn");
    codeDeployRole.ifPresent(arn -> checkCodeDeployRole(r, arn, aws.apply("allowedAccountIds")));
    if (shifting.byCodeDeploy() && boundary.isPresent() && codeDeployRole.isEmpty()) {
      r.problems.add(
          r.describe("codeDeployRoleArn", "")
              + ": allowed: the toolchain's output codeDeployRoleArn, required when trafficShifting"
              + " is "
              + shifting.settingValue()
              + " and permissionsBoundaryArn is set: within that boundary no role may update an"
              + " alias, so the stack cannot create CodeDeploy's role itself");
    }
    if (!r.problems.isEmpty()) {
      throw new InvalidSettingsException(r.problems);
    }
    return new StackSettings(
        region,
        billing,
        read,
        write,
        maxRead,
        maxWrite,
        target,
        pitr,
        protect,
        arch,
        memory,
        timeout,
        concurrency,
        jvm,
        logLevel,
        retention,
        auth,
        issuer,
        audience,
        readScopes,
        writeScopes,
        origins,
        burst,
        rate,
        latency,
        email,
        boundary,
        shifting,
        codeDeployRole);
  }

  private static TrafficShifting trafficShifting(Reader r) {
    Optional<String> raw = r.optional("trafficShifting");
    if (raw.isEmpty()) {
      return TrafficShifting.NONE;
    }
    for (TrafficShifting candidate : TrafficShifting.values()) {
      if (candidate.settingValue().equals(raw.get())) {
        return candidate;
      }
    }
    r.problems.add(
        r.describe("trafficShifting", raw.get())
            + ": allowed: one of "
            + Arrays.stream(TrafficShifting.values())
                .map(TrafficShifting::settingValue)
                .collect(Collectors.joining(", ")));
    return TrafficShifting.NONE;
  }

  private static void checkCodeDeployRole(
      Reader r, String arn, Optional<String> allowedAccountIds) {
    Matcher role = ROLE_ARN.matcher(arn);
    if (!role.matches()) {
      r.problems.add(
          r.describe("codeDeployRoleArn", arn)
              + ": allowed: the ARN of an IAM role, arn:aws:iam::ACCOUNT_ID:role/NAME (the"
              + " toolchain stack's output codeDeployRoleArn), or leave it unset");
      return;
    }
    List<String> accounts =
        ACCOUNT_ID.matcher(allowedAccountIds.orElse("")).results().map(m -> m.group()).toList();
    if (!accounts.isEmpty() && !accounts.contains(role.group(1))) {
      r.problems.add(
          r.describe("codeDeployRoleArn", arn)
              + ": allowed: a role in an account aws:allowedAccountIds allows ("
              + String.join(", ", accounts)
              + ")");
    }
  }

  /**
   * The environment variable the pipeline sets to the region of the toolchain's roles (its
   * repository variable {@code AWS_REGION}).
   */
  public static final String TOOLCHAIN_REGION_ENV = "TOOLCHAIN_AWS_REGION";

  /**
   * Stops the program when the stack's region is not the one the toolchain's roles were made for:
   * the deploy role names every regional ARN (tables, functions, log groups, alarms, topics) in its
   * own region, so a stack elsewhere would fail resource by resource half-way through.
   *
   * @param toolchainRegion the toolchain's region, if known (unset outside the pipeline)
   * @throws InvalidSettingsException when both are known and differ
   */
  public void requireToolchainRegion(Optional<String> toolchainRegion) {
    Optional<String> expected = toolchainRegion.map(String::trim).filter(v -> !v.isEmpty());
    if (expected.isPresent() && !expected.get().equals(region)) {
      throw new InvalidSettingsException(
          List.of(
              "aws:region = \""
                  + region
                  + "\": allowed: "
                  + expected.get()
                  + ", the region of the toolchain's deploy and preview roles ("
                  + TOOLCHAIN_REGION_ENV
                  + ", from the repository variable AWS_REGION); their permissions name resources"
                  + " in that region only. Set aws:region to "
                  + expected.get()
                  + " in the stack file, or deploy the toolchain in "
                  + region
                  + " and update AWS_REGION"));
    }
  }

  private static Optional<Integer> reservedConcurrency(Reader r) {
    Optional<String> raw = r.optional("lambdaReservedConcurrency");
    if (raw.isEmpty() || raw.get().equals(String.valueOf(NO_RESERVATION))) {
      return Optional.empty();
    }
    try {
      int value = Integer.parseInt(raw.get());
      if (value >= 1 && value <= 1000) {
        return Optional.of(value);
      }
    } catch (NumberFormatException e) {
      // reported below, with what is allowed
    }
    r.problems.add(
        r.describe("lambdaReservedConcurrency", raw.get())
            + ": allowed: -1 (no reservation, the default) or an integer from 1 to 1000; a"
            + " reservation must leave the account's concurrency quota at least 10 unreserved"
            + " executions, or Lambda refuses it");
    return Optional.empty();
  }

  private static List<String> scopes(Reader r, String key, String fallback) {
    List<String> scopes = r.list(key).orElse(List.of(fallback));
    List<String> bad = scopes.stream().filter(s -> !SCOPE.matcher(s).matches()).toList();
    if (scopes.isEmpty() || !bad.isEmpty()) {
      r.problems.add(
          r.describe(key, String.join(",", scopes))
              + ": allowed: one or more comma-separated OAuth scopes (printable ASCII, no spaces,"
              + " quotes or backslashes), e.g. "
              + fallback);
    }
    return scopes;
  }

  private static List<String> origins(Reader r) {
    List<String> origins = r.list("corsAllowedOrigins").orElse(List.of());
    if (origins.equals(List.of("*"))) {
      return origins;
    }
    List<String> bad = origins.stream().filter(o -> !ORIGIN.matcher(o).matches()).toList();
    if (!bad.isEmpty()) {
      r.problems.add(
          r.describe("corsAllowedOrigins", String.join(",", origins))
              + ": allowed: comma-separated origins such as https://app.example.com or"
              + " https://app.example.com:8443 (lower case, no path or trailing slash;"
              + " http:// only for localhost or 127.0.0.1), or * alone for any origin, or empty"
              + " for no CORS; not an origin: "
              + String.join(", ", bad));
    }
    return origins;
  }

  private static void checkBoundary(Reader r, String arn, Optional<String> allowedAccountIds) {
    Matcher policy = POLICY_ARN.matcher(arn);
    if (!policy.matches()) {
      r.problems.add(
          r.describe("permissionsBoundaryArn", arn)
              + ": allowed: the ARN of a customer managed IAM policy,"
              + " arn:aws:iam::ACCOUNT_ID:policy/NAME (the toolchain stack's output"
              + " permissionsBoundaryArn), or leave it unset");
      return;
    }
    // aws:allowedAccountIds arrives as JSON text, e.g. ["111111111111"].
    List<String> accounts =
        ACCOUNT_ID.matcher(allowedAccountIds.orElse("")).results().map(m -> m.group()).toList();
    if (!accounts.isEmpty() && !accounts.contains(policy.group(1))) {
      r.problems.add(
          r.describe("permissionsBoundaryArn", arn)
              + ": allowed: a policy in an account aws:allowedAccountIds allows ("
              + String.join(", ", accounts)
              + "); the boundary must be in the stack's own account");
    }
  }

  /** Reads raw strings, collecting problems rather than failing on the first one. */
  private static final class Reader {
    private final Function<String, Optional<String>> lookup;
    private final List<String> problems = new ArrayList<>();

    Reader(Function<String, Optional<String>> lookup) {
      this.lookup = lookup;
    }

    String describe(String key, String value) {
      return key + " = \"" + value + "\"";
    }

    Optional<String> optional(String key) {
      return lookup.apply(key).map(String::trim).filter(s -> !s.isEmpty());
    }

    /** A comma-separated list, trimmed, without empty items; empty if unset or blank. */
    Optional<List<String>> list(String key) {
      return optional(key)
          .map(
              s ->
                  Arrays.stream(s.split(","))
                      .map(String::trim)
                      .filter(item -> !item.isEmpty())
                      .toList())
          .filter(items -> !items.isEmpty());
    }

    String string(String key, String fallback) {
      return optional(key).orElse(fallback);
    }

    int integer(String key, int fallback, int min, int max) {
      Optional<String> raw = optional(key);
      if (raw.isEmpty()) {
        return fallback;
      }
      try {
        int value = Integer.parseInt(raw.get());
        if (value >= min && value <= max) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below, with what is allowed
      }
      problems.add(describe(key, raw.get()) + ": allowed: an integer from " + min + " to " + max);
      return fallback;
    }

    boolean bool(String key, boolean fallback) {
      Optional<String> raw = optional(key);
      if (raw.isEmpty()) {
        return fallback;
      }
      if (raw.get().equals("true") || raw.get().equals("false")) {
        return Boolean.parseBoolean(raw.get());
      }
      problems.add(describe(key, raw.get()) + ": allowed: true or false");
      return fallback;
    }

    <E extends Enum<E>> E oneOf(String key, E fallback, Class<E> type) {
      Optional<String> raw = optional(key);
      if (raw.isEmpty()) {
        return fallback;
      }
      for (E candidate : type.getEnumConstants()) {
        String name =
            candidate instanceof Architecture a ? a.awsName() : candidate.name().toString();
        if (name.equals(raw.get())) {
          return candidate;
        }
      }
      problems.add(
          describe(key, raw.get())
              + ": allowed: one of "
              + Arrays.stream(type.getEnumConstants())
                  .map(c -> c instanceof Architecture a ? a.awsName() : c.name())
                  .collect(Collectors.joining(", ")));
      return fallback;
    }

    ApiAuth apiAuth() {
      Optional<String> raw = optional("apiAuth");
      if (raw.isEmpty()) {
        return ApiAuth.IAM;
      }
      for (ApiAuth candidate : ApiAuth.values()) {
        if (candidate.settingValue().equals(raw.get())) {
          return candidate;
        }
      }
      problems.add(describe("apiAuth", raw.get()) + ": allowed: one of none, iam, jwt");
      return ApiAuth.IAM;
    }
  }
}
