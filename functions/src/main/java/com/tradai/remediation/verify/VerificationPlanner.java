package com.tradai.remediation.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.config.VerificationPolicy;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.ports.AlarmRef;
import com.tradai.remediation.ports.VerificationRequest;
import com.tradai.remediation.report.ChangeStatus;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.report.VerificationStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * After a fix is applied: puts its first check ({@code delaySeconds} later) into the report, as
 * {@code verification.request}. Pure: no AWS call. The report's publication schedules it: the
 * verification queue subscribes to the results topic with a filter on the {@code verification =
 * SCHEDULED} message attribute and a queue delay equal to {@code delaySeconds}, so SQS holds the
 * report until the check is due and the verifier reads the check from it.
 */
public final class VerificationPlanner {
  private final VerificationPolicy policy;
  private final Clock clock;
  private final ObjectMapper mapper;

  public VerificationPlanner(VerificationPolicy policy, Clock clock, ObjectMapper mapper) {
    this.policy = policy;
    this.clock = clock;
    this.mapper = mapper;
  }

  public Report schedule(Alarm alarm, Report report, List<Action> applied) {
    return schedule(
        alarm,
        report,
        applied,
        report.changes().stream().filter(c -> c.status() == ChangeStatus.APPLIED).toList());
  }

  /**
   * A shadow plan's check: nothing was applied, so it records what happened without the fix (the
   * alarm cleared on its own, or kept breaching). Its fix is listed with status {@link
   * ChangeStatus#SHADOW}, which is how the verifier knows to roll nothing back and page no one.
   */
  public Report shadow(Alarm alarm, Report report, List<Action> wouldApply) {
    return schedule(
        alarm,
        report,
        wouldApply,
        wouldApply.stream()
            .map(
                a -> Report.ChangeView.of(a, ChangeStatus.SHADOW, "not applied: shadow mode", null))
            .toList());
  }

  private Report schedule(
      Alarm alarm, Report report, List<Action> applied, List<Report.ChangeView> fix) {
    Instant checkAt = clock.instant().plusSeconds(policy.delaySeconds());
    VerificationRequest request =
        new VerificationRequest(
            report.environment(),
            report.runbook(),
            report.runbookTitle(),
            alarm.idempotencyKey(),
            AlarmRef.of(alarm),
            alarm.stateChangeTime(),
            checkAt,
            1,
            policy.maxChecks(),
            applied,
            fix);
    return report.withVerification(
        new Report.VerificationView(
            VerificationStatus.SCHEDULED,
            1,
            policy.maxChecks(),
            checkAt.toString(),
            policy.delaySeconds(),
            fix,
            List.of(),
            null,
            "verification runs at " + checkAt + " (in " + policy.delaySeconds() + " s)",
            request.toJson(mapper)));
  }
}
