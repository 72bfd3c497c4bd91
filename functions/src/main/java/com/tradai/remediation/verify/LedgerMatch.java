package com.tradai.remediation.verify;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.guard.GuardContext;
import com.tradai.remediation.ledger.AuditRecord;
import com.tradai.remediation.ports.VerificationRequest;
import com.tradai.remediation.report.Report;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pure: whether a check claims only what the ledger recorded. A check is a message anyone who can
 * send to the queue could write, so before the verifier reads a metric, pages or rolls back, each
 * change the check names must be a fix the ledger holds: its audit id recorded in this environment,
 * APPLIED, not itself a rollback, for the same alarm, with the same action kind, target, before and
 * after; and each action the check carries must be one of those fixes. The first difference found
 * is the drop, naming the field.
 */
public final class LedgerMatch {
  private LedgerMatch() {}

  /** Why a check is dropped: the metric's Reason dimension, and the sentence the log line says. */
  public record Drop(String reason, String why) {}

  public static final String NO_CHANGE = "NoChange";
  public static final String NO_AUDIT_RECORD = "NoAuditRecord";
  public static final String AUDIT_MISMATCH = "AuditMismatch";

  /**
   * @param recorded the ledger's audit records of this check's environment, by audit id (those the
   *     ledger holds among the ids the check names)
   */
  public static Optional<Drop> drop(VerificationRequest check, Map<String, AuditRecord> recorded) {
    if (check.changes().isEmpty()) {
      return Optional.of(
          new Drop(NO_CHANGE, "changes is empty: a check verifies a fix the ledger recorded"));
    }
    if (check.shadow()) {
      // A shadow plan applied nothing, so the ledger holds no fix to match. Its check only
      // observes:
      // the verifier never rolls back or pages for it, so a forged one can at most add a shadow
      // verdict to the track record, which lets a runbook reach approve mode (every fix still
      // waits for a person), never act (that bar counts only checks of recorded fixes).
      return Optional.empty();
    }
    for (int i = 0; i < check.changes().size(); i++) {
      Optional<Drop> drop = change("changes[" + i + "]", check.changes().get(i), check, recorded);
      if (drop.isPresent()) {
        return drop;
      }
    }
    List<Action> fixes =
        check.changes().stream().map(c -> recorded.get(c.auditId()).action()).toList();
    for (int i = 0; i < check.actions().size(); i++) {
      Action claimed = check.actions().get(i);
      if (fixes.stream().noneMatch(fix -> sameChange(fix, claimed))) {
        return Optional.of(
            new Drop(
                AUDIT_MISMATCH,
                "actions["
                    + i
                    + "] ("
                    + name(claimed)
                    + " on '"
                    + clean(claimed.target())
                    + "', "
                    + claimed.before()
                    + " → "
                    + claimed.after()
                    + ") is none of the fixes the ledger recorded for this check's audit ids"));
      }
    }
    return Optional.empty();
  }

  private static Optional<Drop> change(
      String at,
      Report.ChangeView c,
      VerificationRequest check,
      Map<String, AuditRecord> recorded) {
    if (c.auditId() == null || c.auditId().isBlank()) {
      return Optional.of(new Drop(NO_AUDIT_RECORD, at + ".auditId is missing"));
    }
    String id = "audit " + clean(c.auditId());
    AuditRecord audit = recorded.get(c.auditId());
    if (audit == null || audit.action() == null) {
      return Optional.of(
          new Drop(
              NO_AUDIT_RECORD,
              at
                  + ".auditId '"
                  + clean(c.auditId())
                  + "' is not in the ledger of "
                  + check.environment()));
    }
    Action fix = audit.action();
    String mismatch =
        GuardContext.Origin.ROLLBACK.name().equals(audit.origin())
            ? at + ".auditId: " + id + " is a rollback, not a fix"
            : !AuditRecord.APPLIED.equals(audit.status())
                ? at + ".auditId: " + id + " is " + audit.status() + " in the ledger, not APPLIED"
                : !name(fix).equals(c.action())
                    ? at
                        + ".action is '"
                        + clean(c.action())
                        + "' but "
                        + id
                        + " recorded "
                        + name(fix)
                    : !fix.target().equals(c.target())
                        ? at
                            + ".target is '"
                            + clean(c.target())
                            + "' but "
                            + id
                            + " recorded "
                            + fix.target()
                        : fix.before() != c.before()
                            ? at
                                + ".before is "
                                + c.before()
                                + " but "
                                + id
                                + " recorded "
                                + fix.before()
                            : fix.after() != c.after()
                                ? at
                                    + ".after is "
                                    + c.after()
                                    + " but "
                                    + id
                                    + " recorded "
                                    + fix.after()
                                : !clean(check.alarm().name()).equals(audit.alarmName())
                                    ? "alarm.name is '"
                                        + clean(check.alarm().name())
                                        + "' but "
                                        + id
                                        + " recorded "
                                        + audit.alarmName()
                                    : null;
    return Optional.ofNullable(mismatch).map(why -> new Drop(AUDIT_MISMATCH, why));
  }

  private static boolean sameChange(Action recorded, Action claimed) {
    return recorded.getClass() == claimed.getClass()
        && recorded.target().equals(claimed.target())
        && recorded.before() == claimed.before()
        && recorded.after() == claimed.after();
  }

  private static String name(Action a) {
    return a.getClass().getSimpleName();
  }

  private static String clean(String s) {
    return LogSafe.clean(s);
  }
}
