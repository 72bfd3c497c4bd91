package com.tradai.remediation.verify;

import com.tradai.remediation.ports.AlarmStatus;
import com.tradai.remediation.report.Outcome;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Pure: the verdict on a fix from its checklist, before against now.
 *
 * <ul>
 *   <li>RECOVERED: the alarm's metric has data and is healthy, every other item with data is
 *       healthy, and the alarm is not in ALARM (an alarm without a single metric must be OK).
 *   <li>IMPROVING: not yet, but either every metric is healthy (the alarm lags), or the alarm's
 *       metric moved at least {@code improvementPercent} the right way; only while checks remain.
 *   <li>NOT_RECOVERED: anything else. {@code worse} when the alarm's metric moved at least {@code
 *       improvementPercent} the wrong way, which is what may trigger a rollback.
 * </ul>
 */
public final class Verification {
  private Verification() {}

  public record Verdict(Outcome outcome, boolean worse, String why) {}

  public static Verdict judge(
      List<Check> checks,
      AlarmStatus alarm,
      int attempt,
      int maxChecks,
      double improvementPercent) {
    Optional<Check> primary = checks.stream().filter(Check::primary).findFirst();
    double p = improvementPercent / 100.0;
    OptionalDouble moved = primary.map(Check::improvement).orElse(OptionalDouble.empty());
    boolean improved = moved.isPresent() && moved.getAsDouble() >= p;
    boolean worse = moved.isPresent() && moved.getAsDouble() <= -p;
    boolean primaryHealthy = primary.isEmpty() || primary.get().healthy().orElse(false);
    List<Check> unhealthy = checks.stream().filter(c -> !c.healthy().orElse(true)).toList();
    boolean metricsHealthy = primaryHealthy && unhealthy.isEmpty();
    String movement =
        primary
            .map(
                c ->
                    c.name()
                        + " "
                        + Check.text(c.before(), c.unit())
                        + " → "
                        + Check.text(c.now(), c.unit())
                        + movedText(moved))
            .orElse("the alarm's metric was not read");

    // Without a single metric (composite, metric math) only the alarm's own OK proves recovery.
    boolean alarmAgrees = primary.isPresent() ? !alarm.isAlarm() : alarm.isOk();
    if (metricsHealthy && alarmAgrees) {
      return new Verdict(
          Outcome.RECOVERED,
          false,
          "every check is healthy and the alarm is " + alarm.state() + "; " + movement);
    }
    boolean checksLeft = attempt < maxChecks;
    if (checksLeft && (metricsHealthy || improved)) {
      return new Verdict(
          Outcome.IMPROVING,
          false,
          (metricsHealthy
                  ? "the metrics are healthy but the alarm is " + alarm.state()
                  : movement + ", at least " + Check.fmt(improvementPercent) + "% better")
              + "; checking once more");
    }
    String failing =
        primary.isPresent() && primary.get().now().isEmpty()
            ? "no data for " + primary.get().name()
            : unhealthy.isEmpty()
                ? "the alarm is still " + alarm.state()
                : "unhealthy: "
                    + String.join(
                        ", ",
                        unhealthy.stream()
                            .map(
                                c ->
                                    c.name()
                                        + " "
                                        + Check.text(c.now(), c.unit())
                                        + " (healthy "
                                        + c.thresholdText()
                                        + ")")
                            .toList());
    return new Verdict(
        Outcome.NOT_RECOVERED,
        worse,
        failing
            + "; "
            + movement
            + (worse ? ", worse than before the fix" : "")
            + (checksLeft ? "" : " after " + attempt + " check" + (attempt == 1 ? "" : "s")));
  }

  private static String movedText(OptionalDouble moved) {
    if (moved.isEmpty()) {
      return "";
    }
    double pct = moved.getAsDouble() * 100;
    return String.format(
        Locale.ROOT, " (%s%.0f%%)", pct >= 0 ? "better by " : "worse by ", Math.abs(pct));
  }
}
