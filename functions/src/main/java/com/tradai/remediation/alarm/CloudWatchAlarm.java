package com.tradai.remediation.alarm;

import java.time.Instant;
import java.util.Optional;

/**
 * An alarm as CloudWatch defines it (DescribeAlarms), the authority an alarm delivery is checked
 * against. {@code metric} holds the single metric of a metric alarm (namespace, name, dimensions,
 * statistic or extended statistic, period, threshold, comparison); a metric-math alarm and a
 * composite alarm have none.
 */
public record CloudWatchAlarm(
    String name,
    Kind kind,
    Optional<MetricIdentity> metric,
    String stateValue,
    Optional<Instant> stateUpdated) {

  public enum Kind {
    /** One metric, one statistic. */
    METRIC,
    /** A metric alarm on metric math (its Metrics list): no single metric to compare. */
    METRIC_MATH,
    COMPOSITE
  }

  /**
   * One StateUpdate item of the alarm's history (DescribeAlarmHistory): when, and to which state.
   */
  public record StateUpdate(Instant at, String newState) {}
}
