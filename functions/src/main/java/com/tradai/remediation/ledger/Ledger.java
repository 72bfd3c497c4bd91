package com.tradai.remediation.ledger;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.guard.GuardContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Port: the remediation ledger (one DynamoDB table: its keys are {@link LedgerKeys}). Claims are
 * conditional writes with an expiry, so a crashed holder cannot keep one forever.
 */
public interface Ledger {

  /** Breaker state, counts and last-change times for these actions, as the guards need them. */
  Facts facts(
      String environment,
      String runbook,
      Collection<Action> actions,
      Duration rateWindow,
      Duration breakerWindow,
      Instant now);

  /**
   * @param rateSlotsTaken this runbook's rate-limit slots taken now ({@link Slots})
   * @param fixSlotsTaken the environment's fix-cap slots taken now
   * @param pending records left PENDING on these actions' resources ({@link PendingAudits})
   * @param standing every runbook's run-time mode and track-record counters ({@link StandingItems})
   */
  record Facts(
      GuardContext.Breaker breaker,
      java.util.Map<String, Instant> lastApplied,
      int runbookActions,
      java.util.Set<Integer> rateSlotsTaken,
      java.util.Set<Integer> fixSlotsTaken,
      List<PendingAudits.Mark> pending,
      com.tradai.remediation.guard.Standing standing) {
    public Facts {
      rateSlotsTaken = java.util.Set.copyOf(rateSlotsTaken);
      fixSlotsTaken = java.util.Set.copyOf(fixSlotsTaken);
      pending = List.copyOf(pending);
    }

    public Facts(
        GuardContext.Breaker breaker,
        java.util.Map<String, Instant> lastApplied,
        int runbookActions,
        java.util.Set<Integer> rateSlotsTaken,
        java.util.Set<Integer> fixSlotsTaken,
        List<PendingAudits.Mark> pending) {
      this(
          breaker,
          lastApplied,
          runbookActions,
          rateSlotsTaken,
          fixSlotsTaken,
          pending,
          com.tradai.remediation.guard.Standing.NONE);
    }

    public Facts(
        GuardContext.Breaker breaker,
        java.util.Map<String, Instant> lastApplied,
        int runbookActions,
        java.util.Set<Integer> rateSlotsTaken,
        java.util.Set<Integer> fixSlotsTaken) {
      this(breaker, lastApplied, runbookActions, rateSlotsTaken, fixSlotsTaken, List.of());
    }

    public Facts(
        GuardContext.Breaker breaker,
        java.util.Map<String, Instant> lastApplied,
        int runbookActions) {
      this(breaker, lastApplied, runbookActions, java.util.Set.of(), java.util.Set.of());
    }
  }

  /**
   * Empty when this run now owns the transition; else what holds it (done, or in hand elsewhere).
   */
  Optional<String> claimIdempotency(String key, String owner, Instant now, Duration inFlightTtl);

  /** The words a refused claim's answer holds when the claim was completed, not still in flight. */
  String COMPLETED_CLAIM = " was already handled at ";

  /**
   * All or nothing: claims the transition, locks every target and writes the first change's PENDING
   * audit record, each under the same condition as its one-by-one call. True when all were written;
   * false when a condition refused one and NOTHING was written, so the caller takes them one by one
   * to learn which (a duplicate, or whose lock). The default takes nothing and returns false.
   */
  default boolean begin(
      String key,
      String owner,
      List<String> targets,
      String holder,
      Instant now,
      Duration ttl,
      Optional<AuditRecord> pending) {
    return false;
  }

  /**
   * How an opening write ended: written, refused by a claim or lock, or a limit with no free slot.
   */
  enum Opening {
    TAKEN,
    REFUSED,
    RATE_LIMIT_FULL,
    FIX_CAP_FULL;

    public Optional<Slots.Full> full() {
      return switch (this) {
        case RATE_LIMIT_FULL -> Optional.of(Slots.Full.RATE_LIMIT);
        case FIX_CAP_FULL -> Optional.of(Slots.Full.FIX_CAP);
        default -> Optional.empty();
      };
    }
  }

