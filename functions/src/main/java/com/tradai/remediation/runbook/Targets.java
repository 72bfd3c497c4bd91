package com.tradai.remediation.runbook;

import java.util.List;

/**
 * Where an environment's resources are, from configuration. Names follow {@code
 * {project}-{service}-{env}}; the ALB's dimension values carry AWS-generated suffixes, so they are
 * configured rather than derived.
 */
public record Targets(
    String project,
    String environment,
    String ecsCluster,
    String loadBalancer,
    String backendTargetGroup,
    String rdsInstance,
    List<String> apiFunctions) {

  public Targets {
    apiFunctions = List.copyOf(apiFunctions);
  }

  public String service(String name) {
    return project + "-" + name + "-" + environment;
  }
}
