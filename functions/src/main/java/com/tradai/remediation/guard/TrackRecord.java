package com.tradai.remediation.guard;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the verifier found for fixes like one (an environment, a runbook, a fix kind) over some
 * days. Pure. The ledger stores one counter per verdict and UTC day, named {@code
 * {tally}#{yyyyMMdd}} ({@link #counter}); {@link #within} sums the days of a window.
 *
 * @param recovered fixes judged recovered
 * @param improving checks that found a fix improving (each is followed by another check)
 * @param notRecovered fixes judged not recovered and left in place
 * @param rolledBack fixes judged not recovered and rolled back
 * @param shadowCleared shadow plans whose alarm cleared without the fix
 * @param shadowImproving checks of shadow plans that found the alarm's metric improving on its own
 * @param shadowBreaching shadow plans whose alarm kept breaching without the fix
 */
public record TrackRecord(
    long recovered,
    long improving,
    long notRecovered,
    long rolledBack,
    long shadowCleared,
    long shadowImproving,
    long shadowBreaching) {

  public static final TrackRecord EMPTY = new TrackRecord(0, 0, 0, 0, 0, 0, 0);

  /** How long the ledger keeps a day's counters. */
  public static final int KEPT_DAYS = 90;

  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  /** One verification verdict, as the record counts it. */
  public enum Tally {
    RECOVERED,
    IMPROVING,
    NOT_RECOVERED,
    ROLLED_BACK,
    SHADOW_CLEARED,
    SHADOW_IMPROVING,
    SHADOW_BREACHING;

    String prefix() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The attribute that counts {@code tally} on {@code day}. */
  public static String counter(Tally tally, LocalDate day) {
    return tally.prefix() + "#" + DAY.format(day);
  }

  /**
   * The counters of the {@code days} days up to {@code today}, summed; other attributes ignored.
   */
  public static TrackRecord within(Map<String, Long> counters, LocalDate today, int days) {
    LocalDate first = today.minusDays(days - 1L);
    long[] sum = new long[Tally.values().length];
    counters.forEach(
        (name, count) ->
            parse(name)
                .ifPresent(
                    p -> {
                      if (!p.day().isBefore(first) && !p.day().isAfter(today)) {
                        sum[p.tally().ordinal()] += count;
                      }
                    }));
    return new TrackRecord(sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6]);
  }

  private record Parsed(Tally tally, LocalDate day) {}

  private static Optional<Parsed> parse(String name) {
    int hash = name.indexOf('#');
    if (hash < 0) {
      return Optional.empty();
    }
    for (Tally t : Tally.values()) {
      if (t.prefix().equals(name.substring(0, hash))) {
        try {
          return Optional.of(new Parsed(t, LocalDate.parse(name.substring(hash + 1), DAY)));
        } catch (DateTimeParseException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  public TrackRecord plus(TrackRecord o) {
    return new TrackRecord(
        recovered + o.recovered,
        improving + o.improving,
        notRecovered + o.notRecovered,
        rolledBack + o.rolledBack,
        shadowCleared + o.shadowCleared,
        shadowImproving + o.shadowImproving,
        shadowBreaching + o.shadowBreaching);
  }

  /** Applied fixes with a final verdict: recovered, not recovered or rolled back. */
  public long judged() {
    return recovered + notRecovered + rolledBack;
  }

  /** Shadow plans with a final verdict: the alarm cleared on its own, or kept breaching. */
  public long shadowJudged() {
    return shadowCleared + shadowBreaching;
  }

  /** Recovered fixes as a fraction of the judged ones; empty before the first. */
  public Optional<Double> recoveredRate() {
    return judged() == 0 ? Optional.empty() : Optional.of((double) recovered / judged());
  }

  /**
   * The report's line: "track record: recovered 7 of 8 fixes like this in prod (30 days); in
   * shadow, the alarm cleared on its own 1 of 5 times".
   */
  public String line(String environment, int days) {
    String fixes =
        judged() == 0
            ? "no fix like this verified in " + environment + " yet (" + days + " days)"
            : "recovered "
                + recovered
                + " of "
                + judged()
                + " fixes like this in "
                + environment
                + " ("
                + days
                + " days)"
                + (rolledBack == 0 ? "" : ", " + rolledBack + " rolled back");
    String shadow =
        shadowJudged() == 0
            ? ""
            : "; in shadow, the alarm cleared on its own "
                + shadowCleared
                + " of "
                + shadowJudged()
                + " times";
    return "track record: " + fixes + shadow;
  }
}
