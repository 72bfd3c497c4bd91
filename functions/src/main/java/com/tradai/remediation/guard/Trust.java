package com.tradai.remediation.guard;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.guard.GuardContext.Origin;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Pure: how far a runbook's fix may go alone. Its mode is the one an operator set at run time
 * ({@link Standing}), else the policy's ({@link Policy.Rollout}); {@code dryRun} is tighter than
 * any mode. Modes hold back alarm-driven fixes only: an operator's approval or rollback is itself
 * the person's decision.
 */
public final class Trust {
  /** Why a shadow run took no claim: the guards' idempotency and lock notes say it. */
  public static final String SHADOW = "shadow mode";

  private Trust() {}

  /** The mode in force for {@code runbook}: the run-time mode, else the policy's. */
  public static Mode mode(Policy policy, String runbook, Standing standing) {
    return standing.modeOf(runbook).orElse(policy.rollout().modeOf(runbook));
  }

  /** Whether an alarm's plan only shadows: no claim, lock or slot, no change, a SHADOW report. */
  public static boolean shadows(Policy policy, Origin origin, String runbook, Standing standing) {
    return !policy.dryRun()
        && origin == Origin.ALARM
        && mode(policy, runbook, standing) == Mode.SHADOW;
  }

  static boolean shadows(Policy policy, GuardContext c) {
    return shadows(policy, c.origin(), c.runbook(), c.facts().standing());
  }

  /** The UTC day the record's window ends on. */
  public static LocalDate day(java.time.Instant now) {
    return LocalDate.ofInstant(now, ZoneOffset.UTC);
  }

  /** Why this runbook's mode, or its fix kind's track record, makes an alarm's fix wait. */
  static Optional<String> approvalNeeded(Action a, Policy policy, GuardContext c) {
    if (c.origin() != Origin.ALARM) {
      return Optional.empty();
    }
    if (mode(policy, c.runbook(), c.facts().standing()) == Mode.APPROVE) {
      return Optional.of(
          c.runbook()
              + " runs in approve mode in "
              + c.environment()
              + ": every fix waits for an operator");
    }
    return policy
        .rollout()
        .minTrackRecord()
        .flatMap(
            bar -> {
              TrackRecord r =
                  c.facts().standing().record(c.runbook(), a.kind(), day(c.now()), bar.days());
              return r.judged() >= bar.minVerdicts() && r.recoveredRate().orElse(0.0) < bar.rate()
                  ? Optional.of(
                      "track record: "
                          + a.kind()
                          + " fixes of "
                          + c.runbook()
                          + " recovered "
                          + r.recovered()
                          + " of "
                          + r.judged()
                          + " in "
                          + c.environment()
                          + " ("
                          + bar.days()
                          + " days), below the bar of "
                          + bar.describe())
                  : Optional.empty();
            });
  }

  /** Last: a shadow run stops every fix here, after every other guard said what it would do. */
  static Guard.Check shadow(Action a, Policy policy, GuardContext c) {
    if (!shadows(policy, c)) {
      return Guard.Check.pass(a, null);
    }
    String why =
        c.facts().standing().modes().containsKey(c.runbook())
            ? "set by " + c.facts().standing().modes().get(c.runbook()).by()
            : "the policy's";
    return Guard.Check.stop(
        a,
        Verdict.SHADOW,
        GuardNote.said(
            "shadow",
            "would apply "
                + a.change()
                + "; "
                + c.runbook()
                + " runs in shadow mode in "
                + c.environment()
                + " ("
                + why
                + "), so nothing is changed"));
  }
}
