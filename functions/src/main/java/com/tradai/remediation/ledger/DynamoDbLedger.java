package com.tradai.remediation.ledger;

import static com.tradai.remediation.ledger.ItemValues.n;
import static com.tradai.remediation.ledger.ItemValues.num;
import static com.tradai.remediation.ledger.ItemValues.s;
import static com.tradai.remediation.ledger.ItemValues.str;

import com.tradai.remediation.core.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The ledger in one DynamoDB table: the calls. Its keys are {@link LedgerKeys}; its items, {@link
 * AuditCodec} and {@link Claims}; the guards' facts, read with one Query, {@link LedgerFacts}; the
 * slots an attempt takes, {@link SlotSearch}.
 *
 * <p>A marker is written in the write that records its attempt (the claim's transaction, or its
 * own) and marked failed in the one that marks it FAILED; a PENDING record's {@link PendingAudits}
 * marker is written with it and deleted in the write that moves it to APPLIED or FAILED. Taking a
 * transition (claim, locks, the first PENDING audit record and its marker) is one
 * TransactWriteItems, and so is closing it (APPLIED, last change, unlocks, claim completed); each
 * keeps its per-item condition, and a refused transaction wrote nothing, so the caller falls back
 * to the one-by-one calls that say why.
 *
 * <p>Reads that decide are strongly consistent; claims are conditional writes that take over an
 * expired holder, because DynamoDB's TTL deletes late.
 */
public final class DynamoDbLedger implements Ledger {
  private static final String NEW_ITEM = "attribute_not_exists(pk)";

  private final Supplier<DynamoDbClient> client;
  private final String table;
  private final AuditCodec codec;

  public DynamoDbLedger(Supplier<DynamoDbClient> client, String table, ActionCodec codec) {
    this.client = client;
    this.table = table;
    this.codec = new AuditCodec(codec);
  }

  public String table() {
    return table;
  }

  /** A new audit id: a sortable UTC time and a random suffix. */
  public static String newAuditId(Instant at) {
    return LedgerKeys.newAuditId(at);
  }

  @Override
  public Ledger.Facts facts(
      String env,
      String runbook,
      Collection<Action> actions,
      Duration rateWindow,
      Duration breakerWindow,
      Instant now) {
    Instant rateFrom = now.minus(rateWindow);
    Instant windowFrom = now.minus(breakerWindow);
    return LedgerFacts.read(
        since(env, LedgerFacts.from(rateFrom, windowFrom)),
        runbook,
        actions,
        rateFrom,
        windowFrom,
        now);
  }

  /**
   * The partition's items from sort key {@code from} on: attempt markers, then the breaker and last
   * changes.
   */
  private List<Map<String, AttributeValue>> since(String env, String from) {
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      QueryResponse page =
          client
              .get()
              .query(
                  QueryRequest.builder()
                      .tableName(table)
                      .keyConditionExpression("pk = :pk AND sk >= :from")
                      .expressionAttributeValues(
                          Map.of(":pk", s(LedgerKeys.auditPk(env)), ":from", s(from)))
                      .consistentRead(true)
                      .exclusiveStartKey(start)
                      .build());
      out.addAll(page.items());
      start =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (start != null);
    return out;
  }

  private TransactWriteItem putNew(Map<String, AttributeValue> item) {
    return TransactWriteItem.builder()
        .put(p -> p.tableName(table).item(item).conditionExpression(NEW_ITEM))
        .build();
  }

  private TransactWriteItem put(Map<String, AttributeValue> item) {
    return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build();
  }

  private TransactWriteItem takeOver(Map<String, AttributeValue> item, Instant now) {
    return TransactWriteItem.builder()
        .put(
            p ->
                p.tableName(table)
                    .item(item)
                    .conditionExpression(Claims.TAKE_OVER)
                    .expressionAttributeValues(Claims.takeOverValues(now)))
        .build();
  }

  @Override
  public boolean begin(
      String key,
      String owner,
      List<String> targets,
      String holder,
      Instant now,
      Duration ttl,
      Optional<AuditRecord> pending) {
    return open(key, owner, targets, holder, now, ttl, pending, Slots.Quota.NONE) == Opening.TAKEN;
  }