  /**
   * {@link #begin}, and the pending attempt also takes a rate-limit slot and a fix-cap slot of its
   * quota in the same transaction: {@code RATE_LIMIT_FULL} / {@code FIX_CAP_FULL} when every slot
   * of one was taken (nothing written). The default takes no slot.
   */
  default Opening open(
      String key,
      String owner,
      List<String> targets,
      String holder,
      Instant now,
      Duration ttl,
      Optional<AuditRecord> pending,
      Slots.Quota quota) {
    return begin(key, owner, targets, holder, now, ttl, pending) ? Opening.TAKEN : Opening.REFUSED;
  }

  /**
   * {@link #putAudit} of an attempt's PENDING record with a slot of each limit of its quota, in one
   * transaction; a full limit writes nothing. The default takes no slot.
   */
  default Opening putAttempt(AuditRecord record, Slots.Quota quota, Instant now) {
    putAudit(record);
    return Opening.TAKEN;
  }

  /**
   * A change the executor applied, still PENDING in the ledger until {@link #end} records it.
   *
   * @param created what the change created (see {@link AuditRecord#created()}), else null
   */
  record Applied(String auditId, Action action, String detail, String created) {
    public Applied(String auditId, Action action, String detail) {
      this(auditId, action, detail, null);
    }
  }

  /**
   * All or nothing: marks every applied change APPLIED (only from PENDING) with its last-change
   * time, unlocks the targets this owner holds and completes its claim. True when all were written;
   * false when a condition refused one and nothing was written, so the caller does them one by one
   * (each best effort, as before). The default writes nothing and returns false.
   */
  default boolean end(
      String environment,
      List<Applied> applied,
      List<String> unlock,
      String owner,
      Optional<String> claimKey,
      String outcome,
      Instant now,
      Duration idempotencyTtl) {
    return false;
  }

  void completeIdempotency(String key, String owner, String outcome, Instant now, Duration ttl);

  /** Deletes this owner's claim, so that a later delivery may take the transition again. */
  void releaseIdempotency(String key, String owner);

  /** Empty when the lock is ours until now + ttl; else who holds it and until when. */
  Optional<String> lock(String target, String owner, String holder, Instant now, Duration ttl);

  void unlock(String target, String owner);

  /** Expiry (epoch seconds) of the lock on target, if one is stored, expired or not. */
  Optional<Instant> lockExpiry(String target);

  void putAudit(AuditRecord record);

  /** Moves a PENDING record to APPLIED, FAILED or REFUSED; only a PENDING record moves. */
  void finishAudit(
      String environment, String auditId, String status, String detail, String error, Instant now);

  /** As {@link #finishAudit}, for an APPLIED change that created something a rollback must find. */
  default void finishApplied(
      String environment, String auditId, String detail, String created, Instant now) {
    finishAudit(environment, auditId, AuditRecord.APPLIED, detail, null, now);
  }

  Optional<AuditRecord> audit(String environment, String auditId);

  /** Newest first; {@code target} narrows it to one resource. */
  List<AuditRecord> recent(String environment, Optional<String> target, int limit);

  void recordApplied(String environment, String kind, String target, Instant at, String auditId);

  void openBreaker(String environment, String why, Instant now);

  void resetBreaker(String environment, String by, Instant now);

  void putApproval(PendingApproval approval);

  Optional<PendingApproval> approval(String environment, String planId);

  /**
   * Counts one verification verdict in the track record of {@code runbook} / {@code kind} (one
   * atomic ADD to today's counter; the item lives {@link
   * com.tradai.remediation.guard.TrackRecord#KEPT_DAYS} days past its last verdict) and returns the
   * item's counters after it. The default stores nothing and returns none.
   */
  default java.util.Map<String, Long> countVerdict(
      String environment,
      String runbook,
      String kind,
      com.tradai.remediation.guard.TrackRecord.Tally tally,
      Instant now) {
    return java.util.Map.of();
  }

  /**
   * Sets a runbook's run-time mode if it is still {@code expected} (empty: none set yet), with an
   * audit entry of the change, in one transaction; false when it changed in between (nothing
   * written). The default refuses.
   */
  default boolean setMode(
      String environment,
      String runbook,
      Optional<com.tradai.remediation.guard.Mode> expected,
      com.tradai.remediation.guard.Standing.ModeSetting setting) {
    return false;
  }

  /** Moves a plan from {@code from} to {@code to}; false when it was no longer {@code from}. */
  boolean decideApproval(
      String environment, String planId, String from, String to, String by, Instant now);
}
