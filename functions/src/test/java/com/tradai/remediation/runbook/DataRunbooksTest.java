package com.tradai.remediation.runbook;

import static com.tradai.remediation.testing.Fixtures.NOW;
import static com.tradai.remediation.testing.Fixtures.hour;
import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.Diagnosis;
import com.tradai.remediation.core.Evidence;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.core.ResourceState;
import com.tradai.remediation.core.Series;
import com.tradai.remediation.guard.Decision;
import com.tradai.remediation.guard.GuardContext;
import com.tradai.remediation.guard.Guardrails;
import com.tradai.remediation.guard.Verdict;
import com.tradai.remediation.testing.Fixtures;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On-call runbook section "Database Performance": RDS slow queries and DynamoDB throttling, cause
 * by cause.
 */
class DataRunbooksTest {
  private final RdsSlowQueriesRunbook rds = new RdsSlowQueriesRunbook();
  private final DynamoDbThrottlingRunbook ddb = new DynamoDbThrottlingRunbook();

  static Alarm rdsAlarm() {
    return Alarms.metric(
        "tradai-dev-rds-cpu-high",
        "AWS/RDS",
        "CPUUtilization",
        Map.of("DBInstanceIdentifier", "tradai-dev"),
        80.0);
  }

  static ResourceState.RdsInstance db(String cls, String status, List<String> pending) {
    return new ResourceState.RdsInstance(
        "tradai-dev",
        cls,
        status,
        pending,
        300,
        112,
        false,
        List.of(),
        "Performance Insights is not enabled on tradai-dev; no top SQL");
  }

  static final ResourceState.RdsInstance MICRO = db("db.t4g.micro", "available", List.of());

  static Map<String, Series> rdsMetrics(Series cpu, double iops, double connections) {
    Map<String, Series> s = new HashMap<>();
    s.put("cpu", cpu);
    s.put("readIops", hour("readIops", 50, iops / 2, 5));
    s.put("writeIops", hour("writeIops", 50, iops / 2, 5));
    s.put("connections", hour("connections", 20, connections, 5));
    return s;
  }

  record RdsRow(
      String name,
      Map<String, Series> series,
      ResourceState.RdsInstance db,
      String cause,
      Action action) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<RdsRow> rdsTable() {
    return Stream.of(
        new RdsRow(
            "CPU above 80% for 10 minutes: next class",
            rdsMetrics(hour("cpu", 40, 92, 10), 100, 30),
            MICRO,
            RdsSlowQueriesRunbook.SUSTAINED_CPU,
            new Action.ChangeRdsInstanceClass("tradai-dev", "db.t4g.micro", "db.t4g.small", 0, 1)),
        new RdsRow(
            "one dip to 80% in the window is not sustained",
            rdsMetrics(dip(), 100, 30), MICRO, Diagnosis.NO_CAUSE, null),
        new RdsRow(
            "only 4 datapoints is not enough to call it sustained",
            rdsMetrics(Alarms.tail("cpu", 95, 4), 100, 30),
            MICRO,
            Diagnosis.NO_CAUSE,
            null),
        new RdsRow(
            "IOPS at 90% of the limit: report only",
            rdsMetrics(hour("cpu", 40, 50, 10), 270, 30),
            MICRO,
            RdsSlowQueriesRunbook.IOPS_BOUND,
            null),
        new RdsRow(
            "IOPS just under 90%: nothing",
            rdsMetrics(hour("cpu", 40, 50, 10), 269, 30), MICRO, Diagnosis.NO_CAUSE, null),
        new RdsRow(
            "connections at 80% of max_connections: report only",
            rdsMetrics(hour("cpu", 40, 50, 10), 100, 89.6),
            MICRO,
            RdsSlowQueriesRunbook.CONNECTIONS,
            null),
        new RdsRow(
            "CPU high but the instance is modifying: advice, no action",
            rdsMetrics(hour("cpu", 40, 92, 10), 100, 30),
            db("db.t4g.micro", "modifying", List.of()),
            RdsSlowQueriesRunbook.SUSTAINED_CPU,
            null),
        new RdsRow(
            "CPU high with a pending class change: advice, no action",
            rdsMetrics(hour("cpu", 40, 92, 10), 100, 30),
            db("db.t4g.micro", "available", List.of("DBInstanceClass=db.t4g.small")),
            RdsSlowQueriesRunbook.SUSTAINED_CPU,
            null),
        new RdsRow(
            "CPU high at the top of the ladder: advice (cap)",
            rdsMetrics(hour("cpu", 40, 92, 10), 100, 30),
            db("db.t4g.medium", "available", List.of()),
            RdsSlowQueriesRunbook.SUSTAINED_CPU,
            null),
        new RdsRow(
            "class off the ladder: advice",
            rdsMetrics(hour("cpu", 40, 92, 10), 100, 30),
            db("db.m5.large", "available", List.of()),
            RdsSlowQueriesRunbook.SUSTAINED_CPU,
            null),
        new RdsRow("no datapoints: no cause", Map.of(), MICRO, Diagnosis.NO_CAUSE, null));
  }

