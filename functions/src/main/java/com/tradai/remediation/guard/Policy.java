package com.tradai.remediation.guard;

import java.util.List;
import java.util.Map;

/**
 * What an environment allows. Loaded from {@code policy/<env>.json} on the classpath and validated
 * by {@link PolicyLoader}; every field is documented in the README.
 *
 * @param limits step and cap per action kind ({@link com.tradai.remediation.core.Action#kind()})
 * @param lambdaMemoryLadder the memory sizes (MB) a Lambda function climbs, lowest first
 * @param rdsClassLadder the instance classes an RDS instance climbs, smallest first; its top is the
 *     cap for "rds-instance-class"
 */
public record Policy(
    String environment,
    boolean dryRun,
    Map<String, Limits> limits,
    List<Integer> lambdaMemoryLadder,
    List<String> rdsClassLadder,
    Thresholds thresholds,
    java.util.Set<String> approvalRequired,
    boolean rdsApplyImmediately) {

  public Policy {
    limits = Map.copyOf(limits);
    lambdaMemoryLadder = List.copyOf(lambdaMemoryLadder);
    rdsClassLadder = List.copyOf(rdsClassLadder);
    approvalRequired = java.util.Set.copyOf(approvalRequired);
  }

  /** A policy without approvals, applying RDS changes immediately. */
  public Policy(String environment, boolean dryRun, Map<String, Limits> limits,
      List<Integer> lambdaMemoryLadder, List<String> rdsClassLadder, Thresholds thresholds) {
    this(environment, dryRun, limits, lambdaMemoryLadder, rdsClassLadder, thresholds,
        java.util.Set.of(), true);
  }

  /** Whether an action of this kind waits for a person (policy field {@code approval}). */
  public boolean needsApproval(String kind) {
    return approvalRequired.contains(kind);
  }

  /** How far one fix may go, and how far all fixes together may go. */
  public record Limits(long step, long max) {}

  /** The seed's indicators, as numbers. */
  public record Thresholds(
      double loadSpikeFactor, double memoryPressurePercent, double rdsCpuPercent,
      double lambdaDurationSpikeFactor, int recentMinutes) {}

  /** Limits for an action kind; a kind the policy does not name may not act at all (cap 0). */
  public Limits limit(String kind) {
    if ("rds-instance-class".equals(kind)) {
      return new Limits(1, Math.max(0, rdsClassLadder.size() - 1));
    }
    return limits.getOrDefault(kind, new Limits(0, 0));
  }

  public Policy withDryRun(boolean value) {
    return new Policy(environment, value, limits, lambdaMemoryLadder, rdsClassLadder, thresholds,
        approvalRequired, rdsApplyImmediately);
  }
}
