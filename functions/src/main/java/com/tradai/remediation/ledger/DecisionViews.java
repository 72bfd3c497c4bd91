package com.tradai.remediation.ledger;

import com.tradai.remediation.guard.Decision;
import com.tradai.remediation.guard.GuardNote;
import com.tradai.remediation.report.Report;
import java.util.ArrayList;
import java.util.List;

/** How a run's decisions read: in the report, and as the one-line outcome its claim keeps. Pure. */
final class DecisionViews {
  private DecisionViews() {}

  /**
   * @param plan the plan the decision waits in for approval, else null
   */
  static Report.DecisionView view(Decision d, String auditId, PendingApproval plan) {
    if (plan == null) {
      return new Report.DecisionView(
          d.proposed().getClass().getSimpleName(),
          d.proposed().target(),
          d.proposed().change(),
          d.effective().change(),
          d.verdict(),
          d.guardNotes(),
          auditId,
          null,
          null);
    }
    List<GuardNote> notes = new ArrayList<>(d.guardNotes());
    notes.add(
        GuardNote.said(
            "approval", "pending as plan " + plan.planId() + " until " + plan.expiresAt()));
    return new Report.DecisionView(
        d.proposed().getClass().getSimpleName(),
        d.proposed().target(),
        d.proposed().change(),
        d.effective().change(),
        d.verdict(),
        notes,
        auditId,
        plan.planId(),
        plan.expiresAt().toString());
  }

  /**
   * "target change STATUS" per decision: its change's status where it has one, else the verdict.
   */
  static String summary(List<GuardedExecutor.Result.Step> steps) {
    return String.join(
        "; ",
        steps.stream()
            .map(
                s ->
                    s.decision().effective().target()
                        + " "
                        + s.decision().effective().change()
                        + " "
                        + s.change()
                            .map(c -> c.status().name())
                            .orElse(s.decision().verdict().name()))
            .toList());
  }
}
