package com.tradai.remediation.runbook;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.alarm.AlarmState;
import com.tradai.remediation.alarm.Delivery;
import com.tradai.remediation.alarm.MetricIdentity;
import com.tradai.remediation.core.Datapoint;
import com.tradai.remediation.core.Series;
import com.tradai.remediation.guard.Policy;
import com.tradai.remediation.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Alarms and series for the runbooks' pure tests. */
final class Alarms {
  private Alarms() {}

  static Alarm metric(
      String name, String namespace, String metric, Map<String, String> dims, Double threshold) {
    return new Alarm(
        name,
        "dev",
        AlarmState.ALARM,
        Optional.of(AlarmState.OK),
        "Threshold Crossed",
        Fixtures.NOW,
        "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:" + name,
        "123456789012",
        "eu-west-1",
        Delivery.SNS,
        Optional.of(
            new MetricIdentity(
                namespace,
                metric,
                dims,
                "Average",
                60,
                Optional.ofNullable(threshold),
                Optional.of("GreaterThanThreshold"))),
        List.of(),
        List.of(),
        "");
  }

  static Alarm named(String name) {
    return new Alarm(
        name,
        "dev",
        AlarmState.ALARM,
        Optional.empty(),
        "manual",
        Fixtures.NOW,
        "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:" + name,
        "123456789012",
        "eu-west-1",
        Delivery.MANUAL,
        Optional.empty(),
        List.of(),
        List.of(),
        "");
  }

  /** Every point of the hour at {@code value}. */
  static Series flat(String id, double value) {
    return Fixtures.hour(id, value, value, 0);
  }

  /** The last {@code n} minutes only (no older points). */
  static Series tail(String id, double value, int n) {
    List<Datapoint> points = new ArrayList<>();
    for (int i = n - 1; i >= 0; i--) {
      points.add(new Datapoint(Fixtures.NOW.minusSeconds(i * 60L), value));
    }
    return new Series(id, points);
  }

  /** The dev policy with every limit the runbooks use. */
  static Policy policy() {
    return new Policy(
        "dev",
        false,
        Map.of(
            "ecs-scale",
            new Policy.Limits(1, 6),
            "ecs-task-memory",
            new Policy.Limits(1, 8192),
            "lambda-memory",
            new Policy.Limits(1, 3008),
            "lambda-timeout",
            new Policy.Limits(30, 300),
            "lambda-provisioned-concurrency",
            new Policy.Limits(5, 10),
            "dynamodb-capacity",
            new Policy.Limits(50, 1000)),
        List.of(512, 1024, 1769, 3008),
        List.of("db.t4g.micro", "db.t4g.small", "db.t4g.medium"),
        new Policy.Thresholds(2.0, 80, 80, 2.0, 5));
  }

  static Policy prodPolicy() {
    Policy p = policy();
    return new Policy(
        "prod",
        false,
        p.limits(),
        p.lambdaMemoryLadder(),
        p.rdsClassLadder(),
        p.thresholds(),
        false,
        new Policy.Guards(
            Map.of(),
            Policy.Guards.NONE.rateLimit(),
            Policy.Guards.NONE.breaker(),
            new Policy.Approval(java.util.Set.of("rds-instance-class"), Map.of()),
            Policy.Guards.NONE.lockTtl(),
            Policy.Guards.NONE.idempotencyTtl(),
            Policy.Guards.NONE.approvalExpiry()));
  }
}
