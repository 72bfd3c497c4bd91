package com.tradai.remediation.runbook;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.alarm.MetricIdentity;
import com.tradai.remediation.core.Diagnosis;
import com.tradai.remediation.core.Evidence;
import com.tradai.remediation.core.Finding;
import com.tradai.remediation.core.MetricQuery;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.core.ResourceRef;
import com.tradai.remediation.guard.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Makes every runbook's evidence include the alarm's own metric, queried exactly as the alarm
 * defines it: the same namespace, metric, every one of its dimensions, the same statistic (p95
 * stays p95) and period. CloudWatch publishes many metrics only under particular dimension sets
 * (DynamoDB's ThrottledRequests only per TableName + Operation), so a query with fewer dimensions
 * reads "no data" where the alarm sees datapoints. When a runbook already asks for exactly that
 * series nothing is added; otherwise one more query joins the same GetMetricData batch and the
 * diagnosis shows its latest datapoint against the alarm's threshold.
 */
public final class AlarmMetric implements Runbook {
  static final String ID = "alarmOwnMetric";
  private final Runbook runbook;

  public AlarmMetric(Runbook runbook) {
    this.runbook = runbook;
  }

  /** The alarm's single metric as a query; math and composite alarms have none. */
  public static Optional<MetricQuery> query(Alarm alarm) {
    return alarm
        .metric()
        .map(
            m ->
                new MetricQuery(
                    ID,
                    m.namespace(),
                    m.name(),
                    m.dimensions(),
                    m.statistic(),
                    m.periodSeconds() > 0 ? m.periodSeconds() : 60));
  }

  /** Whether {@code q} reads the same series as {@code alarmQuery} (its id aside). */
  static boolean same(MetricQuery q, MetricQuery alarmQuery) {
    return q.namespace().equals(alarmQuery.namespace())
        && q.metric().equals(alarmQuery.metric())
        && q.dimensions().equals(alarmQuery.dimensions())
        && q.stat().equals(alarmQuery.stat())
        && q.periodSeconds() == alarmQuery.periodSeconds();
  }

  static EvidenceRequest including(Alarm alarm, EvidenceRequest request) {
    return query(alarm)
        .filter(own -> request.metrics().stream().noneMatch(q -> same(q, own)))
        .map(
            own -> {
              List<MetricQuery> metrics = new ArrayList<>(request.metrics());
              metrics.add(own);
              return new EvidenceRequest(request.window(), metrics, request.resources());
            })
        .orElse(request);
  }

  /** The latest datapoint of the added query, against the alarm's threshold when it has one. */
  static Diagnosis showing(Alarm alarm, Evidence e, Diagnosis d) {
    if (!e.series().containsKey(ID) || alarm.metric().isEmpty()) {
      return d;
    }
    MetricIdentity m = alarm.metric().get();
    String name =
        "Alarm metric "
            + m.name()
            + " "
            + m.statistic()
            + " "
            + new TreeMap<>(m.dimensions())
                .entrySet().stream()
                    .map(x -> x.getKey() + "=" + x.getValue())
                    .collect(Collectors.joining(", ", "{", "}"));
    OptionalDouble latest = e.series(ID).latest();
    Finding f =
        m.threshold()
            .map(
                t ->
                    latest.isEmpty()
                        ? Findings.fact(name, "no data", threshold(m, t), false)
                        : Findings.fact(
                            name,
                            Findings.fmt(latest.getAsDouble()),
                            threshold(m, t),
                            breaches(m, latest.getAsDouble(), t)))
            .orElseGet(() -> Findings.show(name, latest, ""));
    List<Finding> findings = new ArrayList<>(d.findings());
    findings.addFirst(f);
    return new Diagnosis(d.cause(), d.why(), findings, d.seedFix());
  }

  private static String threshold(MetricIdentity m, double t) {
    return m.comparison().map(AlarmMetric::symbol).orElse(">") + " " + Findings.fmt(t);
  }

  private static boolean breaches(MetricIdentity m, double v, double t) {
    return switch (m.comparison().orElse("GreaterThanThreshold")) {
      case "GreaterThanOrEqualToThreshold" -> v >= t;
      case "LessThanThreshold" -> v < t;
      case "LessThanOrEqualToThreshold" -> v <= t;
      default -> v > t;
    };
  }

  private static String symbol(String comparison) {
    return switch (comparison) {
      case "GreaterThanOrEqualToThreshold" -> "≥";
      case "LessThanThreshold" -> "<";
      case "LessThanOrEqualToThreshold" -> "≤";
      default -> ">";
    };
  }

  @Override
  public String id() {
    return runbook.id();
  }

  @Override
  public String title() {
    return runbook.title();
  }

  @Override
  public boolean handles(Alarm alarm) {
    return runbook.handles(alarm);
  }

  @Override
  public EvidenceRequest evidenceFor(Alarm alarm, Targets targets) {
    return including(alarm, runbook.evidenceFor(alarm, targets));
  }

  @Override
  public List<ResourceRef> resourcesFor(
      Alarm alarm, EvidenceRequest request, Evidence metrics, Policy policy) {
    return runbook.resourcesFor(alarm, request, metrics, policy);
  }

  @Override
  public Diagnosis diagnose(Alarm alarm, Evidence evidence, Policy policy) {
    return showing(alarm, evidence, runbook.diagnose(alarm, evidence, policy));
  }

  @Override
  public Plan plan(Diagnosis diagnosis, Evidence evidence, Policy policy) {
    return runbook.plan(diagnosis, evidence, policy);
  }
}
