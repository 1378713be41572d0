package com.example.users.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.users.infra.IamPolicyEvaluator.Request;
import com.example.users.infra.RecordingMocks.Recorded;
import com.example.users.toolchain.Policies;
import com.example.users.toolchain.ToolchainSettings;
import com.pulumi.test.PulumiTest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What the mocks cannot see: whether the toolchain's roles allow the AWS calls the provider makes
 * for the resources the program declares. The calls, per resource type and step, come from {@code
 * provider-api-calls.yaml} (taken from the provider's source, named there); the resources, their
 * names, ARNs and condition values from the program run under mocks with every stack file (and with
 * every optional resource), as the deploy role would deploy them; the policies from the toolchain's
 * {@link Policies}, built for the same account, region and prefix.
 *
 * <p>The deploy role must allow every call of every step; the preview role every read.
 */
class DeployRoleCoverageTests {

  private static final String TABLE = "/provider-api-calls.yaml";
  private static final List<String> STEPS = List.of("create", "read", "update", "delete");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z.]+)}");

  private static Map<String, Map<String, Object>> calls;
  private static List<String> deployJob;
  private static List<ProgramRun> runs;
  private static IamPolicyEvaluator deploy;
  private static IamPolicyEvaluator preview;
  private static String region;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() throws IOException {
    try (InputStream in = DeployRoleCoverageTests.class.getResourceAsStream(TABLE)) {
      assertThat(in).as(TABLE).isNotNull();
      Map<String, Object> yaml = new Yaml().load(in);
      calls = (Map<String, Map<String, Object>>) yaml.get("resources");
      deployJob = (List<String>) yaml.get("deployJob");
    }
    // Every stack file as committed, and the project's defaults with every optional resource type
    // (auto scaling, the JWT authorizer, the alarm e-mail subscription) and CORS; all in the
    // mocks' account and one region, whose toolchain made the boundary.
    region = "eu-west-1";
    String boundary = boundaryArn();
    Map<String, Map<String, String>> configs = new LinkedHashMap<>();
    for (String stack : StackFiles.names()) {
      configs.put(stack, new HashMap<>(StackFiles.effectiveConfig(stack)));
    }
    Map<String, String> everything = StackFiles.defaults(region);
    everything.put(StackFiles.PROJECT + ":billingMode", "PROVISIONED");
    everything.put(StackFiles.PROJECT + ":trafficShifting", "Canary10Percent5Minutes");
    everything.put(StackFiles.PROJECT + ":apiAuth", "jwt");
    everything.put(StackFiles.PROJECT + ":jwtIssuer", "https://issuer.example.com/pool");
    everything.put(StackFiles.PROJECT + ":jwtAudience", "web");
    everything.put(StackFiles.PROJECT + ":alarmEmail", "ops@example.com");
    everything.put(StackFiles.PROJECT + ":corsAllowedOrigins", "https://app.example.com");
    everything.put(StackFiles.PROJECT + ":lambdaReservedConcurrency", "5");
    configs.put("everything", everything);
    runs = new ArrayList<>();
    configs.forEach(
        (stack, config) -> {
          config.put("aws:region", region);
          config.put("aws:allowedAccountIds", "[\"" + RecordingMocks.ACCOUNT + "\"]");
          config.put(StackFiles.PROJECT + ":permissionsBoundaryArn", boundary);
          if (!"none"
              .equals(config.getOrDefault(StackFiles.PROJECT + ":trafficShifting", "none"))) {
            config.put(StackFiles.PROJECT + ":codeDeployRoleArn", codeDeployRoleArn());
          }
          ProgramRun run = ProgramRun.of(stack, config);
          PulumiTest.cleanup();
          assertThat(run.result.exceptions()).as("[%s] program run", stack).isEmpty();
          runs.add(run);
        });
    Policies.Account account = new Policies.Account("aws", RecordingMocks.ACCOUNT, region);
    String prefix = ToolchainSettings.DEFAULT_RESOURCE_NAME_PREFIX;
    deploy =
        new IamPolicyEvaluator(
            Policies.deployPolicy(
                account, prefix, boundary, codeDeployRoleArn(), Optional.empty()));
    preview = new IamPolicyEvaluator(Policies.previewPolicy(Optional.empty()));
  }

  private static String boundaryArn() {
    return "arn:aws:iam::"
        + RecordingMocks.ACCOUNT
        + ":policy/"
        + Policies.boundaryPolicyName(ToolchainSettings.DEFAULT_RESOURCE_NAME_PREFIX);
  }

  /** The toolchain's CodeDeploy role for this repository, in the mocks' account. */
  private static String codeDeployRoleArn() {
    return "arn:aws:iam::"
        + RecordingMocks.ACCOUNT
        + ":role/"
        + new ToolchainSettings(
                "octo-org",
                "user-management",
                Optional.empty(),
                false,
                ToolchainSettings.DEFAULT_RESOURCE_NAME_PREFIX)
            .roleName("codedeploy");
  }

  @Test
  void deployRole_allowsEveryCallTheDeployJobMakes_afterPulumiUp() {
    ProgramRun production = runs.get(0);
    assertThat(production.outputs)
        .as("the outputs scripts/release.sh reads")
        .containsKeys(
            "functionName",
            "functionVersion",
            "codeDeployApplication",
            "codeDeployDeploymentGroup");
    assertThat(deployJob).hasSizeGreaterThan(8);
    List<String> refused = new ArrayList<>();
    for (String line : deployJob) {
      Recorded none = new Recorded("deployJob", "deployJob", Map.of(), Map.of());
      Request request = request(none, line, production);
      if (!deploy.allows(request)) {
        refused.add(request.toString());
      }
    }
    assertThat(refused).as("deploy job calls the deploy role refuses").isEmpty();
  }

  @Test
  void everyDeclaredResourceType_hasItsProviderCallsInTheTable() {
    Set<String> declared = declaredTypes();
    assertThat(declared).hasSizeGreaterThan(15);
    assertThat(calls.keySet())
        .as(
            "types the program declares that %s does not list: add the calls the provider makes"
                + " (its source file for the type)",
            TABLE)
        .containsAll(declared);
    assertThat(declared)
        .as("types %s lists that no program run declares: remove them, or run them here", TABLE)
        .containsAll(calls.keySet());
    calls.forEach(
        (type, entry) -> {
          assertThat(entry).as(type).containsKeys("source", "create", "read", "delete");
          assertThat(entry.keySet())
              .as(type)
              .isSubsetOf("source", "create", "read", "update", "delete");
        });
  }

  @Test
  void deployRole_allowsEveryCallOfEveryStep_onTheNamesAndConditionsTheProgramProduces() {
    List<String> refused = new ArrayList<>();
    int checked = 0;
    for (Recorded resource : awsResources()) {
      for (String step : STEPS) {
        for (Request request : requests(resource, step)) {
          checked++;
          if (!deploy.allows(request)) {
            refused.add(resource.type() + " " + step + ": " + request);
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(200);
    assertThat(refused).as("calls the deploy role refuses (Policies.deployPolicy)").isEmpty();
  }

  @Test
  void previewRole_allowsEveryRead() {
    List<String> refused = new ArrayList<>();
    for (Recorded resource : awsResources()) {
      for (Request request : requests(resource, "read")) {
        if (!preview.allows(request)) {
          refused.add(resource.type() + " read: " + request);
        }
      }
    }
    assertThat(refused).as("reads the preview role refuses (Policies.previewPolicy)").isEmpty();
  }

  @Test
  void deployRole_refusesTheSameCallsOnAnotherProjectsResources() {
    // The check is only worth something if the evaluator can say no: the same calls on names
    // without the prefix must be refused (the metadata reads, granted on "*", and the actions AWS
    // does not scope by resource aside).
    String other = "billing-prod";
    List<String> allowed = new ArrayList<>();
    for (Recorded resource : awsResources()) {
      for (String step : List.of("create", "update", "delete")) {
        for (Request request : requests(resource, step)) {
          if (request.resource().equals("*")
              || Policies.READ_METADATA_ACTIONS.contains(request.action())
              || !request.resource().contains(StackFiles.PROJECT)
              || request.action().startsWith("apigateway:")) {
            continue;
          }
          Request foreign =
              new Request(
                  request.action(),
                  request.resource().replace(StackFiles.PROJECT, other),
                  request.context());
          if (deploy.allows(foreign)) {
            allowed.add(foreign.toString());
          }
        }
      }
    }
    assertThat(allowed).isEmpty();
  }

  @Test
  void deployRole_refusesRoleWrites_withoutTheBoundary() {
    Recorded role =
        awsResources().stream().filter(r -> r.type().equals(Types.ROLE)).findFirst().orElseThrow();
    List<Request> writes = requests(role, "create");
    assertThat(writes).extracting(Request::action).contains("iam:CreateRole");
    for (Request write : writes) {
      if (write.context().containsKey("iam:PermissionsBoundary")) {
        Map<String, String> other = new HashMap<>(write.context());
        other.put("iam:PermissionsBoundary", "arn:aws:iam::aws:policy/AdministratorAccess");
        assertThat(deploy.allows(new Request(write.action(), write.resource(), other)))
            .as(write.action())
            .isFalse();
        Map<String, String> none = new HashMap<>(write.context());
        none.remove("iam:PermissionsBoundary");
        assertThat(deploy.allows(new Request(write.action(), write.resource(), none)))
            .as(write.action())
            .isFalse();
      }
    }
  }

  // --- helpers

  private static Set<String> declaredTypes() {
    Set<String> types = new TreeSet<>();
    runs.forEach(run -> awsResources(run).forEach(r -> types.add(r.type())));
    return types;
  }

  private static List<Recorded> awsResources() {
    List<Recorded> all = new ArrayList<>();
    runs.forEach(run -> all.addAll(awsResources(run)));
    return all;
  }

  private static List<Recorded> awsResources(ProgramRun run) {
    return run.resources.stream().filter(r -> r.type().startsWith("aws:")).toList();
  }

  /** The requests a step makes for a resource, placeholders filled from the program's run. */
  @SuppressWarnings("unchecked")
  private static List<Request> requests(Recorded resource, String step) {
    Map<String, Object> entry = calls.get(resource.type());
    assertThat(entry).as("no entry for " + resource.type() + " in " + TABLE).isNotNull();
    List<String> lines = (List<String>) entry.getOrDefault(step, List.of());
    List<Request> requests = new ArrayList<>();
    for (String line : lines) {
      requests.add(request(resource, line, null));
    }
    return requests;
  }

  /** One line of the table as a request; {@code run} fills {@code {output.NAME}}. */
  private static Request request(Recorded resource, String line, ProgramRun run) {
    String[] parts = line.trim().split("\\s+");
    assertThat(parts.length).as(resource.type() + ": " + line).isGreaterThanOrEqualTo(2);
    Map<String, String> context = new LinkedHashMap<>();
    for (int i = 2; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      assertThat(eq).as(resource.type() + ": condition " + parts[i]).isPositive();
      String value = fill(parts[i].substring(eq + 1), resource, run);
      if (value != null) {
        context.put(parts[i].substring(0, eq), value);
      }
    }
    String target = fill(parts[1], resource, run);
    assertThat(target).as(resource.type() + ": resource of " + line).isNotNull();
    return new Request(parts[0], target, context);
  }

  /** Fills the placeholders of a template; null when a value the template needs is absent. */
  private static String fill(String template, Recorded resource, ProgramRun run) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value =
          m.group(1).startsWith("output.") && run != null
              ? string(run.outputs.get(m.group(1).substring("output.".length())))
              : value(m.group(1), resource);
      if (value == null) {
        return null;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String value(String name, Recorded resource) {
    return switch (name) {
      case "region" -> region;
      case "account" -> RecordingMocks.ACCOUNT;
      case "arn", "name" -> string(resource.state().get(name));
      case "id" -> resource.name() + "-id";
      case "roleBoundary" -> roleBoundary(resource);
      default -> {
        if (!name.startsWith("input.")) {
          throw new IllegalArgumentException("unknown placeholder {" + name + "} in " + TABLE);
        }
        yield string(resource.input(name.substring("input.".length())));
      }
    };
  }

  /** The boundary of the role a call writes: the resource itself, or the role it names. */
  private static String roleBoundary(Recorded resource) {
    if (resource.type().equals(Types.ROLE)) {
      return string(resource.input("permissionsBoundary"));
    }
    Object role = resource.input("role");
    return awsResources().stream()
        .filter(r -> r.type().equals(Types.ROLE))
        .filter(
            r ->
                role != null
                    && (role.equals(r.state().get("name")) || role.equals(r.state().get("arn"))))
        .map(r -> string(r.input("permissionsBoundary")))
        .findFirst()
        .orElse(null);
  }

  private static String string(Object value) {
    return value == null ? null : String.valueOf(value);
  }
}
