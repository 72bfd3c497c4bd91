package com.tradai.remediation.alarm;

import java.util.Map;
import java.util.Optional;

/**
 * The metric an alarm watches. {@code statistic} is either a plain statistic in CloudWatch's casing
 * ("Average", "Maximum", "Sum", ...) or an extended one ("p99").
 */
public record MetricIdentity(
    String namespace,
    String name,
    Map<String, String> dimensions,
    String statistic,
    int periodSeconds,
    Optional<Double> threshold,
    Optional<String> comparison) {

  public MetricIdentity {
    dimensions = Map.copyOf(dimensions);
  }

  public Optional<String> dimension(String key) {
    return Optional.ofNullable(dimensions.get(key));
  }
}
