package com.tradai.remediation.ledger;

import com.tradai.remediation.core.Action;
import java.time.Instant;
import java.util.List;

/**
 * One attempt, as the ledger keeps it: the alarm, the plan, each guard's word, before and after,
 * and the outcome. {@code status} is PENDING while the change is in flight, then APPLIED or FAILED;
 * a decision that was not applied is kept with its verdict (BLOCKED, NEEDS_APPROVAL).
 *
 * @param alarmKey the idempotency key of the transition (or "approve:…", "rollback:…")
 * @param origin ALARM, APPROVED or ROLLBACK
 * @param planId the pending plan this came from, if any
 * @param rollbackOf the audit id this rolls back, if it is a rollback
 * @param created what an APPLIED change created, so a rollback can tell "still ours" from "changed
 *     since": the task definition ARN an ECS memory fix registered, the Lambda version a fix
 *     published; null when it created nothing, and on records written before it was kept
 */
public record AuditRecord(
    String auditId,
    String environment,
    Instant at,
    String alarmKey,
    String alarmName,
    String runbook,
    String origin,
    String planId,
    String rollbackOf,
    Action action,
    String verdict,
    List<String> guards,
    String status,
    String detail,
    String error,
    String created) {

  public static final String PENDING = "PENDING";
  public static final String APPLIED = "APPLIED";
  public static final String FAILED = "FAILED";

  /**
   * The executor re-read the resource and found it changed since the plan (or the fix): nothing was
   * changed. The same name as {@link com.tradai.remediation.report.Outcome#REFUSED}.
   */
  public static final String REFUSED = com.tradai.remediation.report.Outcome.REFUSED.name();

  public AuditRecord {
    guards = guards == null ? List.of() : List.copyOf(guards);
  }

  /** A record that created nothing (or whose creation is not known yet). */
  public AuditRecord(
      String auditId,
      String environment,
      Instant at,
      String alarmKey,
      String alarmName,
      String runbook,
      String origin,
      String planId,
      String rollbackOf,
      Action action,
      String verdict,
      List<String> guards,
      String status,
      String detail,
      String error) {
    this(
        auditId,
        environment,
        at,
        alarmKey,
        alarmName,
        runbook,
        origin,
        planId,
        rollbackOf,
        action,
        verdict,
        guards,
        status,
        detail,
        error,
        null);
  }

  /** An attempt that counts against the rate limit and the breaker (rollbacks do not). */
  public boolean isAttempt() {
    return !"ROLLBACK".equals(origin)
        && (PENDING.equals(status) || APPLIED.equals(status) || FAILED.equals(status));
  }
}
