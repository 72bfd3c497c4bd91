package com.tradai.remediation.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.tradai.remediation.alarm.Rejection;
import com.tradai.remediation.core.Finding;
import com.tradai.remediation.guard.Verdict;
import java.util.List;

/**
 * The one report model. Rendered as text for people and JSON for machines; the JSON's shape is
 * versioned by {@code schemaVersion} and documented in the README.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Report(
    int schemaVersion,
    String environment,
    Outcome outcome,
    String summary,
    AlarmView alarm,
    String runbook,
    String runbookTitle,
    String cause,
    String why,
    String seedFix,
    List<Finding> evidence,
    List<DecisionView> decisions,
    List<ChangeView> changes,
    Rejection rejection,
    String generatedAt) {

  public static final int SCHEMA_VERSION = 1;

  public Report {
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    decisions = decisions == null ? List.of() : List.copyOf(decisions);
    changes = changes == null ? List.of() : List.copyOf(changes);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AlarmView(
      String name, String state, String previousState, String delivery, String arn, String region,
      String stateChangeTime, String reason, String metric) {}

  /**
   * @param auditId the ledger's audit record of this decision (absent without a ledger or in a
   *     dry-run)
   * @param planId the pending plan an operator approves or rejects (NEEDS_APPROVAL only)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DecisionView(
      String action, String target, String proposed, String effective, Verdict verdict,
      List<String> guards, String auditId, String planId) {
    public DecisionView(String action, String target, String proposed, String effective,
        Verdict verdict, List<String> guards) {
      this(action, target, proposed, effective, verdict, guards, null, null);
    }
  }

  /** @param auditId the ledger's audit record of this change; a rollback names it */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ChangeView(
      String action, String target, long before, long after, String status, String detail,
      String auditId) {
    public ChangeView(String action, String target, long before, long after, String status,
        String detail) {
      this(action, target, before, after, status, detail, null);
    }

    public ChangeView withAuditId(String id) {
      return new ChangeView(action, target, before, after, status, detail, id);
    }
  }
}
