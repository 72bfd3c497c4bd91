package com.tradai.remediation.runbook;

import com.tradai.remediation.core.Finding;
import com.tradai.remediation.core.Series;
import java.util.Locale;
import java.util.OptionalDouble;

/** Small pure helpers that turn a series and a threshold into a {@link Finding}. */
final class Judge {
  private Judge() {}

  static Finding above(String name, OptionalDouble value, double threshold, String unit) {
    if (value.isEmpty()) {
      return new Finding(name, "no data", "> " + fmt(threshold) + unit, false);
    }
    return new Finding(
        name, fmt(value.getAsDouble()) + unit, "> " + fmt(threshold) + unit,
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
}