  /** 92% for the last 10 minutes except one point at exactly 80%. */
  static Series dip() {
    Series s = hour("cpu", 40, 92, 10);
    List<com.tradai.remediation.core.Datapoint> points = new java.util.ArrayList<>(s.points());
    points.set(
        points.size() - 3,
        new com.tradai.remediation.core.Datapoint(points.get(points.size() - 3).timestamp(), 80));
    return new Series("cpu", points);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rdsTable")
  void rdsTable(RdsRow row) {
    Evidence e = new Evidence(NOW, row.series(), Map.of("rds:tradai-dev", row.db()));
    Diagnosis d = rds.diagnose(rdsAlarm(), e, Alarms.policy());
    assertThat(d.cause()).isEqualTo(row.cause());
    LambdaRunbooksTest.expect(rds.plan(d, e, Alarms.policy()), d, row.action());
  }

  @Test
  void prodPlansTheClassChangeButWaitsForApproval() {
    Evidence e =
        new Evidence(
            NOW,
            rdsMetrics(hour("cpu", 40, 92, 10), 100, 30),
            Map.of(
                "rds:tradai-prod",
                new ResourceState.RdsInstance(
                    "tradai-prod",
                    "db.t4g.micro",
                    "available",
                    List.of(),
                    300,
                    112,
                    false,
                    List.of(),
                    "")));
    Plan plan = rds.plan(rds.diagnose(rdsAlarm(), e, Alarms.prodPolicy()), e, Alarms.prodPolicy());
    Decision d =
        Guardrails.standard()
            .review(plan, Alarms.prodPolicy(), new GuardContext("tradai", "prod", NOW))
            .getFirst();
    assertThat(d.verdict()).isEqualTo(Verdict.NEEDS_APPROVAL);
    assertThat(d.notes().getLast())
        .isEqualTo(
            "approval: needed (rds-instance-class always needs an operator's approval in prod)");
  }

  @Test
  void devAppliesTheClassChangeOnTheRunbooksInstanceName() {
    Evidence e =
        new Evidence(
            NOW, rdsMetrics(hour("cpu", 40, 92, 10), 100, 30), Map.of("rds:tradai-dev", MICRO));
    Plan plan = rds.plan(rds.diagnose(rdsAlarm(), e, Alarms.policy()), e, Alarms.policy());
    assertThat(
            Guardrails.standard()
                .review(plan, Alarms.policy(), Fixtures.DEV_NOW)
                .getFirst()
                .verdict())
        .isEqualTo(Verdict.ALLOWED);
  }

  @Test
  void topSqlIsReportedAndMissingPerformanceInsightsIsSaid() {
    ResourceState.RdsInstance withPi =
        new ResourceState.RdsInstance(
            "tradai-dev",
            "db.t4g.micro",
            "available",
            List.of(),
            300,
            112,
            true,
            List.of(new ResourceState.TopSql("SELECT * FROM trades WHERE pair = ?", 2.5)),
            "");
    Diagnosis d =
        rds.diagnose(rdsAlarm(), new Evidence(NOW, Map.of(), Map.of("k", withPi)), Alarms.policy());
    assertThat(d.findings())
        .anySatisfy(
            f -> {
              assertThat(f.name()).isEqualTo("Top SQL #1 (db.load.avg 2.5)");
              assertThat(f.value()).isEqualTo("SELECT * FROM trades WHERE pair = ?");
            });
    Diagnosis off =
        rds.diagnose(rdsAlarm(), new Evidence(NOW, Map.of(), Map.of("k", MICRO)), Alarms.policy());
    assertThat(off.findings())
        .anySatisfy(
            f ->
                assertThat(f.value())
                    .isEqualTo("Performance Insights is not enabled on tradai-dev; no top SQL"));
  }

  // ---- DynamoDB ----

  static Alarm ddbAlarm() {
    return Alarms.metric(
        "tradai-dev-dynamodb-throttles",
        "AWS/DynamoDB",
        "ReadThrottleEvents",
        Map.of("TableName", "tradai-dev-workflow-state"),
        0.0);
  }

  static ResourceState.DynamoDbTable table(
      String mode, long rcu, long wcu, String ci, List<String> keys) {
    return new ResourceState.DynamoDbTable("tradai-dev-workflow-state", mode, rcu, wcu, ci, keys);
  }

  static Map<String, Series> throttles(double reads, double writes) {
    Map<String, Series> s = new HashMap<>();
    s.put("readThrottles", hour("readThrottles", 0, reads, 5));
    s.put("writeThrottles", hour("writeThrottles", 0, writes, 5));
    s.put("throttled", hour("throttled", 0, reads + writes, 5));
    return s;
  }

  record DdbRow(
      String name,
      Map<String, Series> series,
      ResourceState.DynamoDbTable table,
      String cause,
      List<Action> actions) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<DdbRow> ddbTable() {
    String t = "tradai-dev-workflow-state";
    return Stream.of(
        new DdbRow(
            "on-demand throttling: hot partition, no fix",
            throttles(12, 0),
            table("PAY_PER_REQUEST", 0, 0, "DISABLED", List.of()),
            DynamoDbThrottlingRunbook.HOT_PARTITION,
            null),
        new DdbRow(
            "provisioned read throttling raises reads by the step",
            throttles(12, 0),
            table("PROVISIONED", 100, 50, "DISABLED", List.of()),
            DynamoDbThrottlingRunbook.CAPACITY,
            List.of(new Action.RaiseDynamoDbCapacity(t, "read", 100, 150))),
        new DdbRow(
            "provisioned write throttling raises writes",
            throttles(0, 3),
            table("PROVISIONED", 100, 50, "DISABLED", List.of()),
            DynamoDbThrottlingRunbook.CAPACITY,
            List.of(new Action.RaiseDynamoDbCapacity(t, "write", 50, 100))),
        new DdbRow(
            "both throttle: both rise",
            throttles(1, 1),
            table("PROVISIONED", 100, 50, "DISABLED", List.of()),
            DynamoDbThrottlingRunbook.CAPACITY,
            List.of(
                new Action.RaiseDynamoDbCapacity(t, "read", 100, 150),
                new Action.RaiseDynamoDbCapacity(t, "write", 50, 100))),
        new DdbRow(
            "zero throttles: no cause",
            throttles(0, 0),
            table("PROVISIONED", 100, 50, "DISABLED", List.of()),
            Diagnosis.NO_CAUSE,
            List.of()),
        new DdbRow(
            "missing datapoints: no cause",
            Map.of(),
            table("PROVISIONED", 100, 50, "DISABLED", List.of()),
            Diagnosis.NO_CAUSE,
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ddbTable")
  void dynamoDbTable(DdbRow row) {
    Evidence e = new Evidence(NOW, row.series(), Map.of("dynamodb:t", row.table()));
    Diagnosis d = ddb.diagnose(ddbAlarm(), e, Alarms.policy());
    Plan plan = ddb.plan(d, e, Alarms.policy());
    assertThat(d.cause()).isEqualTo(row.cause());
    if (row.actions() == null) {
      assertThat(plan.actions()).singleElement().isInstanceOf(Action.NotifyOnly.class);
    } else {
      assertThat(plan.actions()).isEqualTo(row.actions());
    }
  }

  @Test
  void hotPartitionNamesContributorInsightsTopKeysWhereEnabled() {
    Evidence e =
        new Evidence(
            NOW,
            throttles(5, 0),
            Map.of(
                "k",
                table(
                    "PAY_PER_REQUEST",
                    0,
                    0,
                    "ENABLED",
                    List.of("PAIR#BTCUSDT (9120)", "PAIR#ETHUSDT (310)"))));
    Diagnosis d = ddb.diagnose(ddbAlarm(), e, Alarms.policy());
    assertThat(d.why())
        .isEqualTo(
            "the table is on-demand and still throttles; top keys by Contributor"
                + " Insights: PAIR#BTCUSDT (9120), PAIR#ETHUSDT (310)");
    Diagnosis off =
        ddb.diagnose(
            ddbAlarm(),
            new Evidence(
                NOW,
                throttles(5, 0),
                Map.of("k", table("PAY_PER_REQUEST", 0, 0, "DISABLED", List.of()))),
            Alarms.policy());
    assertThat(off.why())
        .endsWith("Contributor Insights is DISABLED; enable it to see the hot keys");
  }

  @Test
  void capacityAtTheCapIsBlocked() {
    Evidence e =
        new Evidence(
            NOW,
            throttles(12, 0),
            Map.of("k", table("PROVISIONED", 1000, 50, "DISABLED", List.of())));
    Plan plan = ddb.plan(ddb.diagnose(ddbAlarm(), e, Alarms.policy()), e, Alarms.policy());
    Decision d = Guardrails.standard().review(plan, Alarms.policy(), Fixtures.DEV_NOW).getFirst();
    assertThat(d.verdict()).isEqualTo(Verdict.BLOCKED);
    assertThat(d.notes().getLast())
        .isEqualTo("cap: already at 1000, the cap is 1000; nothing to raise");
  }
}
