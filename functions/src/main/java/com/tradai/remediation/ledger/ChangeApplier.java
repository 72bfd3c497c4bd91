package com.tradai.remediation.ledger;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.ChangedSince;
import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.ports.Executor;
import com.tradai.remediation.ports.TransientAwsError;
import com.tradai.remediation.report.ChangeStatus;
import com.tradai.remediation.report.Report;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apply step of the guarded path, for one change whose PENDING record is written (with the
 * claim, or just before): the executor, then the record's final status. APPLIED is recorded only
 * when the run closes, still under the lock; FAILED and REFUSED right away. A crash (an Error)
 * records FAILED if it still can and leaves the lock and the idempotency claim to expire, so a
 * later delivery may try again.
 */
final class ChangeApplier {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeApplier.class);

  private final List<Executor> executors;

  ChangeApplier(List<Executor> executors) {
    this.executors = List.copyOf(executors);
  }

  /**
   * What one change came to.
   *
   * @param applied the change the executor made, for the closing write to record APPLIED
   * @param failedTransiently it failed with an AWS error that may pass (after the SDK's retries)
   */
  record Done(
      Report.ChangeView change, Optional<Ledger.Applied> applied, boolean failedTransiently) {
    static Done notApplied(Report.ChangeView change) {
      return new Done(change, Optional.empty(), false);
    }
  }

  Done apply(LedgerRelease l, Action a, String auditId) {
    String kind = a.getClass().getSimpleName();
    Optional<Executor> executor = executors.stream().filter(x -> x.supports(a)).findFirst();
    if (executor.isEmpty()) {
      l.finish(auditId, AuditRecord.FAILED, null, "no executor can apply " + kind);
      return Done.notApplied(
          change(a, ChangeStatus.FAILED, "no executor can apply " + kind, auditId));
    }
    Executor.Applied applied;
    try {
      applied = executor.get().apply(a);
    } catch (ChangedSince moved) {
      return refused(l, a, auditId, moved);
    } catch (RuntimeException e) {
      LOG.error("{} on {} failed: {}", kind, a.target(), LogSafe.clean(e.getMessage()));
      l.finish(auditId, AuditRecord.FAILED, null, LogSafe.clean(e.getMessage()));
      return new Done(
          change(a, ChangeStatus.FAILED, LogSafe.clean(e.getMessage()), auditId),
          Optional.empty(),
          TransientAwsError.is(e));
    } catch (Error crash) {
      l.finish(
          auditId,
          AuditRecord.FAILED,
          null,
          "the invocation crashed while applying: "
              + LogSafe.clean(String.valueOf(crash.getMessage())));
      throw crash;
    }
    ChangeStatus status =
        applied.pendingUntil() == null ? ChangeStatus.APPLIED : ChangeStatus.PENDING_WINDOW;
    return new Done(
        change(a, status, applied.detail(), auditId),
        Optional.of(new Ledger.Applied(auditId, a, applied.detail(), applied.created())),
        false);
  }

  /**
   * The executor found the resource changed since the reading: nothing changed, a person decides.
   */
  private static Done refused(LedgerRelease l, Action a, String auditId, ChangedSince moved) {
    LOG.warn("{} on {} refused: {}", a.kind(), a.target(), LogSafe.clean(moved.getMessage()));
    l.finish(auditId, AuditRecord.REFUSED, LogSafe.clean(moved.getMessage()), null);
    return Done.notApplied(
        change(a, ChangeStatus.REFUSED, LogSafe.clean(moved.getMessage()), auditId));
  }

  static Report.ChangeView change(Action a, ChangeStatus status, String detail, String auditId) {
    return Report.ChangeView.of(a, status, detail, auditId);
  }
}
