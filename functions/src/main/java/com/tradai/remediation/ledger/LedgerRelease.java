package com.tradai.remediation.ledger;

import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.guard.Policy;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger writes that close a run, each best effort: a record left PENDING, a lock or a claim
 * left to expire is honest (the outcome was not recorded), never wrong. A failure is logged, never
 * thrown: the change it records has happened or not regardless.
 */
final class LedgerRelease {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerRelease.class);

  private final Ledger ledger;
  private final String environment;
  private final Clock clock;

  LedgerRelease(Ledger ledger, String environment, Clock clock) {
    this.ledger = ledger;
    this.environment = environment;
    this.clock = clock;
  }

  /**
   * Records the applied changes, unlocks what this run locked and completes its claim: one write
   * when every condition holds, else one by one (each best effort).
   *
   * @param claimKey the idempotency key whose claim this run completes, if it holds one
   */
  void release(
      String owner,
      List<String> locked,
      Optional<String> claimKey,
      String key,
      List<Ledger.Applied> applied,
      String outcome,
      Policy.Guards g) {
    try {
      if (ledger.end(
          environment,
          applied,
          locked,
          owner,
          claimKey,
          outcome,
          clock.instant(),
          g.idempotencyTtl())) {
        return;
      }
    } catch (RuntimeException e) {
      LOG.error(
          "closing {} in one write failed, writing one by one: {}",
          LogSafe.clean(key),
          LogSafe.clean(e.getMessage()));
    }
    applied.forEach(this::recordOneByOne);
    try {
      for (String target : locked) {
        unlockQuietly(ledger, target, owner);
      }
      if (claimKey.isPresent()) {
        ledger.completeIdempotency(
            claimKey.get(), owner, outcome, clock.instant(), g.idempotencyTtl());
      }
    } catch (RuntimeException e) {
      LOG.error(
          "could not release locks or complete {}: {}",
          LogSafe.clean(key),
          LogSafe.clean(e.getMessage()));
    }
  }

  /**
   * Deletes this run's claim instead of completing it (a later delivery may run again), best
   * effort.
   */
  void forget(String claimKey, String owner) {
    try {
      ledger.releaseIdempotency(claimKey, owner);
    } catch (RuntimeException e) {
      LOG.error(
          "claim {} could not be released, it expires with its TTL: {}",
          LogSafe.clean(claimKey),
          LogSafe.clean(e.getMessage()));
    }
  }

  /** APPLIED, then the cooldown mark: each best effort (a record left PENDING is honest). */
  void recordOneByOne(Ledger.Applied a) {
    try {
      ledger.finishApplied(environment, a.auditId(), a.detail(), a.created(), clock.instant());
    } catch (RuntimeException e) {
      LOG.error(
          "audit {} could not be marked APPLIED: {}", a.auditId(), LogSafe.clean(e.getMessage()));
    }
    try {
      ledger.recordApplied(
          environment, a.action().kind(), a.action().target(), clock.instant(), a.auditId());
    } catch (RuntimeException e) {
      LOG.error(
          "cooldown mark for {} could not be written: {}",
          a.action().target(),
          LogSafe.clean(e.getMessage()));
    }
  }

  /** Moves a PENDING record to its final status, best effort. */
  void finish(String auditId, String status, String detail, String error) {
    try {
      ledger.finishAudit(environment, auditId, status, detail, error, clock.instant());
    } catch (RuntimeException e) {
      LOG.error(
          "audit {} could not be marked {}: {}", auditId, status, LogSafe.clean(e.getMessage()));
    }
  }

  static void unlockQuietly(Ledger l, String target, String owner) {
    try {
      l.unlock(target, owner);
    } catch (RuntimeException e) {
      LOG.error("lock on {} not released (it expires): {}", target, LogSafe.clean(e.getMessage()));
    }
  }
}
