package com.tradai.remediation.report;

/**
 * What became of one change, as a report's {@code changes[].status} says it (the names are the JSON
 * values, see {@code report.schema.json}). The first six are a run's own changes; the rest appear
 * only where a report lists audit records (list-actions) or never leave the process.
 */
public enum ChangeStatus {
  /** The executor returned: the change is in effect. */
  APPLIED,
  /** Accepted by AWS, applied in the resource's maintenance window: not serving yet. */
  PENDING_WINDOW,
  /** The executor threw, or the audit record could not be written (nothing applied). */
  FAILED,
  /** The executor re-read the resource and found it changed since the plan: nothing changed. */
  REFUSED,
  /** A fix the verifier or an operator rolled back. */
  ROLLED_BACK,
  /**
   * A shadow plan's change: planned, never applied (its check records what happened without it).
   */
  SHADOW,
  /**
   * The time budget kept it from starting: nothing audited or applied. Reported under {@code
   * incomplete.notStarted}, never in {@code changes}.
   */
  NOT_STARTED,
  /** An audit record still in flight, or left by a run that died (list-actions). */
  PENDING,
  /** An audit record of a decision a guard blocked (list-actions). */
  BLOCKED,
  /** An audit record of a decision held for approval (list-actions). */
  NEEDS_APPROVAL;

  /**
   * The status an audit record's stored status reads as in a report: the ledger keeps the same
   * names as strings (PENDING, APPLIED, FAILED, REFUSED, and a held-back decision's verdict).
   */
  public static ChangeStatus ofRecord(String recorded) {
    return valueOf(recorded);
  }
}