  @Override
  public Opening open(
      String key,
      String owner,
      List<String> targets,
      String holder,
      Instant now,
      Duration ttl,
      Optional<AuditRecord> pending,
      Slots.Quota quota) {
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(takeOver(Claims.claimItem(key, owner, now, ttl), now));
    for (String target : targets) {
      writes.add(takeOver(Claims.lockItem(target, owner, holder, now, ttl), now));
    }
    pending.ifPresent(
        r -> {
          writes.add(putNew(codec.auditItem(r)));
          writes.add(put(PendingAudits.markerItem(r)));
          if (r.isAttempt()) {
            writes.add(put(AuditCodec.markerItem(r)));
          }
        });
    return withSlots(writes, pending.filter(AuditRecord::isAttempt), quota, now);
  }

  /**
   * The writes, with one rate-limit slot and one fix-cap slot of the quota when the attempt counts
   * (the quota is not empty), tried as {@link SlotSearch} says. Any refusal but a slot's is
   * REFUSED.
   */
  private Opening withSlots(
      List<TransactWriteItem> writes,
      Optional<AuditRecord> attempt,
      Slots.Quota quota,
      Instant now) {
    if (attempt.isEmpty() || quota.none()) {
      return transact(writes) ? Opening.TAKEN : Opening.REFUSED;
    }
    AuditRecord r = attempt.get();
    SlotSearch search = SlotSearch.START;
    while (true) {
      Optional<Opening> full = search.full(quota);
      if (full.isPresent()) {
        return full.get();
      }
      List<TransactWriteItem> all = new ArrayList<>(writes);
      all.add(slot(r, search.rateKey(quota), quota.rateUntil(), now));
      all.add(slot(r, search.fixKey(quota), quota.fixUntil(), now));
      try {
        client.get().transactWriteItems(b -> b.transactItems(all));
        return Opening.TAKEN;
      } catch (TransactionCanceledException refused) {
        List<String> codes =
            refused.hasCancellationReasons()
                ? refused.cancellationReasons().stream().map(c -> String.valueOf(c.code())).toList()
                : List.of();
        Optional<SlotSearch> next = search.after(codes, all.size());
        if (next.isEmpty()) {
          return Opening.REFUSED;
        }
        search = next.get();
      }
    }
  }

  /** Takes a slot until {@code until}, if it is free at {@code now}. */
  private TransactWriteItem slot(AuditRecord r, String sk, Instant until, Instant now) {
    return TransactWriteItem.builder()
        .put(
            p ->
                p.tableName(table)
                    .item(SlotSearch.slotItem(r, sk, until))
                    .conditionExpression(SlotSearch.FREE)
                    .expressionAttributeNames(SlotSearch.FREE_NAMES)
                    .expressionAttributeValues(SlotSearch.freeValues(now)))
        .build();
  }

  @Override
  public boolean end(
      String env,
      List<Applied> applied,
      List<String> unlock,
      String owner,
      Optional<String> claimKey,
      String outcome,
      Instant now,
      Duration idempotencyTtl) {
    List<TransactWriteItem> writes = new ArrayList<>();
    Map<String, Applied> lastPerResource = new LinkedHashMap<>();
    for (Applied a : applied) {
      writes.add(
          finish(
              finishUpdate(
                  env, a.auditId(), AuditRecord.APPLIED, a.detail(), null, a.created(), now)));
      writes.add(settled(env, a.auditId()));
      lastPerResource.put(LedgerKeys.lastKey(a.action().kind(), a.action().target()), a);
    }
    lastPerResource
        .values()
        .forEach(
            a ->
                writes.add(
                    put(
                        AuditCodec.lastItem(
                            env, a.action().kind(), a.action().target(), now, a.auditId()))));
    for (String target : unlock) {
      writes.add(
          TransactWriteItem.builder()
              .delete(
                  d ->
                      d.tableName(table)
                          .key(LedgerKeys.lock(target))
                          .conditionExpression(Claims.OWNED)
                          .expressionAttributeNames(Claims.OWNER_NAME)
                          .expressionAttributeValues(Claims.ownerValues(owner)))
              .build());
    }
    claimKey.ifPresent(
        k ->
            writes.add(
                TransactWriteItem.builder()
                    .update(
                        u ->
                            u.tableName(table)
                                .key(LedgerKeys.claim(k))
                                .updateExpression(Claims.COMPLETE)
                                .conditionExpression(Claims.OWNED)
                                .expressionAttributeNames(Claims.COMPLETE_NAMES)
                                .expressionAttributeValues(
                                    Claims.completeValues(owner, outcome, now, idempotencyTtl)))
                    .build()));
    return writes.isEmpty() || transact(writes);
  }

  /** True when every write was made; false when a condition refused one and none was. */
  private boolean transact(List<TransactWriteItem> writes) {
    try {
      client.get().transactWriteItems(b -> b.transactItems(writes));
      return true;
    } catch (TransactionCanceledException refused) {
      return false;
    }
  }

