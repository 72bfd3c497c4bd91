package com.tradai.remediation.report;

import com.tradai.remediation.alarm.MetricIdentity;
import com.tradai.remediation.core.Datapoint;
import com.tradai.remediation.core.MetricQuery;
import com.tradai.remediation.core.Series;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Each evidence series drawn as a line of block characters ({@code ▁▂▃▄▅▆▇█}), one per time slice
 * of the window (at most {@link #MAX_WIDTH}, each drawn at the slice's highest value so a spike
 * stays visible; {@code ·} where there is no data). Every series of a report shares the slices, and
 * the slices of the alarm's breach are wrapped in {@code [ ]}: where the alarm's own metric was
 * beyond its threshold, else the slice in which the alarm fired. Pure.
 */
public final class Sparklines {
  static final String BARS = "▁▂▃▄▅▆▇█";
  static final int MAX_WIDTH = 30;

  private Sparklines() {}

  /**
   * The alarm whose breach is marked.
   *
   * @param metric the alarm's own metric, with its threshold and comparison when it has them
   * @param firedAt when it went to ALARM; empty for a run no alarm started (the health check)
   */
  public record Breach(Optional<MetricIdentity> metric, Optional<Instant> firedAt) {
    /** A manual run without a metric (the health check) has no breach to mark. */
    public static Breach of(com.tradai.remediation.alarm.Alarm alarm) {
      boolean alarmless =
          alarm.delivery() == com.tradai.remediation.alarm.Delivery.MANUAL
              && alarm.metric().isEmpty();
      return new Breach(
          alarm.metric(), alarmless ? Optional.empty() : Optional.of(alarm.stateChangeTime()));
    }
  }

  /** The time slices of one report's window. */
  record Slices(Instant start, Duration width, int count) {
    static Slices of(Instant start, Instant end, int periodSeconds) {
      long seconds = Math.max(1, Duration.between(start, end).toSeconds());
      int count = Math.clamp(seconds / Math.max(1, periodSeconds), 1, MAX_WIDTH);
      return new Slices(start, Duration.ofMillis(Math.max(1, seconds * 1000 / count)), count);
    }

    /** The slice a time falls in, or -1 outside the window. */
    int of(Instant t) {
      long i = Duration.between(start, t).toMillis() / width.toMillis();
      // the window's end belongs to the last slice (a point stamped at "now")
      return t.isBefore(start) ? -1 : i == count ? count - 1 : i > count ? -1 : (int) i;
    }
  }

  /** Which slices the breach covers. */
  static boolean[] breached(Slices slices, Breach breach, Map<MetricQuery, Series> series) {
    boolean[] marked = new boolean[slices.count()];
    breach
        .metric()
        .filter(m -> m.threshold().isPresent())
        .ifPresent(
            m ->
                series.forEach(
                    (q, s) -> {
                      if (sameMetric(q, m)) {
                        for (Datapoint p : s.points()) {
                          int i = slices.of(p.timestamp());
                          if (i >= 0
                              && beyond(
                                  p.value(), m.threshold().get(), m.comparison().orElse(""))) {
                            marked[i] = true;
                          }
                        }
                      }
                    }));
    boolean any = false;
    for (boolean b : marked) {
      any |= b;
    }
    int fired = breach.firedAt().map(slices::of).orElse(-1);
    if (!any && fired >= 0) {
      marked[fired] = true;
    }
    return marked;
  }

  static boolean sameMetric(MetricQuery q, MetricIdentity m) {
    return q.namespace().equals(m.namespace())
        && q.metric().equals(m.name())
        && q.dimensions().equals(m.dimensions())
        && q.stat().equalsIgnoreCase(m.statistic());
  }

  private static boolean beyond(double value, double threshold, String comparison) {
    return switch (comparison) {
      case "GreaterThanOrEqualToThreshold" -> value >= threshold;
      case "LessThanThreshold" -> value < threshold;
      case "LessThanOrEqualToThreshold" -> value <= threshold;
      default -> value > threshold;
    };
  }

  /** One series as its line, then its first and last value and its highest. */
  static String draw(Series series, Slices slices, boolean[] marked) {
    Double[] high = new Double[slices.count()];
    for (Datapoint p : series.points()) {
      int i = slices.of(p.timestamp());
      if (i >= 0 && (high[i] == null || p.value() > high[i])) {
        high[i] = p.value();
      }
    }
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (Double v : high) {
      if (v != null) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < high.length; i++) {
      if (marked[i] && (i == 0 || !marked[i - 1])) {
        line.append('[');
      }
      line.append(
          high[i] == null
              ? '·'
              : BARS.charAt(
                  max == min
                      ? 0
                      : (int) Math.round((high[i] - min) / (max - min) * (BARS.length() - 1))));
      if (marked[i] && (i == high.length - 1 || !marked[i + 1])) {
        line.append(']');
      }
    }
    if (series.isEmpty()) {
      return line + " no data";
    }
    return line
        + " "
        + number(series.points().getFirst().value())
        + " → "
        + number(series.points().getLast().value())
        + " (max "
        + number(max)
        + ")";
  }

  /** Three significant digits; from ten thousand up with k, M or G. */
  static String number(double v) {
    double size = Math.abs(v);
    String suffix = size >= 1e9 ? "G" : size >= 1e6 ? "M" : size >= 1e4 ? "k" : "";
    double scaled = size >= 1e9 ? v / 1e9 : size >= 1e6 ? v / 1e6 : size >= 1e4 ? v / 1e3 : v;
    return BigDecimal.valueOf(scaled).round(new MathContext(3)).stripTrailingZeros().toPlainString()
        + suffix;
  }
}
