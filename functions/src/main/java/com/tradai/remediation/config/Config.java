package com.tradai.remediation.config;

import com.tradai.remediation.alarm.AlarmIntake;
import com.tradai.remediation.runbook.Targets;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A function's settings, from its environment variables (Lambda's, or a SAM env-vars file for a
 * local run). Read once per container; every variable is listed in docs/configuration.md.
 */
public record Config(
    String project,
    String environment,
    String region,
    Optional<URI> endpoint,
    Optional<String> resultsTopicArn,
    Optional<Boolean> dryRunOverride,
    Optional<Path> metricsReplay,
    int maxAttempts,
    Targets targets,
    Map<String, String> raw) {

  public static Config from(Map<String, String> env) {
    ConfigCheck.message(env)
        .ifPresent(
            problem -> {
              throw new Invalid(problem);
            });
    String project = env.getOrDefault("TRADAI_PROJECT", "tradai");
    String environment = env.get("TRADAI_ENV");
    if (environment == null || !AlarmIntake.ENVIRONMENTS.contains(environment)) {
      throw new IllegalArgumentException(
          "TRADAI_ENV is '"
              + environment
              + "'; set it to dev, staging or prod (the environment this function serves)");
    }
    String prefix = project + "-";
    Targets targets =
        new Targets(
            project,
            environment,
            env.getOrDefault("ECS_CLUSTER", prefix + environment),
            env.getOrDefault("ALB_LOAD_BALANCER", "app/" + prefix + environment),
            env.getOrDefault(
                "ALB_BACKEND_TARGET_GROUP", "targetgroup/" + prefix + "backend-" + environment),
            env.getOrDefault("RDS_INSTANCE", prefix + environment),
            list(env.get("LAMBDA_FUNCTIONS")),
            env.getOrDefault("LAMBDA_ALIAS", "live"),
            positiveInt(env, "API_CALLER_TIMEOUT_SECONDS", 29),
            nonBlank(env.get("EXCHANGE_ENDPOINTS"))
                .map(Config::list)
                .orElse(List.of(Targets.BINANCE_PING)),
            list(env.get("HEALTH_ENDPOINTS")),
            nonBlank(env.get("HEALTH_SERVICES")).map(Config::list).orElse(Targets.RUNBOOK_SERVICES),
            list(env.get("API_FUNCTIONS")));
    return new Config(
        project,
        environment,
        env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1")),
        nonBlank(env.get("AWS_ENDPOINT_URL")).map(URI::create),
        nonBlank(env.get("RESULTS_TOPIC_ARN")),
        nonBlank(env.get("DRY_RUN")).map(Config::bool),
        nonBlank(env.get("METRICS_REPLAY_FILE")).map(Path::of),
        nonBlank(env.get("AWS_MAX_ATTEMPTS")).map(Integer::parseInt).orElse(3),
        targets,
        Map.copyOf(env));
  }

  /**
   * LEDGER_TABLE: the ledger's DynamoDB table; without it nothing is applied (dry-runs still plan).
   */
  public Optional<String> ledgerTable() {
    return nonBlank(raw.get("LEDGER_TABLE"));
  }

  /** POLICY_PARAMETER: an SSM parameter holding a JSON policy override, merged over the file. */
  public Optional<String> policyParameter() {
    return nonBlank(raw.get("POLICY_PARAMETER"));
  }

  /** ALARM_MAX_AGE_MINUTES (default 15): an alarm delivery older than this never acts. */
  public java.time.Duration maxAlarmAge() {
    return java.time.Duration.ofMinutes(positiveInt(raw, "ALARM_MAX_AGE_MINUTES", 15));
  }

  /** The function's own region as the runtime sets it (AWS_REGION), if set. */
  public Optional<String> ownRegion() {
    return nonBlank(raw.get("AWS_REGION")).or(() -> nonBlank(raw.get("AWS_DEFAULT_REGION")));
  }

  /** OWN_ACCOUNT_ID: the function's own account (the stack sets it), if set. */
  public Optional<String> ownAccount() {
    return nonBlank(raw.get("OWN_ACCOUNT_ID"));
  }

  /** KILL_SWITCH_PARAMETER: an SSM parameter; engaged, it stops every change. */
  public Optional<String> killSwitchParameter() {
    return nonBlank(raw.get("KILL_SWITCH_PARAMETER"));
  }

  /**
   * CHAT_COMMAND_QUEUE_URL: the operator command queue chat buttons send to; set only when the
   * stack has a Slack channel and operator roles. Without it reports carry no buttons.
   */
  public Optional<String> chatCommandQueueUrl() {
    return nonBlank(raw.get("CHAT_COMMAND_QUEUE_URL"));
  }

  /** OPERATOR_ROLE_ARNS: the operator roles (comma-separated IAM role ARNs); empty: nobody. */
  public List<String> operatorRoleArns() {
    return list(raw.get("OPERATOR_ROLE_ARNS"));
  }

  private static boolean bool(String v) {
    return parseBool(v)
        .orElseThrow(
            () -> new IllegalArgumentException("DRY_RUN is '" + v + "'; use true or false"));
  }

  static Optional<Boolean> parseBool(String v) {
    return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes" -> Optional.of(true);
      case "false", "0", "no" -> Optional.of(false);
      default -> Optional.empty();
    };
  }

  /** The environment does not fit what the function reads; the message names each variable. */
  public static final class Invalid extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public Invalid(String message) {
      super(message);
    }
  }

  /** A whole number above 0 from the environment; a bad value is refused naming the variable. */
  public static int positiveInt(Map<String, String> env, String name, int fallback) {
    Optional<String> v = nonBlank(env.get(name));
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.get());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(name + " is '" + v.get() + "'; use a whole number above 0");
  }

  private static Optional<String> nonBlank(String v) {
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  public static List<String> list(String csv) {
    return csv == null
        ? List.of()
        : Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
