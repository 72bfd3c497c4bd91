package com.tradai.remediation.runbook;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.Diagnosis;
import com.tradai.remediation.core.Evidence;
import com.tradai.remediation.core.Finding;
import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.core.MetricQuery;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.core.ResourceRef;
import com.tradai.remediation.core.ResourceState;
import com.tradai.remediation.guard.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * On-call runbook section "DynamoDB Throttling": throttles and consumed capacity (per-second rates
 * from 60 s sums), billing mode and provisioned capacity. On-demand scales itself, so throttling
 * there points at a hot partition (reported, with Contributor Insights' top keys where enabled);
 * provisioned tables get more capacity, within the cap.
 */
public final class DynamoDbThrottlingRunbook implements Runbook {
  public static final String HOT_PARTITION = "Hot partition suspected (on-demand)";
  public static final String CAPACITY = "Provisioned capacity exhausted";
  public static final String UNREADABLE = "Throttling on a table that could not be read";
  static final Duration WINDOW = Duration.ofHours(1);
  private static final int PERIOD = 60;
  private static final String DDB = "AWS/DynamoDB";

  @Override
  public String id() {
    return "dynamodb-throttling";
  }

  @Override
  public String title() {
    return "DynamoDB Throttling";
  }

  @Override
  public EvidenceRequest evidenceFor(Alarm alarm, Targets t) {
    String table =
        Findings.dimension(alarm, "TableName")
            .orElse(t.project() + "-" + t.environment() + "-workflow-state");
    Map<String, String> dims = Map.of("TableName", table);
    List<MetricQuery> queries = new ArrayList<>();
    // CloudWatch publishes ThrottledRequests only per TableName + Operation: asked per table alone
    // it has no data. The alarm's Operation says which one; without it the throttle events suffice.
    Findings.dimension(alarm, "Operation")
        .ifPresent(
            op ->
                queries.add(
                    new MetricQuery(
                        "throttled",
                        DDB,
                        "ThrottledRequests",
                        Map.of("TableName", table, "Operation", op),
                        "Sum",
                        PERIOD)));
    queries.addAll(
        List.of(
            new MetricQuery("readThrottles", DDB, "ReadThrottleEvents", dims, "Sum", PERIOD),
            new MetricQuery("writeThrottles", DDB, "WriteThrottleEvents", dims, "Sum", PERIOD),
            new MetricQuery("consumedRead", DDB, "ConsumedReadCapacityUnits", dims, "Sum", PERIOD),
            new MetricQuery(
                "consumedWrite", DDB, "ConsumedWriteCapacityUnits", dims, "Sum", PERIOD),
            new MetricQuery(
                "provisionedRead", DDB, "ProvisionedReadCapacityUnits", dims, "Average", PERIOD),
            new MetricQuery(
                "provisionedWrite",
                DDB,
                "ProvisionedWriteCapacityUnits",
                dims,
                "Average",
                PERIOD)));
    return new EvidenceRequest(WINDOW, queries, List.of(new ResourceRef.DynamoDbTable(table)));
  }

  @Override
  public Diagnosis diagnose(Alarm alarm, Evidence e, Policy policy) {
    Duration recent = Duration.ofMinutes(policy.thresholds().recentMinutes());
    Finding reads =
        Findings.above(
            "Read throttle events",
            Findings.sum(e.series("readThrottles").recent(e.now(), recent)),
            0,
            "");
    Finding writes =
        Findings.above(
            "Write throttle events",
            Findings.sum(e.series("writeThrottles").recent(e.now(), recent)),
            0,
            "");
    Finding requests =
        Findings.above(
            "Throttled requests"
                + Findings.dimension(alarm, "Operation").map(op -> " (" + op + ")").orElse(""),
            Findings.sum(e.series("throttled").recent(e.now(), recent)),
            0,
            "");
    List<Finding> findings =
        new ArrayList<>(
            List.of(
                reads,
                writes,
                Findings.show(
                    "Consumed read capacity (peak per second)",
                    perSecond(e.series("consumedRead").recent(e.now(), recent).max()),
                    " RCU/s"),
                Findings.show(
                    "Consumed write capacity (peak per second)",
                    perSecond(e.series("consumedWrite").recent(e.now(), recent).max()),
                    " WCU/s")));
    if (Findings.dimension(alarm, "Operation").isPresent()) {
      findings.addFirst(requests);
    }
    Optional<ResourceState.DynamoDbTable> table =
        Findings.resource(e, ResourceState.DynamoDbTable.class);
    table.ifPresent(
        t -> {
          findings.add(
              Findings.fact(
                  "Billing mode",
                  t.onDemand()
                      ? "on-demand (PAY_PER_REQUEST)"
                      : "provisioned " + t.readUnits() + " RCU / " + t.writeUnits() + " WCU",
                  "",
                  false));
          findings.add(Findings.fact("Contributor Insights", t.contributorInsights(), "", false));
          for (int i = 0; i < t.topKeys().size(); i++) {
            findings.add(
                Findings.fact("Top key #" + (i + 1), LogSafe.clean(t.topKeys().get(i)), "", false));
          }
        });
    if (!reads.breached() && !writes.breached() && !requests.breached()) {
      return new Diagnosis(
          Diagnosis.NO_CAUSE,
          "no throttling in the last " + recent.toMinutes() + " minutes",
          findings,
          "none");
    }
    if (table.isEmpty()) {
      return new Diagnosis(
          UNREADABLE,
          "throttling, but the table's billing mode is unknown",
          findings,
          "Check the table's capacity by hand");
    }
    if (table.get().onDemand()) {
      String keys =
          "ENABLED".equals(table.get().contributorInsights())
              ? (table.get().topKeys().isEmpty()
                  ? "Contributor Insights shows no top keys yet"
                  : "top keys by Contributor Insights: "
                      + String.join(
                          ", ", table.get().topKeys().stream().map(LogSafe::clean).toList()))
              : "Contributor Insights is "
                  + table.get().contributorInsights()
                  + "; enable it to see the hot keys";
      return new Diagnosis(
          HOT_PARTITION,
          "the table is on-demand and still throttles; " + keys,
          findings,
          "DynamoDB is on-demand (auto-scales), but check for hot partitions if throttling persists");
    }
    return new Diagnosis(
        CAPACITY,
        "provisioned table throttles ("
            + (reads.breached() ? "reads " + reads.value() : "")
            + (reads.breached() && writes.breached() ? ", " : "")
            + (writes.breached() ? "writes " + writes.value() : "")
            + (!reads.breached() && !writes.breached() ? "requests " + requests.value() : "")
            + ")",
        findings,
        "Raise provisioned capacity");
  }

  @Override
  public Plan plan(Diagnosis d, Evidence e, Policy policy) {
    Optional<ResourceState.DynamoDbTable> table =
        Findings.resource(e, ResourceState.DynamoDbTable.class);
    return switch (d.cause()) {
      case HOT_PARTITION ->
          Findings.advice(
              table.get().table(),
              "spread writes over more partition keys"
                  + " (write sharding) or cache hot reads; no automatic fix for a hot partition");
      case UNREADABLE -> Findings.advice("DynamoDB table", d.seedFix());
      case CAPACITY -> raise(table.get(), d, policy);
      default -> Plan.none();
    };
  }

  private static Plan raise(ResourceState.DynamoDbTable t, Diagnosis d, Policy policy) {
    long step = Math.max(1, policy.limit("dynamodb-capacity").step());
    boolean reads = breached(d, "Read throttle events");
    boolean writes = breached(d, "Write throttle events");
    List<Action> actions = new ArrayList<>();
    if (reads || !writes) {
      actions.add(
          new Action.RaiseDynamoDbCapacity(t.table(), "read", t.readUnits(), t.readUnits() + step));
    }
    if (writes || !reads) {
      actions.add(
          new Action.RaiseDynamoDbCapacity(
              t.table(), "write", t.writeUnits(), t.writeUnits() + step));
    }
    return new Plan(actions);
  }

  private static boolean breached(Diagnosis d, String name) {
    return d.findings().stream().anyMatch(f -> f.name().equals(name) && f.breached());
  }

  private static OptionalDouble perSecond(OptionalDouble sumPerPeriod) {
    return sumPerPeriod.isEmpty()
        ? sumPerPeriod
        : OptionalDouble.of(sumPerPeriod.getAsDouble() / PERIOD);
  }
}