  @Override
  public Optional<String> claimIdempotency(
      String key, String owner, Instant now, Duration inFlightTtl) {
    if (putIf(Claims.claimItem(key, owner, now, inFlightTtl), now)) {
      return Optional.empty();
    }
    return Optional.of(Claims.claimHeld(key, get(LedgerKeys.claim(key))));
  }

  @Override
  public void completeIdempotency(
      String key, String owner, String outcome, Instant now, Duration ttl) {
    try {
      client
          .get()
          .updateItem(
              b ->
                  b.tableName(table)
                      .key(LedgerKeys.claim(key))
                      .updateExpression(Claims.COMPLETE)
                      .conditionExpression(Claims.OWNED)
                      .expressionAttributeNames(Claims.COMPLETE_NAMES)
                      .expressionAttributeValues(Claims.completeValues(owner, outcome, now, ttl)));
    } catch (ConditionalCheckFailedException lostIt) {
      // our claim expired and another invocation took it over: its record stands
    }
  }

  @Override
  public void releaseIdempotency(String key, String owner) {
    deleteIfOwned(LedgerKeys.claim(key), owner);
  }

  @Override
  public Optional<String> lock(
      String target, String owner, String holder, Instant now, Duration ttl) {
    if (putIf(Claims.lockItem(target, owner, holder, now, ttl), now)) {
      return Optional.empty();
    }
    return Optional.of(Claims.lockHeld(get(LedgerKeys.lock(target))));
  }

  @Override
  public void unlock(String target, String owner) {
    deleteIfOwned(LedgerKeys.lock(target), owner);
  }

  /** Deletes a lock or claim this owner holds; one that expired and was taken over stays. */
  private void deleteIfOwned(Map<String, AttributeValue> key, String owner) {
    try {
      client
          .get()
          .deleteItem(
              b ->
                  b.tableName(table)
                      .key(key)
                      .conditionExpression(Claims.OWNED)
                      .expressionAttributeNames(Claims.OWNER_NAME)
                      .expressionAttributeValues(Claims.ownerValues(owner)));
    } catch (ConditionalCheckFailedException notOurs) {
      // expired and taken over: the new holder keeps it
    }
  }

  @Override
  public Optional<Instant> lockExpiry(String target) {
    return Optional.ofNullable(get(LedgerKeys.lock(target)))
        .map(i -> Instant.ofEpochSecond(num(i, "expiresAt")));
  }

  /** An attempt's record is written with its count, in one transaction; any other with a put. */
  @Override
  public void putAudit(AuditRecord r) {
    putAttempt(r, Slots.Quota.NONE, r.at());
  }

  @Override
  public Opening putAttempt(AuditRecord r, Slots.Quota quota, Instant now) {
    if (!r.isAttempt() && !AuditRecord.PENDING.equals(r.status())) {
      client
          .get()
          .putItem(b -> b.tableName(table).item(codec.auditItem(r)).conditionExpression(NEW_ITEM));
      return Opening.TAKEN;
    }
    List<TransactWriteItem> writes =
        new ArrayList<>(List.of(putNew(codec.auditItem(r)), put(PendingAudits.markerItem(r))));
    if (r.isAttempt()) {
      writes.add(put(AuditCodec.markerItem(r)));
    }
    Opening o = withSlots(writes, Optional.of(r).filter(AuditRecord::isAttempt), quota, now);
    if (o == Opening.REFUSED) {
      throw ConditionalCheckFailedException.builder()
          .message("audit record " + r.auditId() + " exists already")
          .build();
    }
    return o;
  }

  /**
   * A FAILED attempt's marker is marked failed in the same transaction; a rollback's record has no
   * marker, so that transaction is refused by its condition and the record is finished alone.
   */
  @Override
  public void finishAudit(
      String env, String auditId, String status, String detail, String error, Instant now) {
    finish(env, auditId, status, detail, error, null, now);
  }

  @Override
  public void finishApplied(
      String env, String auditId, String detail, String created, Instant now) {
    finish(env, auditId, AuditRecord.APPLIED, detail, null, created, now);
  }

