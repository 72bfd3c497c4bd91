package com.tradai.infra;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One environment's settings: {@code config/defaults.json} deep-merged with {@code
 * config/{env}.json}.
 *
 * <p>Target lists hold short names; the methods below turn them into the platform's real names
 * ({@code tradai-{service}-{env}}, {@code tradai-{env}-{table}}), so the naming rule lives here
 * once.
 *
 * <p>{@code dryRun} is optional: unset, DRY_RUN takes the policy file's {@code dryRun}.
 *
 * <p>The guardrail policy (caps, steps, ladders) is not here: it is the functions' own policy file
 * per environment, which {@link #policyJson} reads for the stack (DRY_RUN, IAM caps, the queue's
 * delay). The policy SSM parameter holds only a run-time tightening and starts empty.
 */
public record EnvConfig(
    String project,
    String env,
    String account,
    String region,
    Boolean dryRun,
    int alarmMaxAgeMinutes,
    int logRetentionDays,
    String logLevel,
    String healthCheckSchedule,
    Functions functions,
    Targets targets,
    Thresholds thresholds,
    Notifications notifications,
    Operators operators,
    LambdaConcurrency lambdaConcurrency) {

  public EnvConfig {
    notifications = notifications == null ? Notifications.NONE : notifications;
  }

  public static final List<String> ENVIRONMENTS = List.of("dev", "staging", "prod");

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  /**
   * @param roleArns the IAM roles whose sessions may change things through the operator function
   *     (see {@link OperatorAccess})
   * @param cloudTrailDataEvents a trail of the operator function's Invoke data events ({@link
   *     OperatorTrail})
   */
  public record Operators(List<String> roleArns, Boolean cloudTrailDataEvents) {}

  /** Each function's sizing; {@link ConcurrencyBudget} checks their reservations. */
  public record Functions(
      Sizing remediation, Sizing verifier, Sizing healthCheck, Sizing operator) {}

  /**
   * What the account's Lambda concurrency allows (see {@link ConcurrencyBudget}).
   *
   * @param accountLimit the account's concurrent executions in this region (Service Quotas)
   * @param reservedElsewhere what other functions of the account already reserve there
   */
  public record LambdaConcurrency(int accountLimit, int reservedElsewhere) {}

  /**
   * @param reservedConcurrency null leaves the function on the account's unreserved pool
   */
  public record Sizing(int memoryMb, int timeoutSeconds, Integer reservedConcurrency) {}

  public record Targets(
      String albLoadBalancer,
      String albBackendTargetGroup,
      List<String> ecsServices,
      List<String> lambdaFunctions,
      List<String> dynamodbTables,
      String lambdaAlias,
      int apiCallerTimeoutSeconds,
      List<String> exchangeEndpoints,
      List<String> healthEndpoints,
      EcsTasks ecsTasks,
      List<String> apiFunctions) {}

  /**
   * What the services' task definitions name, for iam:PassRole and the task-definition ARNs the
   * memory fix may register and point services at. Unset, the families are the service names and
   * the roles are matched by the service prefix {@code tradai-{service}-{env}-*}.
   *
   * @param families task-definition families, by service short name
   * @param roles the task and execution roles (names or ARNs) the task definitions name
   */
  public record EcsTasks(Map<String, String> families, List<String> roles) {}

  public record Thresholds(
      int periodSeconds,
      int evaluationPeriods,
      int datapointsToAlarm,
      double apiLatencyP99Seconds,
      double ecsCpuPercent,
      double ecsMemoryPercent,
      double lambdaDurationP99Millis,
      double lambdaErrors,
      double lambdaThrottles,
      double rdsCpuPercent,
      double dynamodbThrottleEvents) {}

  /** Reads {@code defaults.json} and {@code {env}.json} from {@code configDir}. */
  public static EnvConfig load(Path configDir, String env) {
    return load(configDir, env, null);
  }

  /**
   * As {@link #load(Path, String)}, then {@code {env}.json} of {@code overlayDir} (when there is
   * one) merged over it: values kept outside the repository, e.g. the tests' deployable ones.
   */
  public static EnvConfig load(Path configDir, String env, Path overlayDir) {
    ObjectNode merged = (ObjectNode) read(configDir.resolve("defaults.json"));
    merge(merged, read(configDir.resolve(env + ".json")));
    if (overlayDir != null && Files.isRegularFile(overlayDir.resolve(env + ".json"))) {
      merge(merged, read(overlayDir.resolve(env + ".json")));
    }
    merged.remove("_comment");
    try {
      EnvConfig config = JSON.treeToValue(merged, EnvConfig.class);
      if (!env.equals(config.env())) {
        throw new IllegalArgumentException(env + ".json must say \"env\": \"" + env + "\"");
      }
      OperatorAccess.validate(config);
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException("invalid config for " + env + " in " + configDir, e);
    }
  }

  private static JsonNode read(Path file) {
    try {
      return JSON.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Objects merge key by key; any other value in {@code override} replaces the base value. */
  private static void merge(ObjectNode base, JsonNode override) {
    override
        .properties()
        .forEach(
            entry -> {
              JsonNode existing = base.get(entry.getKey());
              if (existing instanceof ObjectNode obj && entry.getValue().isObject()) {
                merge(obj, entry.getValue());
              } else {
                base.set(entry.getKey(), entry.getValue());
              }
            });
  }

  /** {@code tradai-remediation-dev}: the CloudFormation stack and CDK stack id. */
  public String stackName() {
    return serviceName("remediation");
  }

  /** {@code tradai-{service}-{env}}: ECS services, Lambda functions, task roles. */
  public String serviceName(String service) {
    return project + "-" + service + "-" + env;
  }

  /** {@code tradai-{env}-}: the prefix of this environment's alarms and tables. */
  public String envPrefix() {
    return project + "-" + env + "-";
  }

  /** {@code tradai-{env}-{thing}}, e.g. {@code tradai-dev-api-latency-high}. */
  public String alarmName(String thing) {
    return envPrefix() + thing;
  }

  /** {@code tradai-{env}}: the ECS cluster and the RDS instance. */
  public String clusterName() {
    return project + "-" + env;
  }

  public String rdsInstance() {
    return clusterName();
  }

  /** {@code /tradai/{env}/remediation/{name}}: SSM parameter names. */
  public String parameterName(String name) {
    return "/" + project + "/" + env + "/remediation/" + name;
  }

  public List<String> ecsServiceNames() {
    return targets.ecsServices().stream().map(this::serviceName).toList();
  }

  /**
   * The services' task-definition families ({@code targets.ecsTasks.families}, else the service
   * names).
   */
  public List<String> ecsTaskFamilies() {
    Map<String, String> families =
        targets.ecsTasks() == null || targets.ecsTasks().families() == null
            ? Map.of()
            : targets.ecsTasks().families();
    return targets.ecsServices().stream()
        .map(s -> families.getOrDefault(s, serviceName(s)))
        .toList();
  }

  /**
   * The roles the task definitions may pass, as ARN patterns for Fn::Sub: those configured in
   * {@code targets.ecsTasks.roles}, else {@code tradai-{service}-{env}-*} per service.
   */
  public List<String> ecsTaskRoleArns() {
    String prefix = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/";
    if (targets.ecsTasks() == null
        || targets.ecsTasks().roles() == null
        || targets.ecsTasks().roles().isEmpty()) {
      return ecsServiceNames().stream().map(s -> prefix + s + "-*").toList();
    }
    return targets.ecsTasks().roles().stream()
        .map(r -> r.startsWith("arn:") ? r : prefix + r)
        .toList();
  }

  public List<String> lambdaFunctionNames() {
    return targets.lambdaFunctions().stream().map(this::serviceName).toList();
  }

  /** The API-facing functions ({@code targets.apiFunctions}, short names; none when unset). */
  public List<String> apiFunctionNames() {
    return targets.apiFunctions() == null
        ? List.of()
        : targets.apiFunctions().stream().map(this::serviceName).toList();
  }

  public List<String> dynamodbTableNames() {
    return targets.dynamodbTables().stream().map(table -> envPrefix() + table).toList();
  }

  /** Where the functions keep this environment's guardrail policy, from the repository root. */
  public String policyFile() {
    return "functions/src/main/resources/policy/" + env + ".json";
  }

  /**
   * The functions' policy for this environment, compacted, as bundled in the jar; operators tighten
   * it at run time through the policy parameter, which a deploy never rewrites.
   */
  public String policyJson(Path repoRoot) {
    return read(repoRoot.resolve(policyFile())).toString();
  }

  /** Loads every environment in {@link #ENVIRONMENTS} order. */
  public static Map<String, EnvConfig> loadAll(Path configDir) {
    return ENVIRONMENTS.stream()
        .collect(
            Collectors.toMap(
                env -> env,
                env -> load(configDir, env),
                (a, b) -> a,
                java.util.LinkedHashMap::new));
  }
}
