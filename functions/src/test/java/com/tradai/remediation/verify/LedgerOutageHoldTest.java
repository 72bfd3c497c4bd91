package com.tradai.remediation.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.guard.GuardNote;
import com.tradai.remediation.guard.Verdict;
import com.tradai.remediation.ledger.GuardedExecutor;
import com.tradai.remediation.report.Report;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A rollback is retried later only when its claims were not taken because the ledger failed. */
class LedgerOutageHoldTest {

  private static List<Report.DecisionView> lastNote(GuardNote note) {
    return List.of(
        new Report.DecisionView(
            "ScaleEcsService",
            "tradai-backend-prod",
            "3 → 2",
            "3 → 2",
            Verdict.BLOCKED,
            List.of(GuardNote.said("kill switch", "off"), note)));
  }

  @Test
  void claimsNotTakenForALedgerOutageHoldTheRollback() {
    assertThat(
            GuardedRollback.heldByLedgerOutage(
                lastNote(
                    GuardNote.notClaimed(
                        "idempotency",
                        GuardedExecutor.LEDGER_UNAVAILABLE + "ProvisionedThroughputExceeded",
                        "; nothing is applied without it"))))
        .isTrue();
  }

  @Test
  void claimsNotTakenForAnotherReasonDoNot() {
    assertThat(
            GuardedRollback.heldByLedgerOutage(
                lastNote(
                    GuardNote.notClaimed(
                        "lock",
                        "no ledger: LEDGER_TABLE is not set",
                        "; nothing is applied without it"))))
        .isFalse();
  }

  @Test
  void aNoteThatOnlyReadsLikeTheOutageDoesNot() {
    assertThat(
            GuardedRollback.heldByLedgerOutage(
                lastNote(
                    GuardNote.said(
                        "lock", "not taken (" + GuardedExecutor.LEDGER_UNAVAILABLE + "x)"))))
        .isFalse();
  }
}
