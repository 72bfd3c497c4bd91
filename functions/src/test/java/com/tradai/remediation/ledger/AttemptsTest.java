package com.tradai.remediation.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.ledger.Attempts.Attempt;
import com.tradai.remediation.ledger.Attempts.Counts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the rate limit and the breaker count, on plain values: windows, runbooks, the breaker's
 * reset.
 */
class AttemptsTest {
  static final Instant NOW = Instant.parse("2026-11-27T12:30:00Z");

  static Attempt at(String time, String runbook, boolean failed) {
    return new Attempt(Instant.parse("2026-11-27T" + time + "Z"), runbook, failed);
  }

  static final List<Attempt> ATTEMPTS =
      List.of(
          at("11:29:59.999", "api-latency", true), // just outside an hour
          at("11:30:00", "api-latency", true), // the hour's first millisecond
          at("12:00:00", "api-latency", false),
          at("12:00:30", "ecs-cpu", false),
          at("12:29:59", "ecs-cpu", true));

  @ParameterizedTest(
      name =
          "{0}: rate window {1} min, breaker window {2} min → attempts {3}, failures {4}, runbook {5}")
  @CsvSource({
    "api-latency, 60, 60, 4, 2, 2",
    "ecs-cpu,     60, 60, 4, 2, 2",
    "other,       60, 60, 4, 2, 0",
    "api-latency, 30, 30, 3, 1, 1",
    // the rate and breaker windows are independent
    "api-latency, 1,  60, 4, 2, 0",
    "ecs-cpu,     1,  61, 5, 3, 1"
  })
  void countsWhatIsInTheWindow(
      String runbook,
      long rateMinutes,
      long breakerMinutes,
      int attempts,
      int failures,
      int byRunbook) {
    Counts c =
        Attempts.count(
            ATTEMPTS,
            runbook,
            NOW.minus(Duration.ofMinutes(rateMinutes)),
            NOW.minus(Duration.ofMinutes(breakerMinutes)),
            Optional.empty());
    assertThat(c).isEqualTo(new Counts(attempts, failures, byRunbook));
  }

  @Test
  void aResetCountsOnlyWhatCameAfterItForTheBreakerNotForTheRateLimit() {
    Instant hourAgo = NOW.minus(Duration.ofHours(1));
    Counts c =
        Attempts.count(
            ATTEMPTS,
            "api-latency",
            hourAgo,
            hourAgo,
            Optional.of(Instant.parse("2026-11-27T12:00:00Z")));
    assertThat(c).as("12:00:00 itself is not after the reset").isEqualTo(new Counts(2, 1, 2));
    Counts old =
        Attempts.count(
            ATTEMPTS,
            "api-latency",
            hourAgo,
            hourAgo,
            Optional.of(Instant.parse("2026-11-27T09:00:00Z")));
    assertThat(old).as("a reset before the window changes nothing").isEqualTo(new Counts(4, 2, 2));
  }

  @Test
  void markersSortAfterEveryAuditIdAndBeforeTheBreakerAndLastChanges() {
    String auditId = DynamoDbLedger.newAuditId(NOW);
    String key = Attempts.key(auditId);
    assertThat(key)
        .isEqualTo("~ATTEMPT#" + auditId)
        .isGreaterThan(auditId)
        .isLessThan("~BREAKER")
        .isLessThan("~LAST#ecs-scale#x");
    // one Query from the window's start reads the markers in time order, then the breaker
    assertThat(Attempts.key(DynamoDbLedger.newAuditId(NOW.minusMillis(1)))).isLessThan(key);
    assertThat(Attempts.key("20261127T122959.999Z")).isLessThan(key);
  }
}
