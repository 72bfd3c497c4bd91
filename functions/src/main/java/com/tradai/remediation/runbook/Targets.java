package com.tradai.remediation.runbook;

import java.util.List;

/**
 * Where an environment's resources are, from configuration. Names follow {@code
 * {project}-{service}-{env}}; the ALB's dimension values carry AWS-generated suffixes, so they are
 * configured rather than derived.
 *
 * @param managedFunctions every Lambda function the runbooks may read and fix (LAMBDA_FUNCTIONS):
 *     the cold-start and timeout runbooks' default target, the latency runbook's durations
 * @param apiFacingFunctions those of them behind an API (API_FUNCTIONS): their timeout must stay
 *     under {@code apiCallerLimitSeconds} (API Gateway's 29 s integration timeout by default)
 * @param lambdaAlias the alias provisioned concurrency goes on
 * @param exchangeEndpoints URLs the exchange runbook pings (Binance's /api/v3/ping by default)
 * @param healthEndpoints the services' /api/v1/health URLs the quick health check calls
 * @param healthServices the ECS services (short names) the quick health check reads CPU for
 */
public record Targets(
    String project,
    String environment,
    String ecsCluster,
    String loadBalancer,
    String backendTargetGroup,
    String rdsInstance,
    List<String> managedFunctions,
    String lambdaAlias,
    int apiCallerLimitSeconds,
    List<String> exchangeEndpoints,
    List<String> healthEndpoints,
    List<String> healthServices,
    List<String> apiFacingFunctions) {

  public static final String BINANCE_PING = "https://api.binance.com/api/v3/ping";

  /** The ECS services the on-call runbook's quick checks name: HEALTH_SERVICES when unset. */
  public static final List<String> RUNBOOK_SERVICES =
      List.of("backend", "strategy-service", "data-collection");

  public Targets {
    managedFunctions = List.copyOf(managedFunctions);
    exchangeEndpoints = List.copyOf(exchangeEndpoints);
    healthEndpoints = List.copyOf(healthEndpoints);
    healthServices = List.copyOf(healthServices);
    apiFacingFunctions = List.copyOf(apiFacingFunctions);
  }

  /** Without API-facing functions: no function's timeout is held under a caller's limit. */
  public Targets(
      String project,
      String environment,
      String ecsCluster,
      String loadBalancer,
      String backendTargetGroup,
      String rdsInstance,
      List<String> managedFunctions,
      String lambdaAlias,
      int apiCallerLimitSeconds,
      List<String> exchangeEndpoints,
      List<String> healthEndpoints,
      List<String> healthServices) {
    this(
        project,
        environment,
        ecsCluster,
        loadBalancer,
        backendTargetGroup,
        rdsInstance,
        managedFunctions,
        lambdaAlias,
        apiCallerLimitSeconds,
        exchangeEndpoints,
        healthEndpoints,
        healthServices,
        List.of());
  }

  /** The walking skeleton's targets, with the defaults for everything added since. */
  public Targets(
      String project,
      String environment,
      String ecsCluster,
      String loadBalancer,
      String backendTargetGroup,
      String rdsInstance,
      List<String> managedFunctions) {
    this(
        project,
        environment,
        ecsCluster,
        loadBalancer,
        backendTargetGroup,
        rdsInstance,
        managedFunctions,
        "live",
        29,
        List.of(BINANCE_PING),
        List.of(),
        RUNBOOK_SERVICES);
  }

  public String service(String name) {
    return project + "-" + name + "-" + environment;
  }

  /**
   * The timeout an API-facing function must stay under (API_FUNCTIONS), 0 for other functions: a
   * backtest runner in LAMBDA_FUNCTIONS may climb to the policy's cap.
   */
  public int callerLimitFor(String function) {
    return apiFacingFunctions.contains(function) ? apiCallerLimitSeconds : 0;
  }
}
