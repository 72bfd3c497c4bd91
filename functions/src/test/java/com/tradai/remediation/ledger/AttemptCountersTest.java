package com.tradai.remediation.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradai.remediation.ledger.AttemptCounters.Bucket;
import com.tradai.remediation.ledger.AttemptCounters.Counts;
import com.tradai.remediation.ledger.AttemptCounters.Reset;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The counters' arithmetic, on plain values: windows in whole minutes, runbooks, the breaker's reset. */
class AttemptCountersTest {
  static final Instant NOW = Instant.parse("2026-11-27T12:30:20Z");
  static final Duration HOUR = Duration.ofHours(1);

  /** 11:29 (just out), 11:30 (the window's first minute), 12:00, 12:30 (now). */
  static final List<Bucket> BUCKETS = List.of(
      new Bucket("20261127T1129", 5, 5, Map.of("api-latency", 5L)),
      new Bucket("20261127T1130", 1, 1, Map.of("api-latency", 1L)),
      new Bucket("20261127T1200", 3, 0, Map.of("api-latency", 2L, "ecs-cpu", 1L)),
      new Bucket("20261127T1230", 2, 1, Map.of("ecs-cpu", 2L)));

  @ParameterizedTest(name = "{0}: rate window {1} min, breaker window {2} min → attempts {3}, failures {4}, runbook {5}")
  @CsvSource({
      // the minute holding the window's start (11:30:20 → 11:30) counts in full; 11:29 does not
      "api-latency, 60, 60, 6, 2, 3",
      "ecs-cpu,     60, 60, 6, 2, 3",
      "other,       60, 60, 6, 2, 0",
      // a 30-minute window starts at 12:00:20 → the 12:00 minute counts
      "api-latency, 30, 30, 5, 1, 2",
      // the rate and breaker windows are independent
      "api-latency, 1,  60, 6, 2, 0",
      "ecs-cpu,     1,  61, 11, 7, 2"})
  void countsWhatIsInTheWindowToTheMinute(String runbook, long rateMinutes, long breakerMinutes,
      int attempts, int failures, int byRunbook) {
    Counts c = AttemptCounters.count(BUCKETS, runbook, NOW.minus(Duration.ofMinutes(rateMinutes)),
        NOW.minus(Duration.ofMinutes(breakerMinutes)), Optional.empty());
    assertThat(c).isEqualTo(new Counts(attempts, failures, byRunbook));
  }

  @Test
  void aResetKeepsOnlyWhatCameAfterItEvenWithinItsMinute() {
    // reset at 12:00:40, when the 12:00 counter held 2 attempts and no failure: its third attempt
    // came after the reset; 11:30 is before the reset minute
    Reset reset = new Reset(Instant.parse("2026-11-27T12:00:40Z"), 2, 0);
    Counts c = AttemptCounters.count(BUCKETS, "api-latency", NOW.minus(HOUR), NOW.minus(HOUR), Optional.of(reset));
    assertThat(c.attempts()).isEqualTo(1 + 2);
    assertThat(c.failures()).isEqualTo(1);
    assertThat(c.runbookAttempts()).as("the rate limit is not reset").isEqualTo(3);
  }

  @Test
  void aResetOlderThanTheWindowChangesNothingAndOneInTheFutureMinuteCountsNothingBefore() {
    Reset old = new Reset(Instant.parse("2026-11-27T09:00:00Z"), 9, 9);
    assertThat(AttemptCounters.count(BUCKETS, "x", NOW.minus(HOUR), NOW.minus(HOUR), Optional.of(old)))
        .isEqualTo(new Counts(6, 2, 0));
    Reset justNow = new Reset(NOW, 2, 1);
    assertThat(AttemptCounters.count(BUCKETS, "x", NOW.minus(HOUR), NOW.minus(HOUR), Optional.of(justNow)))
        .isEqualTo(new Counts(0, 0, 0));
  }

  @Test
  void keysAndMinutesComeFromTheAuditIdAndSortBeforeTheBreaker() {
    String auditId = DynamoDbLedger.newAuditId(Instant.parse("2026-11-27T12:30:59.999Z"));
    assertThat(AttemptCounters.minuteOf(auditId)).isEqualTo("20261127T1230");
    assertThat(AttemptCounters.minute(Instant.parse("2026-11-27T12:30:00Z"))).isEqualTo("20261127T1230");
    String key = AttemptCounters.key("20261127T1230");
    assertThat(key).isEqualTo("~ATTEMPTS#20261127T1230");
    // after every audit id, before ~BREAKER and ~LAST#…: one Query from the window's first minute reads them all
    assertThat(key).isGreaterThan(auditId).isLessThan("~BREAKER").isLessThan("~LAST#ecs-scale#x");
    assertThat(AttemptCounters.key("20261127T1129")).isLessThan(key);
    assertThat(AttemptCounters.runbookOf(AttemptCounters.runbookAttribute("api-latency"))).hasValue("api-latency");
    assertThat(AttemptCounters.runbookOf("attempts")).isEmpty();
    assertThatThrownBy(() -> AttemptCounters.minuteOf("p-20261127")).isInstanceOf(IllegalArgumentException.class);
  }
}
