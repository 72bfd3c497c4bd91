package com.tradai.remediation.guard;

/**
 * What an environment allows. Loaded from {@code policy/<env>.json} on the classpath and validated
 * by {@link PolicyLoader}; every number here has a documented default in the README.
 */
public record Policy(String environment, boolean dryRun, Ecs ecs, Thresholds thresholds) {

  public record Ecs(int scaleStep, int maxDesiredCount, int maxTaskMemoryMb) {}

  /** The seed's indicators, as numbers. */
  public record Thresholds(
      double loadSpikeFactor, double memoryPressurePercent, double rdsCpuPercent,
      double lambdaDurationSpikeFactor, int recentMinutes) {}

  public Policy withDryRun(boolean value) {
    return new Policy(environment, value, ecs, thresholds);
  }
}
