package com.tradai.remediation.verify;

import com.tradai.remediation.report.Report;
import java.util.List;

/**
 * Seam: undoes a verified-bad fix by applying each action's inverse. Today {@link ExecutorRollback}
 * (the executors behind rollback guardrails); the ledger-guarded rollback command plugs in here.
 */
public interface Rollback {
  Result rollBack(VerificationRequest request, String reason);

  record Result(List<Report.DecisionView> decisions, List<Report.ChangeView> changes) {}
}
