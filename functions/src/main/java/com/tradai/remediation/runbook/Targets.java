package com.tradai.remediation.runbook;

import java.util.List;

/**
 * Where an environment's resources are, from configuration. Names follow {@code
 * {project}-{service}-{env}}; the ALB's dimension values carry AWS-generated suffixes, so they are
 * configured rather than derived.
 *
 * @param apiFunctions API-facing Lambda functions: their timeout must stay under {@code
 *     apiCallerLimitSeconds} (API Gateway's 29 s integration timeout by default)
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
    List<String> apiFunctions,
    String lambdaAlias,
    int apiCallerLimitSeconds,
    List<String> exchangeEndpoints,
    List<String> healthEndpoints,
    List<String> healthServices) {

  public static final String BINANCE_PING = "https://api.binance.com/api/v3/ping";
  public static final List<String> SEED_SERVICES = List.of("backend", "strategy-service", "data-collection");

  public Targets {
    apiFunctions = List.copyOf(apiFunctions);
    exchangeEndpoints = List.copyOf(exchangeEndpoints);
    healthEndpoints = List.copyOf(healthEndpoints);
    healthServices = List.copyOf(healthServices);
  }

  /** The walking skeleton's targets, with the defaults for everything added since. */
  public Targets(String project, String environment, String ecsCluster, String loadBalancer,
      String backendTargetGroup, String rdsInstance, List<String> apiFunctions) {
    this(project, environment, ecsCluster, loadBalancer, backendTargetGroup, rdsInstance,
        apiFunctions, "live", 29, List.of(BINANCE_PING), List.of(), SEED_SERVICES);
  }

  public String service(String name) {
    return project + "-" + name + "-" + environment;
  }

  /** The timeout an API-facing function must stay under, 0 for other functions. */
  public int callerLimitFor(String function) {
    return apiFunctions.contains(function) ? apiCallerLimitSeconds : 0;
  }
}
