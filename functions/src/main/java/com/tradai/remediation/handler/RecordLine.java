package com.tradai.remediation.handler;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.guard.Policy;
import com.tradai.remediation.guard.Standing;
import com.tradai.remediation.guard.Trust;
import com.tradai.remediation.ledger.Ledger;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.verify.VerdictRecorder;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * A remediation report's track-record line and mode, from the standing the guards' facts Query
 * already read (no extra call). A plan with nothing to apply has no "fix like this": no line.
 */
final class RecordLine {
  /** The days a report's line counts when the policy sets no minTrackRecord. */
  static final int DEFAULT_DAYS = 30;

  private RecordLine() {}

  /** The facts' standing; none without a ledger or when its read failed (the guards said so). */
  static Standing standing(Optional<Future<Ledger.Facts>> read) {
    try {
      return read.map(f -> ParallelReads.join(f).standing()).orElse(Standing.NONE);
    } catch (RuntimeException e) {
      return Standing.NONE;
    }
  }

  static int days(Policy policy) {
    return policy.rollout().minTrackRecord().map(Policy.Bar::days).orElse(DEFAULT_DAYS);
  }

  static Report attach(
      Report report, Policy policy, Standing standing, String runbook, Plan plan, Instant now) {
    Optional<Action> first =
        plan.actions().stream().filter(a -> !(a instanceof Action.NotifyOnly)).findFirst();
    if (first.isEmpty()) {
      return report;
    }
    String kind = first.get().kind();
    String mode = policy.dryRun() ? "dry-run" : Trust.mode(policy, runbook, standing).label();
    return report.withTrackRecord(
        VerdictRecorder.view(
            policy.environment(),
            runbook,
            kind,
            mode,
            standing.record(runbook, kind, Trust.day(now), days(policy)),
            days(policy)));
  }
}
