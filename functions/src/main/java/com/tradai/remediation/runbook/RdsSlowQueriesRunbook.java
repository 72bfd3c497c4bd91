package com.tradai.remediation.runbook;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.Diagnosis;
import com.tradai.remediation.core.Evidence;
import com.tradai.remediation.core.Finding;
import com.tradai.remediation.core.MetricQuery;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.core.ResourceRef;
import com.tradai.remediation.core.ResourceState;
import com.tradai.remediation.core.Series;
import com.tradai.remediation.guard.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * On-call runbook section "Database Performance — RDS Slow Queries": CPU, IOPS, latency,
 * connections and freeable memory, the top SQL from Performance Insights, and the instance's class
 * and status. Only sustained CPU earns a fix (the next class on the ladder); IOPS and connections
 * are reported.
 */
public final class RdsSlowQueriesRunbook implements Runbook {
  public static final String SUSTAINED_CPU = "Sustained high CPU";
  public static final String IOPS_BOUND = "IOPS-bound";
  public static final String CONNECTIONS = "Connections near the limit";

  /** "Sustained": every datapoint of the last this-many minutes is above the CPU threshold. */
  static final int SUSTAINED_MINUTES = 10;

  static final int MIN_POINTS = 5;
  static final double IOPS_SHARE = 0.90;
  static final double CONNECTIONS_SHARE = 0.80;
  static final Duration WINDOW = Duration.ofHours(1);
  private static final String RDS = "AWS/RDS";

  @Override
  public String id() {
    return "rds-slow-queries";
  }

  @Override
  public String title() {
    return "RDS Slow Queries";
  }

  @Override
  public EvidenceRequest evidenceFor(Alarm alarm, Targets t) {
    String db = Findings.dimension(alarm, "DBInstanceIdentifier").orElse(t.rdsInstance());
    Map<String, String> dims = Map.of("DBInstanceIdentifier", db);
    List<MetricQuery> q =
        List.of(
            new MetricQuery("cpu", RDS, "CPUUtilization", dims, "Average", 60),
            new MetricQuery("readIops", RDS, "ReadIOPS", dims, "Average", 60),
            new MetricQuery("writeIops", RDS, "WriteIOPS", dims, "Average", 60),
            new MetricQuery("readLatency", RDS, "ReadLatency", dims, "Average", 60),
            new MetricQuery("writeLatency", RDS, "WriteLatency", dims, "Average", 60),
            new MetricQuery("connections", RDS, "DatabaseConnections", dims, "Maximum", 60),
            new MetricQuery("freeMemory", RDS, "FreeableMemory", dims, "Average", 60));
    var now = alarm.stateChangeTime();
    return new EvidenceRequest(
        WINDOW, q, List.of(new ResourceRef.RdsInstance(db, now.minus(WINDOW), now)));
  }