  private void finish(
      String env,
      String auditId,
      String status,
      String detail,
      String error,
      String created,
      Instant now) {
    Finish f = finishUpdate(env, auditId, status, detail, error, created, now);
    if (AuditRecord.FAILED.equals(status)) {
      TransactWriteItem failed =
          TransactWriteItem.builder()
              .update(
                  u ->
                      u.tableName(table)
                          .key(LedgerKeys.inAudit(env, Attempts.key(auditId)))
                          .updateExpression("SET failed = :t")
                          .conditionExpression("attribute_exists(pk)")
                          .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true))))
              .build();
      if (transact(List.of(finish(f), failed, settled(env, auditId)))) {
        return;
      }
    }
    if (!transact(List.of(finish(f), settled(env, auditId)))) {
      throw ConditionalCheckFailedException.builder()
          .message("audit record " + auditId + " is not PENDING")
          .build();
    }
  }

  /**
   * Deletes the marker of a record that is no longer PENDING (written with it, see {@link
   * PendingAudits}).
   */
  private TransactWriteItem settled(String env, String auditId) {
    return TransactWriteItem.builder()
        .delete(d -> d.tableName(table).key(LedgerKeys.inAudit(env, PendingAudits.key(auditId))))
        .build();
  }

  private TransactWriteItem finish(Finish f) {
    return TransactWriteItem.builder()
        .update(
            u ->
                u.tableName(table)
                    .key(f.key())
                    .updateExpression(f.set())
                    .conditionExpression(f.condition())
                    .expressionAttributeNames(f.names())
                    .expressionAttributeValues(f.values()))
        .build();
  }

  /** The conditional update that moves a PENDING audit record to its final status. */
  private record Finish(
      Map<String, AttributeValue> key,
      String set,
      String condition,
      Map<String, String> names,
      Map<String, AttributeValue> values) {}

  private static Finish finishUpdate(
      String env,
      String auditId,
      String status,
      String detail,
      String error,
      String created,
      Instant now) {
    Map<String, AttributeValue> values =
        new HashMap<>(
            Map.of(
                ":s", s(status), ":pending", s(AuditRecord.PENDING), ":f", n(now.toEpochMilli())));
    StringBuilder set = new StringBuilder("SET #s = :s, finishedAt = :f");
    if (detail != null) {
      set.append(", detail = :d");
      values.put(":d", s(detail));
    }
    if (created != null) {
      set.append(", created = :c");
      values.put(":c", s(created));
    }
    Map<String, String> names = new HashMap<>(Map.of("#s", "status"));
    if (error != null) {
      set.append(", #e = :e");
      values.put(":e", s(error));
      names.put("#e", "error");
    }
    return new Finish(
        LedgerKeys.inAudit(env, auditId), set.toString(), "#s = :pending", names, values);
  }

  /** An audit record as this ledger stores it: SnapStart priming cans the sample check's own. */
  public static Map<String, AttributeValue> auditItem(AuditRecord record, ActionCodec actions) {
    return new AuditCodec(actions).auditItem(record);
  }

  @Override
  public Optional<AuditRecord> audit(String env, String auditId) {
    return Optional.ofNullable(get(LedgerKeys.inAudit(env, auditId))).map(codec::audit);
  }

  @Override
  public List<AuditRecord> recent(String env, Optional<String> target, int limit) {
    List<AuditRecord> out = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    int pages = 0;
    do {
      Map<String, AttributeValue> from = start;
      QueryResponse page =
          client
              .get()
              .query(
                  b -> {
                    b.tableName(table)
                        .keyConditionExpression("pk = :pk AND sk < :meta")
                        .scanIndexForward(false)
                        .limit(Math.max(limit, 25))
                        .exclusiveStartKey(from);
                    Map<String, AttributeValue> partition =
                        Map.of(":pk", s(LedgerKeys.auditPk(env)), ":meta", s(LedgerKeys.META));
                    if (target.isPresent()) {
                      Map<String, AttributeValue> values = new HashMap<>(partition);
                      values.put(":t", s(target.get()));
                      b.filterExpression("target = :t").expressionAttributeValues(values);
                    } else {
                      b.expressionAttributeValues(partition);
                    }
                  });
      page.items().forEach(i -> out.add(codec.audit(i)));
      start =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (start != null && out.size() < limit && ++pages < 20);
    return out.size() > limit ? out.subList(0, limit) : out;
  }

  @Override
  public void recordApplied(String env, String kind, String target, Instant at, String auditId) {
    client
        .get()
        .putItem(b -> b.tableName(table).item(AuditCodec.lastItem(env, kind, target, at, auditId)));
  }

  @Override
  public void openBreaker(String env, String why, Instant now) {
    client
        .get()
        .updateItem(
            b ->
                b.tableName(table)
                    .key(LedgerKeys.inAudit(env, LedgerKeys.BREAKER))
                    .updateExpression("SET #open = :t, why = :w, openedAt = :n")
                    .conditionExpression("attribute_not_exists(#open) OR #open = :f")
                    .expressionAttributeNames(Map.of("#open", "open"))
                    .expressionAttributeValues(
                        Map.of(
                            ":t",
                            AttributeValue.fromBool(true),
                            ":f",
                            AttributeValue.fromBool(false),
                            ":w",
                            s(why),
                            ":n",
                            n(now.toEpochMilli()))));
  }

  /** Also frees the fix-cap slots: the breaker counts fixes afresh from the reset, so do they. */
  @Override
  public void resetBreaker(String env, String by, Instant now) {
    client
        .get()
        .updateItem(
            b ->
                b.tableName(table)
                    .key(LedgerKeys.inAudit(env, LedgerKeys.BREAKER))
                    .updateExpression("SET #open = :f, resetAt = :n, resetBy = :by REMOVE why")
                    .expressionAttributeNames(Map.of("#open", "open"))
                    .expressionAttributeValues(
                        Map.of(
                            ":f",
                            AttributeValue.fromBool(false),
                            ":n",
                            n(now.toEpochMilli()),
                            ":by",
                            s(by))));
    for (Map<String, AttributeValue> slot : since(env, Slots.FIX)) {
      if (!str(slot, "sk").startsWith(Slots.FIX)) {
        break;
      }
      client
          .get()
          .deleteItem(d -> d.tableName(table).key(LedgerKeys.inAudit(env, str(slot, "sk"))));
    }
  }

  @Override
  public Map<String, Long> countVerdict(
      String env,
      String runbook,
      String kind,
      com.tradai.remediation.guard.TrackRecord.Tally tally,
      Instant now) {
    return StandingItems.counters(
        client
            .get()
            .updateItem(StandingItems.countVerdict(table, env, runbook, kind, tally, now))
            .attributes());
  }

  @Override
  public boolean setMode(
      String env,
      String runbook,
      Optional<com.tradai.remediation.guard.Mode> expected,
      com.tradai.remediation.guard.Standing.ModeSetting setting) {
    return transact(StandingItems.setMode(table, env, runbook, expected, setting));
  }

  @Override
  public void putApproval(PendingApproval p) {
    client
        .get()
        .putItem(b -> b.tableName(table).item(codec.approvalItem(p)).conditionExpression(NEW_ITEM));
  }

  @Override
  public Optional<PendingApproval> approval(String env, String planId) {
    return Optional.ofNullable(get(LedgerKeys.plan(env, planId))).map(i -> codec.approval(env, i));
  }

  /**
   * The environment's plans still PENDING (expired or not), oldest first: what the ops CLI lists.
   */
  public List<PendingApproval> pendingApprovals(String env) {
    List<PendingApproval> out = new ArrayList<>();
    client
        .get()
        .queryPaginator(
            b ->
                b.tableName(table)
                    .keyConditionExpression("pk = :pk")
                    .filterExpression("#s = :pending")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(
                        Map.of(
                            ":pk",
                            s(LedgerKeys.planPk(env)),
                            ":pending",
                            s(PendingApproval.PENDING))))
        .items()
        .forEach(i -> out.add(codec.approval(env, i)));
    return out;
  }

  @Override
  public boolean decideApproval(
      String env, String planId, String from, String to, String by, Instant now) {
    try {
      client
          .get()
          .updateItem(
              b ->
                  b.tableName(table)
                      .key(LedgerKeys.plan(env, planId))
                      .updateExpression("SET #s = :to, decidedBy = :by, decidedAt = :n")
                      .conditionExpression("#s = :from")
                      .expressionAttributeNames(Map.of("#s", "status"))
                      .expressionAttributeValues(
                          Map.of(
                              ":to",
                              s(to),
                              ":by",
                              s(by),
                              ":n",
                              n(now.toEpochMilli()),
                              ":from",
                              s(from))));
      return true;
    } catch (ConditionalCheckFailedException already) {
      return false;
    }
  }

  /** A claim or lock, unless a holder that has not expired keeps it. */
  private boolean putIf(Map<String, AttributeValue> item, Instant now) {
    try {
      client
          .get()
          .putItem(
              b ->
                  b.tableName(table)
                      .item(item)
                      .conditionExpression(Claims.TAKE_OVER)
                      .expressionAttributeValues(Claims.takeOverValues(now)));
      return true;
    } catch (ConditionalCheckFailedException held) {
      return false;
    }
  }

  private Map<String, AttributeValue> get(Map<String, AttributeValue> key) {
    Map<String, AttributeValue> item =
        client.get().getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
    return item == null || item.isEmpty() ? null : item;
  }
}
