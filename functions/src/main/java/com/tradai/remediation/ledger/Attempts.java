package com.tradai.remediation.ledger;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * What the rate limit and the circuit breaker count: attempts (a PENDING audit record of an alarm
 * or an approved plan; rollbacks do not count), each kept as a small marker item {@code
 * ~ATTEMPT#{auditId}} in the AUDIT partition, written in the same transaction as its audit record
 * and marked {@code failed} in the same transaction as its FAILED mark. The guards' facts read
 * these markers, not the audit records: their number is that of attempts in the window, which the
 * breaker and the rate limit themselves bound, however many deliveries, duplicates or held-back
 * decisions the window saw. One marker per attempt (not a shared counter) keeps concurrent
 * transactions of different resources off each other's items. Pure: the counts for a window.
 */
public final class Attempts {
  /**
   * Sort-key prefix of the markers: after every audit id, before {@code ~BREAKER} and {@code
   * ~LAST#}.
   */
  public static final String PREFIX = "~ATTEMPT#";

  private Attempts() {}

  /** One attempt as its marker keeps it. */
  public record Attempt(Instant at, String runbook, boolean failed) {}

  /** Attempts and failures for the breaker, attempts of one runbook for the rate limit. */
  public record Counts(int attempts, int failures, int runbookAttempts) {}

  public static String key(String auditId) {
    return PREFIX + auditId;
  }

  /**
   * @param rateFrom the rate limit's window start
   * @param breakerFrom the breaker's window start
   * @param resetAt the breaker's last reset, if any: only attempts after it count for the breaker
   */
  public static Counts count(
      Collection<Attempt> attempts,
      String runbook,
      Instant rateFrom,
      Instant breakerFrom,
      Optional<Instant> resetAt) {
    Instant from =
        resetAt.map(r -> r.plusMillis(1)).filter(r -> r.isAfter(breakerFrom)).orElse(breakerFrom);
    int all = 0;
    int failures = 0;
    int byRunbook = 0;
    for (Attempt a : attempts) {
      if (!a.at().isBefore(from)) {
        all++;
        failures += a.failed() ? 1 : 0;
      }
      if (!a.at().isBefore(rateFrom) && runbook.equals(a.runbook())) {
        byRunbook++;
      }
    }
    return new Counts(all, failures, byRunbook);
  }
}
