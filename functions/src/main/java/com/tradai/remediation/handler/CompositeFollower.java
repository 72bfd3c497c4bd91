package com.tradai.remediation.handler;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.alarm.MetricIdentity;
import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.ports.AlarmDefinitions;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.runbook.Runbooks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A composite alarm has no metric of its own: it follows the alarms that triggered it. Their
 * definitions are read in one DescribeAlarms call; each is routed to its runbook as if it had
 * fired, at most once per runbook and resource (two triggering alarms on the same service lead to
 * one diagnosis). When the definitions cannot be read, the triggering alarms' names route them (the
 * routing table's name hints). Each report's summary names the composite and what it followed.
 */
final class CompositeFollower {
  private static final Logger LOG = LoggerFactory.getLogger(CompositeFollower.class);

  private final AlarmDefinitions definitions;
  private final Runbooks runbooks;

  CompositeFollower(AlarmDefinitions definitions, Runbooks runbooks) {
    this.definitions = definitions;
    this.runbooks = runbooks;
  }

  /**
   * The triggering alarms as alarms of their own, routable and deduplicated; empty if none routes.
   */
  List<Alarm> followed(Alarm composite) {
    Map<String, MetricIdentity> defs;
    try {
      defs = definitions.read(composite.triggeringAlarms());
    } catch (RuntimeException e) {
      LOG.warn(
          "composite {}: triggering alarms could not be read ({}); routing by their names",
          LogSafe.clean(composite.name()),
          LogSafe.clean(e.getMessage()));
      defs = Map.of();
    }
    Map<String, Alarm> byResource = new LinkedHashMap<>();
    for (String name : composite.triggeringAlarms()) {
      Alarm child = child(composite, name, Optional.ofNullable(defs.get(name)));
      runbooks
          .route(child)
          .ifPresent(
              r ->
                  byResource.putIfAbsent(
                      r.id()
                          + "|"
                          + child
                              .metric()
                              .map(m -> new java.util.TreeMap<>(m.dimensions()).toString())
                              .orElse(name),
                      child));
    }
    return new ArrayList<>(byResource.values());
  }

  /** Runs each followed alarm; the reports say which composite they came from. */
  List<Report> follow(Alarm composite, List<Alarm> followed, Function<Alarm, Report> remediate) {
    List<Report> reports = new ArrayList<>();
    for (int i = 0; i < followed.size(); i++) {
      Alarm child = followed.get(i);
      String note =
          "Composite "
              + LogSafe.clean(composite.name())
              + " followed "
              + LogSafe.clean(child.name())
              + (followed.size() > 1 ? " (" + (i + 1) + " of " + followed.size() + ")" : "")
              + ": ";
      reports.add(
          remediate.apply(child).withSummaryPrefix(note).withCorrelationId(child.idempotencyKey()));
    }
    return reports;
  }

  /** The triggering alarm as if it had fired itself, at the composite's transition. */
  static Alarm child(Alarm composite, String name, Optional<MetricIdentity> metric) {
    String arn = composite.arn().substring(0, composite.arn().lastIndexOf(':') + 1) + name;
    return new Alarm(
        name,
        composite.environment(),
        composite.state(),
        composite.previousState(),
        "triggered composite " + composite.name() + ": " + composite.reason(),
        composite.stateChangeTime(),
        arn,
        composite.account(),
        composite.region(),
        composite.delivery(),
        metric,
        List.of(),
        List.of(),
        composite.description());
  }
}
