package com.tradai.remediation.verify;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One item of the verification checklist: a value in the window before the fix and in the window at
 * the check, and the rule that says when it is healthy. {@code primary} marks the triggering
 * alarm's own metric against its own threshold.
 */
public record Check(
    String name,
    boolean primary,
    Rule rule,
    double threshold,
    String unit,
    OptionalDouble before,
    OptionalDouble now) {

  /** When a value is healthy. STABLE compares with the value before: at most threshold % higher. */
  public enum Rule {
    BELOW("< "),
    AT_MOST("≤ "),
    ABOVE("> "),
    AT_LEAST("≥ "),
    NONE("= "),
    STABLE("≤ +");

    private final String symbol;

    Rule(String symbol) {
      this.symbol = symbol;
    }

    /** CloudWatch's comparison says when the alarm fires; healthy is its opposite. */
    public static Rule healthyFor(String comparison) {
      return switch (comparison == null ? "" : comparison) {
        case "GreaterThanOrEqualToThreshold" -> BELOW;
        case "LessThanThreshold" -> AT_LEAST;
        case "LessThanOrEqualToThreshold" -> ABOVE;
        default -> AT_MOST;
      };
    }
  }

  /** Empty when there is no value now to judge. */
  public Optional<Boolean> healthy() {
    if (now.isEmpty()) {
      return Optional.empty();
    }
    double v = now.getAsDouble();
    return Optional.of(
        switch (rule) {
          case BELOW -> v < threshold;
          case AT_MOST -> v <= threshold;
          case ABOVE -> v > threshold;
          case AT_LEAST -> v >= threshold;
          case NONE -> v <= 0;
          case STABLE -> before.isEmpty() || v <= before.getAsDouble() * (1 + threshold / 100.0);
        });
  }

  /** Lower is better for every rule except ABOVE / AT_LEAST. */
  public boolean lowerIsBetter() {
    return rule != Rule.ABOVE && rule != Rule.AT_LEAST;
  }

  /**
   * The change from before to now as a fraction of before, signed so that positive is better; empty
   * without both values or when before is zero.
   */
  public OptionalDouble improvement() {
    if (before.isEmpty() || now.isEmpty() || before.getAsDouble() == 0) {
      return OptionalDouble.empty();
    }
    double change = (before.getAsDouble() - now.getAsDouble()) / Math.abs(before.getAsDouble());
    return OptionalDouble.of(lowerIsBetter() ? change : -change);
  }

  public String thresholdText() {
    return rule == Rule.NONE
        ? "= 0" + unit
        : rule == Rule.STABLE
            ? "≤ +" + fmt(threshold) + "% of before"
            : rule.symbol + fmt(threshold) + unit;
  }

  public static String text(OptionalDouble v, String unit) {
    return v.isEmpty() ? "no data" : fmt(v.getAsDouble()) + unit;
  }

  static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e12) {
      return String.valueOf((long) v);
    }
    return String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
  }
}
