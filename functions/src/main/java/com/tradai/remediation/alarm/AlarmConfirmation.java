package com.tradai.remediation.alarm;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Whether CloudWatch confirms an alarm delivery, decided over what CloudWatch answered. Pure. A
 * delivery is a claim: the alarm must exist, must be (or, within the maximum event age, have gone)
 * in ALARM, and its payload must not disagree with CloudWatch's definition on the metric, its
 * dimensions, statistic, period or threshold. Confirmed, the alarm that acts is the delivery with
 * CloudWatch's definition in place of the payload's, so every runbook reads CloudWatch's values.
 */
public sealed interface AlarmConfirmation {

  /**
   * CloudWatch confirms it; {@code alarm} carries CloudWatch's definition; {@code how} says why.
   */
  record Confirmed(Alarm alarm, String how) implements AlarmConfirmation {}

  /** CloudWatch contradicts it: refused, nothing changes. */
  record Rejected(Rejection rejection) implements AlarmConfirmation {}

  /** CloudWatch could not be asked (an error, throttled after retries): advice only. */
  record Unreadable(String why) implements AlarmConfirmation {}

  /**
   * @param payload the alarm as the delivery describes it
   * @param found the alarm as CloudWatch defines it; empty when CloudWatch does not know the name
   * @param history CloudWatch's StateUpdate items in the window (read only when the state is not
   *     ALARM; empty otherwise)
   * @param now the time of the decision
   * @param maxAge the maximum event age (ALARM_MAX_AGE_MINUTES): an ALARM transition older than
   *     this confirms nothing
   */
  public static AlarmConfirmation decide(
      Alarm payload,
      Optional<CloudWatchAlarm> found,
      List<CloudWatchAlarm.StateUpdate> history,
      Instant now,
      Duration maxAge) {
    if (found.isEmpty()) {
      return reject(
          Rejection.Code.UNKNOWN_ALARM,
          "alarm '"
              + payload.name()
              + "' does not exist in"
              + " CloudWatch (DescribeAlarms found no alarm of that name); a delivery of an alarm CloudWatch"
              + " does not know never acts");
    }
    CloudWatchAlarm cw = found.get();
    Optional<String> differs = differs(payload, cw);
    if (differs.isPresent()) {
      return reject(
          Rejection.Code.ALARM_MISMATCH,
          differs.get()
              + " (alarm '"
              + payload.name()
              + "'); the payload must match CloudWatch's definition, which alone is acted on");
    }
    Alarm confirmed = cw.metric().isPresent() ? withMetric(payload, cw.metric().get()) : payload;
    if ("ALARM".equals(cw.stateValue())) {
      return new Confirmed(
          confirmed,
          "CloudWatch has alarm '"
              + payload.name()
              + "' in ALARM"
              + cw.stateUpdated().map(t -> " since " + t).orElse(""));
    }
    Instant from = now.minus(maxAge);
    Optional<Instant> transition =
        history.stream()
            .filter(
                u -> "ALARM".equals(u.newState()) && !u.at().isBefore(from) && !u.at().isAfter(now))
            .map(CloudWatchAlarm.StateUpdate::at)
            .max(Instant::compareTo);
    if (transition.isPresent()) {
      return new Confirmed(
          confirmed,
          "CloudWatch has alarm '"
              + payload.name()
              + "' in "
              + cw.stateValue()
              + " now; its history shows it went to ALARM at "
              + transition.get());
    }
    return reject(
        Rejection.Code.NOT_IN_ALARM,
        "CloudWatch has alarm '"
            + payload.name()
            + "' in "
            + cw.stateValue()
            + " and its history shows no transition to ALARM in the last "
            + maxAge.toMinutes()
            + " min (ALARM_MAX_AGE_MINUTES); the delivery's ALARM at "
            + payload.stateChangeTime()
            + " is not confirmed");
  }

  public static AlarmConfirmation unreadable(Alarm payload, String why) {
    return new Unreadable(
        "alarm '"
            + payload.name()
            + "' could not be read from CloudWatch ("
            + why
            + "), so it is not confirmed");
  }

