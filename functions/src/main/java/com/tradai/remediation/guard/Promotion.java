package com.tradai.remediation.guard;

import java.util.Optional;

/**
 * Pure: whether a runbook's record clears the policy's bar ({@code minTrackRecord}) for a looser
 * mode. To approve, from shadow: at least {@code minVerdicts} shadow plans were checked (nothing
 * was applied, so there is no rate to judge; the checks say how often the alarm cleared alone). To
 * act: at least {@code minVerdicts} applied fixes were judged and at least {@code rate} of them
 * recovered. Tightening always passes; without a bar, so does everything.
 */
public final class Promotion {
  private Promotion() {}

  /** Why {@code record} does not clear the bar for {@code from → to}; empty when it does. */
  public static Optional<String> refusal(Policy policy, Mode from, Mode to, TrackRecord record) {
    if (!from.tighterThan(to) || policy.rollout().minTrackRecord().isEmpty()) {
      return Optional.empty();
    }
    Policy.Bar bar = policy.rollout().minTrackRecord().get();
    if (to == Mode.APPROVE) {
      return record.shadowJudged() >= bar.minVerdicts()
          ? Optional.empty()
          : Optional.of(
              "only "
                  + record.shadowJudged()
                  + " shadow plan(s) checked in "
                  + bar.days()
                  + " days; approve mode needs at least "
                  + bar.minVerdicts());
    }
    if (record.judged() < bar.minVerdicts()) {
      return Optional.of(
          "only "
              + record.judged()
              + " applied fix(es) judged in "
              + bar.days()
              + " days; act mode needs at least "
              + bar.minVerdicts());
    }
    double rate = record.recoveredRate().orElse(0.0);
    return rate >= bar.rate()
        ? Optional.empty()
        : Optional.of(
            "recovered "
                + record.recovered()
                + " of "
                + record.judged()
                + " ("
                + Math.round(rate * 100)
                + "%), below the bar of "
                + bar.describe());
  }
}