  @Override
  public Diagnosis diagnose(Alarm alarm, Evidence e, Policy policy) {
    Duration recent = Duration.ofMinutes(policy.thresholds().recentMinutes());
    Optional<ResourceState.RdsInstance> db = Findings.resource(e, ResourceState.RdsInstance.class);
    Series cpuTail = e.series("cpu").recent(e.now(), Duration.ofMinutes(SUSTAINED_MINUTES));
    OptionalDouble cpuFloor =
        cpuTail.points().size() >= MIN_POINTS ? Findings.min(cpuTail) : OptionalDouble.empty();
    Finding cpu =
        Findings.above(
            "RDS CPU, lowest of the last " + SUSTAINED_MINUTES + " min",
            cpuFloor,
            policy.thresholds().rdsCpuPercent(),
            "%");
    OptionalDouble r = e.series("readIops").recent(e.now(), recent).mean();
    OptionalDouble w = e.series("writeIops").recent(e.now(), recent).mean();
    OptionalDouble iops =
        r.isPresent() || w.isPresent()
            ? OptionalDouble.of(r.orElse(0) + w.orElse(0))
            : OptionalDouble.empty();
    Finding iopsBound =
        db.map(
                d ->
                    Findings.atLeast(
                        "Read+write IOPS vs limit " + d.iopsLimit(),
                        iops,
                        share(IOPS_SHARE, d.iopsLimit()),
                        ""))
            .orElseGet(() -> Findings.show("Read+write IOPS", iops, ""));
    OptionalDouble conns = e.series("connections").recent(e.now(), recent).max();
    Finding connections =
        db.map(
                d ->
                    Findings.atLeast(
                        "Connections vs max_connections " + d.maxConnections(),
                        conns,
                        share(CONNECTIONS_SHARE, d.maxConnections()),
                        ""))
            .orElseGet(() -> Findings.show("Connections", conns, ""));
    List<Finding> findings =
        new ArrayList<>(
            List.of(
                cpu,
                iopsBound,
                connections,
                Findings.show(
                    "Read latency (avg)",
                    e.series("readLatency").recent(e.now(), recent).mean(),
                    " s"),
                Findings.show(
                    "Write latency (avg)",
                    e.series("writeLatency").recent(e.now(), recent).mean(),
                    " s"),
                Findings.show(
                    "Freeable memory (avg)",
                    e.series("freeMemory").recent(e.now(), recent).mean(),
                    " B")));
    db.ifPresent(
        d -> {
          findings.add(
              Findings.fact(
                  "Instance",
                  d.instanceClass()
                      + ", "
                      + d.status()
                      + (d.pendingModifications().isEmpty()
                          ? ""
                          : ", pending " + d.pendingModifications()),
                  "available, nothing pending",
                  !actionable(d)));
          if (d.topSql().isEmpty()) {
            findings.add(Findings.fact("Top SQL (Performance Insights)", d.piNote(), "", false));
          }
          for (int i = 0; i < d.topSql().size(); i++) {
            ResourceState.TopSql s = d.topSql().get(i);
            findings.add(
                Findings.fact(
                    "Top SQL #" + (i + 1) + " (db.load.avg " + Findings.fmt(s.load()) + ")",
                    com.tradai.remediation.core.LogSafe.clean(s.statement()),
                    "",
                    false));
          }
        });
    if (cpu.breached()) {
      return new Diagnosis(
          SUSTAINED_CPU,
          "every RDS CPU datapoint of the last "
              + SUSTAINED_MINUTES
              + " minutes is "
              + cpu.threshold()
              + " (lowest "
              + cpu.value()
              + ")",
          findings,
          "Check slow queries, scale RDS (modify-db-instance --db-instance-class)");
    }
    if (iopsBound.breached()) {
      return new Diagnosis(
          IOPS_BOUND,
          "IOPS "
              + iopsBound.value()
              + " is "
              + iopsBound.threshold()
              + "; a bigger class would not add storage IOPS",
          findings,
          "Report only: review the top SQL and indexes, or raise provisioned IOPS by hand");
    }
    if (connections.breached()) {
      return new Diagnosis(
          CONNECTIONS,
          "connections " + connections.value() + " are " + connections.threshold(),
          findings,
          "Report only: check connection pooling and leaks (database connections stable)");
    }
    return new Diagnosis(
        Diagnosis.NO_CAUSE,
        "CPU is not sustained above "
            + Findings.fmt(policy.thresholds().rdsCpuPercent())
            + "%, IOPS and connections are below their limits",
        findings,
        "none");
  }

  @Override
  public Plan plan(Diagnosis d, Evidence e, Policy policy) {
    Optional<ResourceState.RdsInstance> db = Findings.resource(e, ResourceState.RdsInstance.class);
    String target = db.map(ResourceState.RdsInstance::instance).orElse("RDS instance");
    return switch (d.cause()) {
      case SUSTAINED_CPU ->
          db.map(x -> nextClass(x, policy))
              .orElseGet(
                  () ->
                      Findings.advice(target, "the instance could not be read; scale it by hand"));
      case IOPS_BOUND, CONNECTIONS -> Findings.advice(target, d.seedFix());
      default -> Plan.none();
    };
  }

  /** A share of a limit, rounded to 3 decimals so that "at 80%" is exactly at the threshold. */
  static double share(double share, long limit) {
    return Math.round(share * limit * 1000) / 1000.0;
  }

  static boolean actionable(ResourceState.RdsInstance d) {
    return "available".equals(d.status()) && d.pendingModifications().isEmpty();
  }

  static Plan nextClass(ResourceState.RdsInstance d, Policy policy) {
    if (!actionable(d)) {
      return Findings.advice(
          d.instance(),
          "not acting: the instance is "
              + d.status()
              + (d.pendingModifications().isEmpty()
                  ? ""
                  : " with pending modifications " + d.pendingModifications())
              + "; wait until it is available with nothing pending");
    }
    List<String> ladder = policy.rdsClassLadder();
    int rank = ladder.indexOf(d.instanceClass());
    if (rank < 0) {
      return Findings.advice(
          d.instance(),
          d.instanceClass() + " is not on this environment's ladder " + ladder + "; scale by hand");
    }
    if (rank + 1 >= ladder.size()) {
      return Findings.advice(
          d.instance(),
          d.instanceClass()
              + " is the top of the ladder (the cap); "
              + "tune the top SQL or raise the cap by hand");
    }
    return Plan.of(
        new Action.ChangeRdsInstanceClass(
            d.instance(), d.instanceClass(), ladder.get(rank + 1), rank, rank + 1));
  }
}
