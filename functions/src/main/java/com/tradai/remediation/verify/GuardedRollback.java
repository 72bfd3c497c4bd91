package com.tradai.remediation.verify;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.guard.GuardContext;
import com.tradai.remediation.guard.GuardNote;
import com.tradai.remediation.ledger.AuditRecord;
import com.tradai.remediation.ledger.GuardedExecutor;
import com.tradai.remediation.ledger.RollbackCommand;
import com.tradai.remediation.ports.VerificationRequest;
import com.tradai.remediation.report.ChangeStatus;
import com.tradai.remediation.report.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls a verified-bad fix back the way an operator's {@code rollback} command does, one change at
 * a time, newest first: by the change's audit id, through {@link RollbackCommand} and so the
 * guarded executor (kill switch, resource lock, PENDING → APPLIED/FAILED audit record with
 * rollbackOf, once per audit id). What is restored is the action the ledger recorded, never the
 * message's copy of it. In the verification report a restored change reads ROLLED_BACK, also when
 * the ledger shows it was restored before this attempt (its claim answered "duplicate").
 */
public final class GuardedRollback implements Rollback {
  /** The status of a change a rollback restored, in the verifier's report. */
  public static final ChangeStatus ROLLED_BACK = ChangeStatus.ROLLED_BACK;

  private static final Logger LOG = LoggerFactory.getLogger(GuardedRollback.class);

  /** Who rolls back, in the audit record and the lock's holder. */
  public static final String BY = "verifier";

  private final RollbackCommand command;
  private final Predicate<Action> canApply;
  private final Function<Report.ChangeView, Optional<AuditRecord>> earlier;

  /**
   * @param canApply what this function's executors can apply: a change of another kind is left to
   *     an operator (a FAILED audit record would count against the circuit breaker)
   * @param earlier the APPLIED rollback of a fix already in the ledger (an earlier delivery of this
   *     check, or an operator), asked only when this attempt restored nothing
   */
  public GuardedRollback(
      RollbackCommand command,
      Predicate<Action> canApply,
      Function<Report.ChangeView, Optional<AuditRecord>> earlier) {
    this.command = command;
    this.canApply = canApply;
    this.earlier = earlier;
  }

  /** Without a ledger to ask about earlier rollbacks. */
  public GuardedRollback(RollbackCommand command, Predicate<Action> canApply) {
    this(command, canApply, fix -> Optional.empty());
  }

  /** The APPLIED rollback of {@code fix} among the target's recent audit records, if any. */
  public static Optional<AuditRecord> appliedRollbackOf(
      Report.ChangeView fix, List<AuditRecord> recent) {
    return recent.stream()
        .filter(
            a ->
                GuardContext.Origin.ROLLBACK.name().equals(a.origin())
                    && fix.auditId().equals(a.rollbackOf())
                    && AuditRecord.APPLIED.equals(a.status()))
        .findFirst();
  }

  /**
   * Thrown when a rollback was held back by a transient AWS error: before anything was written (the
   * ledger could not take its claim), or when the change itself failed so after the SDK's retries
   * (its FAILED audit stays, its claim was released). The verifier returns the SQS record in
   * batchItemFailures instead of paging that a person decides.
   */
  public static final class RetryLater extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RetryLater(String why) {
      super("rollback held back by a transient AWS error, to be tried again: " + why);
    }
  }

  /**
   * Whether a decision stopped because the ledger failed (nothing was claimed, locked or written).
   */
  static boolean heldByLedgerOutage(List<Report.DecisionView> views) {
    return views.stream()
        .anyMatch(
            v ->
                !v.guards().isEmpty()
                    && v.guards().getLast().is(GuardNote.Kind.NOT_CLAIMED)
                    && v.guards()
                        .getLast()
                        .reason()
                        .startsWith(GuardedExecutor.LEDGER_UNAVAILABLE));
  }

  @Override
  public Result rollBack(VerificationRequest request, String reason) {
    List<Report.DecisionView> decisions = new ArrayList<>();
    List<Report.ChangeView> changes = new ArrayList<>();
    List<String> why = new ArrayList<>();
    for (Report.ChangeView fix : request.changes().reversed()) {
      if (fix.auditId() == null || fix.auditId().isBlank()) {
        why.add(fix.target() + ": the check carries no audit id; roll it back by hand");
        continue;
      }
      Optional<Action> kind =
          request.actions().stream()
              .filter(
                  a ->
                      a.getClass().getSimpleName().equals(fix.action())
                          && a.target().equals(fix.target()))
              .findFirst();
      if (kind.isPresent() && !canApply.test(kind.get().inverse())) {
        why.add(
            fix.target()
                + ": the verifier cannot apply "
                + fix.action()
                + "; roll it back with "
                + command.operatorLine(fix.auditId()));
        continue;
      }
      switch (command.rollBack(fix.auditId(), BY)) {
        case RollbackCommand.Attempt.Refused refused ->
            why.add(fix.target() + ": " + refused.why());
        case RollbackCommand.Attempt.Ran ran -> {
          decisions.addAll(ran.result().views());
          boolean restored = false;
          for (Report.ChangeView c : ran.result().changes()) {
            if (c.status() == ChangeStatus.APPLIED) {
              restored = true;
              changes.add(c.withStatus(ROLLED_BACK));
              LOG.warn(
                  "rolled back {} on {}: {} ({})",
                  c.action(),
                  c.target(),
                  c.fromTo(" → "),
                  LogSafe.clean(reason));
            } else {
              changes.add(c);
            }
          }
          if (!restored && ran.result().mayRunAgain()) {
            throw new RetryLater(fix.target() + ": " + ran.summary());
          }
          if (!restored && heldByLedgerOutage(ran.result().views())) {
            // nothing was taken or written: the check goes back to the queue and is tried again
            // (bounded by the queue's receive count, then its dead-letter queue and its alarm)
            throw new RetryLater(fix.target() + ": " + ran.summary());
          }
          if (!restored) {
            // e.g. a redelivery of a check whose first delivery rolled back, then failed to publish
            earlier
                .apply(fix)
                .ifPresentOrElse(
                    a ->
                        changes.add(
                            Report.ChangeView.of(
                                a.action(),
                                ROLLED_BACK,
                                "rolled back earlier, at "
                                    + a.at()
                                    + " ("
                                    + LogSafe.clean(a.alarmName())
                                    + ")",
                                a.auditId())),
                    () -> why.add(ran.summary()));
          }
        }
      }
    }
    boolean rolledBack = why.isEmpty() && !changes.isEmpty();
    if (!why.isEmpty()) {
      LOG.error("rollback not done: {}", LogSafe.clean(String.join("; ", why)));
    }
    return new Result(decisions, changes, rolledBack, why);
  }
}
