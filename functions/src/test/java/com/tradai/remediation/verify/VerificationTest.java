package com.tradai.remediation.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.ports.AlarmStatus;
import com.tradai.remediation.report.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The verdict, table-driven: alarm metric (threshold 2 s) and one checklist item, before → now. */
class VerificationTest {
  private static final AlarmStatus OK =
      new AlarmStatus("OK", Optional.of(Instant.parse("2026-11-27T10:19:00Z")));
  private static final AlarmStatus ALARM = new AlarmStatus("ALARM", Optional.empty());

  private static Check primary(Double before, Double now) {
    return new Check("alarm metric", true, Check.Rule.AT_MOST, 2.0, " s", opt(before), opt(now));
  }

  private static Check cpu(Double now) {
    return new Check("ECS CPU", false, Check.Rule.BELOW, 70, "%", OptionalDouble.of(78), opt(now));
  }

  private static OptionalDouble opt(Double v) {
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  static Stream<Arguments> table() {
    return Stream.of(
        // primary before/now, cpu now, alarm, attempt of 2 → outcome, worse
        Arguments.of(2.7, 0.4, 50.0, OK, 1, Outcome.RECOVERED, false),
        Arguments.of(2.7, 0.4, 50.0, AlarmStatus.UNKNOWN, 1, Outcome.RECOVERED, false),
        Arguments.of(2.7, 2.0, 50.0, OK, 1, Outcome.RECOVERED, false), // ≤ threshold is healthy
        Arguments.of(
            2.7,
            0.4,
            null,
            OK,
            1,
            Outcome.RECOVERED,
            false), // a checklist item without data is skipped
        Arguments.of(
            2.7, 0.4, 50.0, ALARM, 1, Outcome.IMPROVING, false), // metrics healthy, alarm lags
        Arguments.of(2.7, 0.4, 50.0, ALARM, 2, Outcome.NOT_RECOVERED, false), // ... but not forever
        Arguments.of(
            2.7,
            0.4,
            75.0,
            OK,
            1,
            Outcome.IMPROVING,
            false), // CPU still high, alarm metric 85% better
        Arguments.of(
            2.7, 2.5, 50.0, ALARM, 1, Outcome.NOT_RECOVERED, false), // 7% better is not enough
        Arguments.of(2.7, 2.4, 50.0, ALARM, 1, Outcome.IMPROVING, false), // 11% better
        Arguments.of(
            2.7, 2.4, 50.0, ALARM, 2, Outcome.NOT_RECOVERED, false), // improving, out of checks
        Arguments.of(2.7, 3.5, 88.0, ALARM, 1, Outcome.NOT_RECOVERED, true), // 30% worse
        Arguments.of(2.7, 2.9, 50.0, ALARM, 1, Outcome.NOT_RECOVERED, false), // 7% worse is noise
        Arguments.of(
            2.7, null, 50.0, OK, 1, Outcome.NOT_RECOVERED, false), // no data for the alarm's metric
        Arguments.of(null, 0.4, 50.0, OK, 1, Outcome.RECOVERED, false));
  }

  @ParameterizedTest(
      name =
          "[{index}] alarm metric {0} → {1} s, CPU {2}%, alarm {3}, check {4} of 2 → {5} (worse {6})")
  @MethodSource("table")
  void verdict(
      Double before,
      Double now,
      Double cpuNow,
      AlarmStatus alarm,
      int attempt,
      Outcome expected,
      boolean worse) {
    Verification.Verdict v =
        Verification.judge(List.of(primary(before, now), cpu(cpuNow)), alarm, attempt, 2, 10);
    assertThat(v.outcome()).isEqualTo(expected);
    assertThat(v.worse()).isEqualTo(worse);
  }

  @ParameterizedTest(name = "{0} {1}: now {2} → healthy {3}")
  @MethodSource("rules")
  void rules(Check.Rule rule, double threshold, double now, boolean healthy) {
    Check c =
        new Check("x", false, rule, threshold, "", OptionalDouble.of(40), OptionalDouble.of(now));
    assertThat(c.healthy()).contains(healthy);
  }

  static Stream<Arguments> rules() {
    return Stream.of(
        Arguments.of(Check.Rule.BELOW, 70, 69.9, true),
            Arguments.of(Check.Rule.BELOW, 70, 70, false),
        Arguments.of(Check.Rule.AT_MOST, 2, 2, true),
            Arguments.of(Check.Rule.AT_MOST, 2, 2.01, false),
        Arguments.of(Check.Rule.NONE, 0, 0, true), Arguments.of(Check.Rule.NONE, 0, 1, false),
        Arguments.of(Check.Rule.STABLE, 50, 60, true),
            Arguments.of(Check.Rule.STABLE, 50, 61, false),
        Arguments.of(Check.Rule.AT_LEAST, 5, 5, true), Arguments.of(Check.Rule.ABOVE, 5, 5, false));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @MethodSource("comparisons")
  void healthyIsTheOppositeOfTheAlarmComparison(String comparison, Check.Rule rule) {
    assertThat(Check.Rule.healthyFor(comparison)).isEqualTo(rule);
  }

  static Stream<Arguments> comparisons() {
    return Stream.of(
        Arguments.of("GreaterThanThreshold", Check.Rule.AT_MOST),
        Arguments.of("GreaterThanOrEqualToThreshold", Check.Rule.BELOW),
        Arguments.of("LessThanThreshold", Check.Rule.AT_LEAST),
        Arguments.of("LessThanOrEqualToThreshold", Check.Rule.ABOVE),
        Arguments.of(null, Check.Rule.AT_MOST));
  }

  @org.junit.jupiter.api.Test
  void withoutASingleMetricTheAlarmStateDecides() {
    assertThat(Verification.judge(List.of(cpu(50.0)), OK, 1, 2, 10).outcome())
        .isEqualTo(Outcome.RECOVERED);
    assertThat(Verification.judge(List.of(cpu(50.0)), ALARM, 1, 2, 10).outcome())
        .isEqualTo(Outcome.IMPROVING);
  }

  @org.junit.jupiter.api.Test
  void theWhyNamesWhatIsUnhealthyAndHowTheMetricMoved() {
    Verification.Verdict v =
        Verification.judge(List.of(primary(2.7, 3.5), cpu(88.0)), ALARM, 1, 2, 10);
    assertThat(v.why())
        .isEqualTo(
            "unhealthy: alarm metric 3.5 s (healthy ≤ 2 s), ECS CPU 88% (healthy < 70%);"
                + " alarm metric 2.7 s → 3.5 s (worse by 30%), worse than before the fix");
  }
}