  /** The first field where the payload disagrees with CloudWatch, named as the payload names it. */
  static Optional<String> differs(Alarm payload, CloudWatchAlarm cw) {
    boolean composite = payload.isComposite();
    if (composite != (cw.kind() == CloudWatchAlarm.Kind.COMPOSITE)) {
      return Optional.of(
          "the payload describes a "
              + (composite ? "composite" : "metric")
              + " alarm"
              + " but CloudWatch's is a "
              + (cw.kind() == CloudWatchAlarm.Kind.COMPOSITE ? "composite" : "metric")
              + " alarm");
    }
    if (payload.metric().isPresent() && cw.metric().isEmpty()) {
      return Optional.of(
          field(payload, "MetricName")
              + " "
              + payload.metric().get().name()
              + " differs from CloudWatch's alarm, which watches metric math and no single metric");
    }
    if (!payload.mathMetrics().isEmpty() && cw.metric().isPresent()) {
      return Optional.of(
          "the payload describes a metric-math alarm but CloudWatch's watches the single"
              + " metric "
              + cw.metric().get().namespace()
              + "/"
              + cw.metric().get().name());
    }
    if (payload.metric().isEmpty()) {
      // composite or math on both sides: existence and state are what count; a payload that names
      // no metric at all (a composite's triggering alarm whose definition was not read) takes
      // CloudWatch's
      return Optional.empty();
    }
    MetricIdentity p = payload.metric().get();
    MetricIdentity c = cw.metric().get();
    if (!p.namespace().equals(c.namespace())) {
      return Optional.of(
          field(payload, "Namespace")
              + " "
              + p.namespace()
              + " differs from CloudWatch's "
              + c.namespace());
    }
    if (!p.name().equals(c.name())) {
      return Optional.of(
          field(payload, "MetricName") + " " + p.name() + " differs from CloudWatch's " + c.name());
    }
    if (!p.dimensions().equals(c.dimensions())) {
      return Optional.of(
          field(payload, "Dimensions")
              + " "
              + new TreeMap<>(p.dimensions())
              + " differ from CloudWatch's "
              + new TreeMap<>(c.dimensions()));
    }
    if (!p.statistic().equalsIgnoreCase(c.statistic())) {
      return Optional.of(
          field(payload, "Statistic")
              + " "
              + p.statistic()
              + " differs from CloudWatch's "
              + c.statistic());
    }
    if (p.periodSeconds() != c.periodSeconds()) {
      return Optional.of(
          field(payload, "Period")
              + " "
              + p.periodSeconds()
              + " differs from CloudWatch's "
              + c.periodSeconds());
    }
    if (p.threshold().isPresent() && !Objects.equals(p.threshold(), c.threshold())) {
      return Optional.of(
          field(payload, "Threshold")
              + " "
              + fmt(p.threshold().get())
              + " differs from CloudWatch's "
              + c.threshold().map(AlarmConfirmation::fmt).orElse("(none)"));
    }
    if (p.comparison().isPresent()
        && c.comparison().isPresent()
        && !p.comparison().equals(c.comparison())) {
      return Optional.of(
          field(payload, "ComparisonOperator")
              + " "
              + p.comparison().get()
              + " differs from CloudWatch's "
              + c.comparison().get());
    }
    return Optional.empty();
  }

  /** The payload's own path of a field: SNS's Trigger.X, the state-change event's metricStat. */
  private static String field(Alarm payload, String name) {
    if (payload.delivery() == Delivery.SNS) {
      return "Trigger." + name;
    }
    return switch (name) {
      case "Namespace" -> "configuration.metrics[0].metricStat.metric.namespace";
      case "MetricName" -> "configuration.metrics[0].metricStat.metric.name";
      case "Dimensions" -> "configuration.metrics[0].metricStat.metric.dimensions";
      case "Statistic" -> "configuration.metrics[0].metricStat.stat";
      case "Period" -> "configuration.metrics[0].metricStat.period";
      case "Threshold" -> "state.reasonData.threshold";
      default -> name;
    };
  }

  private static Alarm withMetric(Alarm a, MetricIdentity cw) {
    return new Alarm(
        a.name(),
        a.environment(),
        a.state(),
        a.previousState(),
        a.reason(),
        a.stateChangeTime(),
        a.arn(),
        a.account(),
        a.region(),
        a.delivery(),
        Optional.of(cw),
        a.mathMetrics(),
        a.triggeringAlarms(),
        a.description());
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
  }

  private static AlarmConfirmation reject(Rejection.Code code, String message) {
    return new Rejected(Rejection.of(code, message));
  }
}
