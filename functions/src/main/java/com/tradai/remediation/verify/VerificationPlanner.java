package com.tradai.remediation.verify;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.report.Report;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a fix is applied: schedules its first check {@code delaySeconds} later and says so in the
 * report. If scheduling fails the fix stands and the report says verification is not scheduled.
 */
public final class VerificationPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(VerificationPlanner.class);

  private final VerificationScheduler scheduler;
  private final VerificationPolicy policy;
  private final Clock clock;

  public VerificationPlanner(VerificationScheduler scheduler, VerificationPolicy policy, Clock clock) {
    this.scheduler = scheduler;
    this.policy = policy;
    this.clock = clock;
  }

  public Report schedule(Alarm alarm, Report report, List<Action> applied) {
    Instant checkAt = clock.instant().plusSeconds(policy.delaySeconds());
    List<Report.ChangeView> fix = report.changes().stream()
        .filter(c -> "APPLIED".equals(c.status())).toList();
    VerificationRequest request = new VerificationRequest(report.environment(), report.runbook(),
        report.runbookTitle(), alarm.idempotencyKey(), AlarmRef.of(alarm), alarm.stateChangeTime(),
        checkAt, 1, policy.maxChecks(), applied, fix);
    try {
      scheduler.schedule(request, policy.delaySeconds());
      return report.withVerification(new Report.VerificationView("SCHEDULED", 1, policy.maxChecks(),
          checkAt.toString(), policy.delaySeconds(), fix, List.of(), null,
          "verification runs at " + checkAt + " (in " + policy.delaySeconds() + " s)"));
    } catch (RuntimeException e) {
      LOG.error("verification could not be scheduled: {}", com.tradai.remediation.alarm.LogSafe.clean(e.getMessage()));
      return report.withVerification(new Report.VerificationView("NOT_SCHEDULED", 0,
          policy.maxChecks(), null, policy.delaySeconds(), fix, List.of(), null,
          "verification could not be scheduled; check the fix by hand"));
    }
  }
}
