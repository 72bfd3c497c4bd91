package com.tradai.remediation.verify;

import com.tradai.remediation.alarm.MetricIdentity;
import com.tradai.remediation.config.VerificationPolicy;
import com.tradai.remediation.core.MetricQuery;
import com.tradai.remediation.core.Series;
import com.tradai.remediation.ports.AlarmRef;
import com.tradai.remediation.runbook.Targets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * Pure: the on-call runbook's verification checklist ("After performance issue resolution") as
 * metric queries, chosen by the namespace of the alarm's own metric, plus the alarm's metric
 * against its own threshold. "CloudWatch alarms cleared" is the alarm state, read separately;
 * "user-facing functionality verified" and "baseline documented" are for people and stay in the
 * report.
 */
public final class Checklist {
  private static final int PERIOD = 60;

  private Checklist() {}

  /** How a window of points becomes one value. */
  public enum Reduce {
    MAX(Series::max),
    SUM(
        s ->
            s.isEmpty()
                ? OptionalDouble.empty()
                : OptionalDouble.of(s.points().stream().mapToDouble(p -> p.value()).sum()));

    private final Function<Series, OptionalDouble> f;

    Reduce(Function<Series, OptionalDouble> f) {
      this.f = f;
    }

    OptionalDouble apply(Series s) {
      return f.apply(s);
    }
  }

  /** One checklist item before it has been read. */
  public record Item(
      String name,
      boolean primary,
      Check.Rule rule,
      double threshold,
      String unit,
      MetricQuery query,
      Reduce reduce) {}

  public static List<Item> items(AlarmRef alarm, Targets t, VerificationPolicy p) {
    List<Item> items = new ArrayList<>();
    alarm
        .metric()
        .ifPresent(
            m ->
                items.add(
                    new Item(
                        "Alarm metric " + m.name() + " (" + m.statistic() + ")",
                        true,
                        Check.Rule.healthyFor(m.comparison().orElse(null)),
                        m.threshold().orElse(0.0),
                        unit(m.name()),
                        new MetricQuery(
                            "primary",
                            m.namespace(),
                            m.name(),
                            m.dimensions(),
                            m.statistic(),
                            m.periodSeconds() > 0 ? m.periodSeconds() : PERIOD),
                        Reduce.MAX)));
    String ns = alarm.metric().map(MetricIdentity::namespace).orElse("");
    switch (ns) {
      case "AWS/ApplicationELB" -> {
        String lb =
            alarm.metric().flatMap(m -> m.dimension("LoadBalancer")).orElse(t.loadBalancer());
        items.add(
            new Item(
                "API p99 latency",
                false,
                Check.Rule.BELOW,
                p.apiP99Ms() / 1000.0,
                " s",
                query("apiP99", ns, "TargetResponseTime", Map.of("LoadBalancer", lb), "p99"),
                Reduce.MAX));
        ecs(items, t.ecsCluster(), t.service("backend"), p);
        items.add(dbConnections(t.rdsInstance(), p));
      }
      case "AWS/ECS" -> {
        MetricIdentity m = alarm.metric().orElseThrow();
        ecs(
            items,
            m.dimension("ClusterName").orElse(t.ecsCluster()),
            m.dimension("ServiceName").orElse(t.service("backend")),
            p);
      }
      case "AWS/Lambda" ->
          alarm
              .metric()
              .flatMap(m -> m.dimension("FunctionName"))
              .ifPresent(
                  fn ->
                      items.add(
                          new Item(
                              "Lambda errors (timeouts count as errors)",
                              false,
                              Check.Rule.NONE,
                              0,
                              "",
                              query("fnErrors", ns, "Errors", Map.of("FunctionName", fn), "Sum"),
                              Reduce.SUM)));
      case "AWS/RDS" ->
          items.add(
              dbConnections(
                  alarm
                      .metric()
                      .flatMap(m -> m.dimension("DBInstanceIdentifier"))
                      .orElse(t.rdsInstance()),
                  p));
      case "AWS/DynamoDB" ->
          alarm
              .metric()
              .flatMap(m -> m.dimension("TableName"))
              .ifPresent(
                  table ->
                      items.add(
                          new Item(
                              "DynamoDB throttled requests",
                              false,
                              Check.Rule.NONE,
                              0,
                              "",
                              query(
                                  "ddbThrottled",
                                  ns,
                                  "ThrottledRequests",
                                  Map.of("TableName", table),
                                  "Sum"),
                              Reduce.SUM)));
      default -> {}
    }
    return items;
  }

  /** Reads each item in the window before the fix and the window up to the check. */
  public static List<Check> evaluate(
      List<Item> items,
      Map<String, Series> series,
      Instant fixedAt,
      Instant checkAt,
      Duration window) {
    return items.stream()
        .map(
            i -> {
              Series s = series.getOrDefault(i.query().id(), Series.empty(i.query().id()));
              return new Check(
                  i.name(),
                  i.primary(),
                  i.rule(),
                  i.threshold(),
                  i.unit(),
                  i.reduce().apply(s.recent(fixedAt, window)),
                  i.reduce().apply(s.recent(checkAt, window)));
            })
        .toList();
  }

  private static void ecs(List<Item> items, String cluster, String service, VerificationPolicy p) {
    Map<String, String> dims = Map.of("ClusterName", cluster, "ServiceName", service);
    items.add(
        new Item(
            "ECS CPU " + service,
            false,
            Check.Rule.BELOW,
            p.ecsUtilizationPercent(),
            "%",
            query("ecsCpu", "AWS/ECS", "CPUUtilization", dims, "Average"),
            Reduce.MAX));
    items.add(
        new Item(
            "ECS memory " + service,
            false,
            Check.Rule.BELOW,
            p.ecsUtilizationPercent(),
            "%",
            query("ecsMem", "AWS/ECS", "MemoryUtilization", dims, "Average"),
            Reduce.MAX));
  }

  private static Item dbConnections(String instance, VerificationPolicy p) {
    return new Item(
        "DB connections stable",
        false,
        Check.Rule.STABLE,
        p.dbConnectionsGrowthPercent(),
        "",
        query(
            "dbConnections",
            "AWS/RDS",
            "DatabaseConnections",
            Map.of("DBInstanceIdentifier", instance),
            "Maximum"),
        Reduce.MAX);
  }

  /** CloudWatch's units for the metrics the runbooks alarm on; others are shown bare. */
  static String unit(String metric) {
    return switch (metric) {
      case "TargetResponseTime" -> " s";
      case "CPUUtilization", "MemoryUtilization" -> "%";
      case "Duration" -> " ms";
      default -> "";
    };
  }

  private static MetricQuery query(
      String id, String ns, String metric, Map<String, String> dims, String stat) {
    return new MetricQuery(id, ns, metric, dims, stat, PERIOD);
  }
}
