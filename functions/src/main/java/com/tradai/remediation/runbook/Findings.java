package com.tradai.remediation.runbook;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.Datapoint;
import com.tradai.remediation.core.Finding;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.core.Series;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The runbooks' shared pure helpers: a value or series against a threshold as a {@link Finding}, an
 * alarm's metric and dimensions, an advice-only plan. (Diagnosing is each runbook's own work.)
 */
final class Findings {
  private Findings() {}

  static Finding above(String name, OptionalDouble value, double threshold, String unit) {
    if (value.isEmpty()) {
      return new Finding(name, "no data", "> " + fmt(threshold) + unit, false);
    }
    return new Finding(
        name,
        fmt(value.getAsDouble()) + unit,
        "> " + fmt(threshold) + unit,
        value.getAsDouble() > threshold);
  }

  /** Recent mean against {@code factor} × the median of the hour before it. */
  static Finding spike(String name, Series recent, Series baseline, double factor, String unit) {
    OptionalDouble now = recent.mean();
    OptionalDouble base = baseline.median();
    if (now.isEmpty() || base.isEmpty()) {
      return new Finding(name, "no data", fmt(factor) + "× baseline", false);
    }
    double limit = base.getAsDouble() * factor;
    boolean breached = base.getAsDouble() > 0 ? now.getAsDouble() >= limit : now.getAsDouble() > 0;
    return new Finding(
        name,
        fmt(now.getAsDouble()) + unit + " (baseline " + fmt(base.getAsDouble()) + unit + ")",
        "≥ " + fmt(factor) + "× baseline = " + fmt(limit) + unit,
        breached);
  }

  static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e12) {
      return String.valueOf((long) v);
    }
    return String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
  }

  /** A value judged "at least" a threshold (a share, a ratio). */
  static Finding atLeast(String name, OptionalDouble value, double threshold, String unit) {
    if (value.isEmpty()) {
      return new Finding(name, "no data", "≥ " + fmt(threshold) + unit, false);
    }
    return new Finding(
        name,
        fmt(value.getAsDouble()) + unit,
        "≥ " + fmt(threshold) + unit,
        value.getAsDouble() >= threshold);
  }

  /** A fact shown with the report, judged by the caller. */
  static Finding fact(String name, String value, String threshold, boolean breached) {
    return new Finding(name, value, threshold, breached);
  }

  static OptionalDouble sum(Series s) {
    return s.isEmpty()
        ? OptionalDouble.empty()
        : OptionalDouble.of(s.points().stream().mapToDouble(Datapoint::value).sum());
  }

  static OptionalDouble min(Series s) {
    return s.points().stream().mapToDouble(Datapoint::value).min();
  }

  /** The alarm's metric name; empty for math and composite alarms. */
  static Optional<String> metricName(Alarm alarm) {
    return alarm.metric().map(m -> m.name());
  }

  static Optional<String> dimension(Alarm alarm, String key) {
    return alarm.metrics().stream()
        .map(m -> m.dimension(key))
        .flatMap(Optional::stream)
        .findFirst();
  }

  /** Whether the shipped routing table sends this alarm to {@code runbookId}. */
  static boolean routedTo(Alarm alarm, String runbookId) {
    return Routing.defaults().runbookFor(alarm).filter(runbookId::equals).isPresent();
  }

  static Plan advice(String target, String advice) {
    return Plan.of(new Action.NotifyOnly(target, advice));
  }

  /** A value shown for context, judged against nothing. */
  static Finding show(String name, OptionalDouble value, String unit) {
    return new Finding(
        name, value.isEmpty() ? "no data" : fmt(value.getAsDouble()) + unit, "", false);
  }

  /** The first resource of a type in the evidence. */
  static <T extends com.tradai.remediation.core.ResourceState> Optional<T> resource(
      com.tradai.remediation.core.Evidence e, Class<T> type) {
    return e.resources().values().stream().filter(type::isInstance).map(type::cast).findFirst();
  }
}
