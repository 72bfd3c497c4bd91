package com.tradai.remediation.alarm;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One alarm state change, whatever path delivered it. */
public record Alarm(
    String name,
    String environment,
    AlarmState state,
    Optional<AlarmState> previousState,
    String reason,
    Instant stateChangeTime,
    String arn,
    String account,
    String region,
    Delivery delivery,
    Optional<MetricIdentity> metric,
    List<MathMetric> mathMetrics,
    List<String> triggeringAlarms,
    String description) {

  public Alarm {
    mathMetrics = List.copyOf(mathMetrics);
    triggeringAlarms = List.copyOf(triggeringAlarms);
  }

  /** The same transition has the same key whether it came by SNS, EventBridge or alarm action. */
  public String idempotencyKey() {
    return arn + "@" + stateChangeTime.toEpochMilli();
  }

  public boolean isComposite() {
    return metric.isEmpty() && mathMetrics.isEmpty() && !triggeringAlarms.isEmpty();
  }

  /** The metrics this alarm reads: the single metric, or every metric of a math alarm. */
  public List<MetricIdentity> metrics() {
    if (metric.isPresent()) {
      return List.of(metric.get());
    }
    return mathMetrics.stream().flatMap(m -> m.metric().stream()).toList();
  }
}
