package com.tradai.remediation.guard;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How far a runbook's fixes may go on their own, tightest first: {@code shadow} plans and reports
 * what it would change and changes nothing; {@code approve} makes every fix wait for an operator;
 * {@code act} applies within the guards. A policy with {@code dryRun: true} is tighter still.
 */
public enum Mode {
  SHADOW,
  APPROVE,
  ACT;

  /** "shadow", "approve", "act": how policies, commands and reports spell it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Mode> parse(String text) {
    return Arrays.stream(values()).filter(m -> m.label().equals(text)).findFirst();
  }

  public static String choices() {
    return String.join(" | ", Arrays.stream(values()).map(Mode::label).toList());
  }

  /** True when this mode lets fewer fixes through alone than {@code other}. */
  public boolean tighterThan(Mode other) {
    return ordinal() < other.ordinal();
  }

  /** The next step of a rollout (shadow → approve → act); empty from act. */
  public Optional<Mode> promoted() {
    return this == ACT ? Optional.empty() : Optional.of(values()[ordinal() + 1]);
  }
}
