package com.tradai.remediation.testing;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.alarm.AlarmState;
import com.tradai.remediation.alarm.Delivery;
import com.tradai.remediation.alarm.MetricIdentity;
import com.tradai.remediation.core.Datapoint;
import com.tradai.remediation.core.Series;
import com.tradai.remediation.guard.GuardContext;
import com.tradai.remediation.guard.Policy;
import com.tradai.remediation.runbook.Targets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Plain values for the pure core's tests. */
public final class Fixtures {
  public static final GuardContext DEV_NOW =
      new GuardContext("tradai", "dev", Instant.parse("2026-11-27T10:15:00Z"));
  public static final Instant NOW = Instant.parse("2026-11-27T10:15:00Z");
  public static final Targets DEV =
      new Targets(
          "tradai",
          "dev",
          "tradai-dev",
          "app/tradai-dev/abc",
          "targetgroup/tradai-backend-dev/def",
          "tradai-dev",
          List.of());

  private Fixtures() {}

  public static Policy policy(int maxDesired, boolean dryRun) {
    return new Policy(
        "dev",
        dryRun,
        Map.of(
            "ecs-scale",
            new Policy.Limits(1, maxDesired),
            "ecs-task-memory",
            new Policy.Limits(1, 8192)),
        List.of(512, 1024, 1769, 3008),
        List.of("db.t4g.micro", "db.t4g.small", "db.t4g.medium"),
        new Policy.Thresholds(2.0, 80, 80, 2.0, 5));
  }

  public static Alarm latencyAlarm() {
    return new Alarm(
        "tradai-dev-api-latency-high",
        "dev",
        AlarmState.ALARM,
        Optional.of(AlarmState.OK),
        "Threshold Crossed",
        NOW,
        "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:tradai-dev-api-latency-high",
        "123456789012",
        "eu-west-1",
        Delivery.SNS,
        Optional.of(
            new MetricIdentity(
                "AWS/ApplicationELB",
                "TargetResponseTime",
                Map.of("LoadBalancer", "app/tradai-dev/abc"),
                "p99",
                60,
                Optional.of(2.0),
                Optional.of("GreaterThanThreshold"))),
        List.of(),
        List.of(),
        "");
  }

  /**
   * One point a minute for the hour before NOW: {@code base} until the last {@code tail} minutes,
   * then {@code recent}.
   */
  public static Series hour(String id, double base, double recent, int tail) {
    List<Datapoint> points = new ArrayList<>();
    for (int i = 60; i >= 0; i--) {
      points.add(new Datapoint(NOW.minusSeconds(i * 60L), i < tail ? recent : base));
    }
    return new Series(id, points);
  }

  /** The note of the guard that decided a report's first decision (its last note). */
  public static String lastGuard(com.fasterxml.jackson.databind.JsonNode report) {
    com.fasterxml.jackson.databind.JsonNode guards = report.path("decisions").get(0).path("guards");
    return guards.get(guards.size() - 1).asText();
  }
}
