package com.tradai.remediation.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.guard.GuardNote;
import com.tradai.remediation.guard.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Why an action waits for a person comes from the approval guard's hold, not from its line. */
class ApprovalHeldBecauseTest {

  private static Report.DecisionView waiting(GuardNote... notes) {
    return new Report.DecisionView(
        "ChangeRdsInstanceClass",
        "tradai-rds-prod",
        "db.t4g.medium → db.t4g.large",
        "db.t4g.medium → db.t4g.large",
        Verdict.NEEDS_APPROVAL,
        List.of(notes));
  }

  @Test
  void theHoldsReasonIsWhyItWaits() {
    String rule =
        "rds-instance-class always needs an operator's approval in prod (a rule (nested))";
    assertThat(
            Approval.heldBecause(
                waiting(
                    GuardNote.said("cap", "1 is within the cap 3"),
                    GuardNote.approvalNeeded(rule),
                    GuardNote.said("approval", "pending as plan p-1 until 2026-12-05T11:00:00Z"))))
        .isEqualTo(rule);
  }

  @Test
  void withoutAHoldThePolicyIsNamed() {
    // a line that reads like a hold is not one: only the approval guard's own note counts
    assertThat(
            Approval.heldBecause(
                waiting(
                    GuardNote.said("approval", "needed (looks like a hold)"),
                    GuardNote.unnamed("approval: needed (neither is this)"))))
        .isEqualTo("the policy asks for an operator's approval");
  }
}
