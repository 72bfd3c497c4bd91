package com.tradai.remediation.ledger;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rate limit's and the circuit breaker's counts, kept in one counter item per minute
 * ({@code ~ATTEMPTS#yyyyMMddTHHmm} in the AUDIT partition) instead of being counted from the audit
 * records: the guards' facts then read at most one item per minute of the longer window, however
 * many deliveries a storm brings. An attempt (a PENDING audit record of an alarm or an approved
 * plan; rollbacks do not count) adds 1 to {@code attempts} and to {@code runbook:{id}} in the
 * minute of its audit id, in the same write as its record; moving it to FAILED adds 1 to
 * {@code failures} of that same minute. Pure: what the counts are for a window, given the items.
 *
 * <p>Windows are whole minutes: the minute that holds the window's start counts in full, so a
 * count may include attempts up to 59.999 s older than the window (the guards err on the side of
 * holding back). A reset of the breaker keeps what the reset minute had counted until then
 * ({@link Reset}), so only what comes after the reset counts, as with exact times.
 */
public final class AttemptCounters {
  /** Sort-key prefix of the counter items; sorts after every audit id, before {@code ~BREAKER}. */
  public static final String PREFIX = "~ATTEMPTS#";
  public static final String ATTEMPTS = "attempts";
  public static final String FAILURES = "failures";
  private static final String RUNBOOK = "runbook:";
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm").withZone(ZoneOffset.UTC);
  private static final Pattern AUDIT_MINUTE = Pattern.compile("^\\d{8}T\\d{4}");

  private AttemptCounters() {}

  /** One minute's counter item. */
  public record Bucket(String minute, long attempts, long failures, Map<String, Long> byRunbook) {
    public Bucket {
      byRunbook = Map.copyOf(byRunbook);
    }
  }

  /** The breaker's last reset, and what its minute had counted when it was reset. */
  public record Reset(Instant at, long attempts, long failures) {}

  /** Attempts and failures for the breaker, attempts of one runbook for the rate limit. */
  public record Counts(int attempts, int failures, int runbookAttempts) {}

  /** The minute key of an instant: {@code yyyyMMddTHHmm}, UTC. */
  public static String minute(Instant at) {
    return MINUTE.format(at);
  }

  /** The minute an audit id was made in (audit ids start with their UTC time). */
  public static String minuteOf(String auditId) {
    if (auditId == null || !AUDIT_MINUTE.matcher(auditId).lookingAt()) {
      throw new IllegalArgumentException("not an audit id: " + auditId);
    }
    return auditId.substring(0, 13);
  }

  public static String key(String minute) {
    return PREFIX + minute;
  }

  /** The counter attribute of a runbook's attempts. */
  public static String runbookAttribute(String runbook) {
    return RUNBOOK + runbook;
  }

  /** The runbook of a counter attribute, if it is one. */
  public static Optional<String> runbookOf(String attribute) {
    return attribute.startsWith(RUNBOOK) ? Optional.of(attribute.substring(RUNBOOK.length())) : Optional.empty();
  }

  /**
   * @param rateFrom the rate limit's window start
   * @param breakerFrom the breaker's window start
   * @param reset the breaker's last reset, if any: nothing counted before it counts for the breaker
   */
  public static Counts count(Collection<Bucket> buckets, String runbook, Instant rateFrom,
      Instant breakerFrom, Optional<Reset> reset) {
    String rateMinute = minute(rateFrom);
    String breakerMinute = minute(breakerFrom);
    String resetMinute = reset.map(r -> minute(r.at())).orElse("");
    long attempts = 0;
    long failures = 0;
    long byRunbook = 0;
    for (Bucket b : buckets) {
      if (b.minute().compareTo(rateMinute) >= 0) {
        byRunbook += b.byRunbook().getOrDefault(runbook, 0L);
      }
      if (b.minute().compareTo(breakerMinute) < 0 || b.minute().compareTo(resetMinute) < 0) {
        continue;
      }
      boolean resetHere = b.minute().equals(resetMinute);
      attempts += Math.max(0, b.attempts() - (resetHere ? reset.get().attempts() : 0));
      failures += Math.max(0, b.failures() - (resetHere ? reset.get().failures() : 0));
    }
    return new Counts((int) attempts, (int) failures, (int) byRunbook);
  }
}
