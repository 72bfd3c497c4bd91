package com.tradai.remediation.testing;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.guard.GuardContext;
import com.tradai.remediation.ledger.AuditRecord;
import com.tradai.remediation.ledger.Ledger;
import com.tradai.remediation.ledger.PendingApproval;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A ledger in memory, for tests of what happens after the guards (verification, reports) where the
 * DynamoDB ledger itself is not the subject; the ledger's own behaviour is tested against moto in
 * LedgerEndToEndTest. Single-threaded; idempotency, locks and audits behave like the real one.
 */
public final class InMemoryLedger implements Ledger {
  private final Map<String, String> idempotency = new HashMap<>();
  private final Map<String, String> locks = new HashMap<>();
  private final Map<String, AuditRecord> audits = new HashMap<>();
  private final Map<String, Instant> lastApplied = new HashMap<>();
  private final Map<String, PendingApproval> approvals = new HashMap<>();

  /** env#runbook#kind → the track record's day counters, as DynamoDbLedger keeps them. */
  private final Map<String, Map<String, Long>> records = new HashMap<>();

  @Override
  public synchronized Map<String, Long> countVerdict(
      String environment,
      String runbook,
      String kind,
      com.tradai.remediation.guard.TrackRecord.Tally tally,
      Instant now) {
    Map<String, Long> c =
        records.computeIfAbsent(environment + "#" + runbook + "#" + kind, k -> new HashMap<>());
    c.merge(
        com.tradai.remediation.guard.TrackRecord.counter(
            tally, com.tradai.remediation.guard.Trust.day(now)),
        1L,
        Long::sum);
    return Map.copyOf(c);
  }

  @Override
  public Facts facts(
      String environment,
      String runbook,
      Collection<Action> actions,
      Duration rateWindow,
      Duration breakerWindow,
      Instant now) {
    Map<String, Instant> last = new HashMap<>();
    for (Action a : actions) {
      Instant at = lastApplied.get(a.kind() + "|" + a.target());
      if (at != null) {
        last.put(a.kind() + "|" + a.target(), at);
      }
    }
    return new Facts(GuardContext.Breaker.CLOSED, last, 0);
  }

  @Override
  public Optional<String> claimIdempotency(
      String key, String owner, Instant now, Duration inFlightTtl) {
    String holder = idempotency.putIfAbsent(key, owner);
    return holder == null || holder.equals(owner)
        ? Optional.empty()
        : Optional.of("handled by " + holder);
  }

  @Override
  public void completeIdempotency(
      String key, String owner, String outcome, Instant now, Duration ttl) {
    idempotency.put(key, owner);
  }

  @Override
  public void releaseIdempotency(String key, String owner) {
    idempotency.remove(key, owner);
  }

  @Override
  public Optional<String> lock(
      String target, String owner, String holder, Instant now, Duration ttl) {
    String current = locks.putIfAbsent(target, owner);
    return current == null || current.equals(owner)
        ? Optional.empty()
        : Optional.of("locked by " + current);
  }

  @Override
  public void unlock(String target, String owner) {
    locks.remove(target, owner);
  }

  @Override
  public Optional<Instant> lockExpiry(String target) {
    return Optional.empty();
  }

  @Override
  public void putAudit(AuditRecord record) {
    audits.put(record.auditId(), record);
  }

  @Override
  public void finishAudit(
      String environment, String auditId, String status, String detail, String error, Instant now) {
    AuditRecord r = audits.get(auditId);
    if (r != null && AuditRecord.PENDING.equals(r.status())) {
      audits.put(
          auditId,
          new AuditRecord(
              r.auditId(),
              r.environment(),
              r.at(),
              r.alarmKey(),
              r.alarmName(),
              r.runbook(),
              r.origin(),
              r.planId(),
              r.rollbackOf(),
              r.action(),
              r.verdict(),
              r.guards(),
              status,
              detail,
              error));
    }
  }

  @Override
  public Optional<AuditRecord> audit(String environment, String auditId) {
    return Optional.ofNullable(audits.get(auditId));
  }

  @Override
  public List<AuditRecord> recent(String environment, Optional<String> target, int limit) {
    List<AuditRecord> all = new ArrayList<>(audits.values());
    all.sort(Comparator.comparing(AuditRecord::at).reversed());
    return all.stream()
        .filter(r -> target.map(t -> t.equals(r.action().target())).orElse(true))
        .limit(limit)
        .toList();
  }

  @Override
  public void recordApplied(
      String environment, String kind, String target, Instant at, String auditId) {
    lastApplied.put(kind + "|" + target, at);
  }

  @Override
  public void openBreaker(String environment, String why, Instant now) {}

  @Override
  public void resetBreaker(String environment, String by, Instant now) {}

  @Override
  public void putApproval(PendingApproval approval) {
    approvals.put(approval.planId(), approval);
  }

  @Override
  public Optional<PendingApproval> approval(String environment, String planId) {
    return Optional.ofNullable(approvals.get(planId));
  }

  @Override
  public boolean decideApproval(
      String environment, String planId, String from, String to, String by, Instant now) {
    return false;
  }
}
