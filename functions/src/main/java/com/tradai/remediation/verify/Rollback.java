package com.tradai.remediation.verify;

import com.tradai.remediation.ports.VerificationRequest;
import com.tradai.remediation.report.Report;
import java.util.List;

/**
 * Seam: undoes a verified-bad fix. {@link GuardedRollback} takes each change through the ledger's
 * rollback command (kill switch, lock, audit), as an operator's rollback would.
 */
public interface Rollback {
  Result rollBack(VerificationRequest request, String reason);

  /**
   * @param rolledBack true only when every change of the fix was restored
   * @param why what was not rolled back and why (empty when everything was)
   */
  record Result(
      List<Report.DecisionView> decisions,
      List<Report.ChangeView> changes,
      boolean rolledBack,
      List<String> why) {

    public Result {
      decisions = List.copyOf(decisions);
      changes = List.copyOf(changes);
      why = List.copyOf(why);
    }

    public static Result none() {
      return new Result(List.of(), List.of(), false, List.of());
    }
  }
}
