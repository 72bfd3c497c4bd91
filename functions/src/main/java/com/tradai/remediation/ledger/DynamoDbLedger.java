package com.tradai.remediation.ledger;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.guard.GuardContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The ledger in one DynamoDB table: string keys {@code pk}/{@code sk}, TTL attribute {@code
 * expiresAt} (epoch seconds). Item kinds, by key:
 *
 * <pre>
 * IDEM#{alarmArn}@{millis}   IDEM          idempotency: IN_PROGRESS (expires with the lock TTL) → COMPLETED
 * LOCK#{target}              LOCK          one lock per resource: owner, holder, expiresAt
 * PLAN#{env}                 {planId}      pending approval: actions, approvalExpiresAt, status
 * AUDIT#{env}                {auditId}     one per attempt and per decision not applied (not for a
 *                                          duplicate delivery: its claim answers it); audit ids start
 *                                          with a UTC timestamp, so the partition lists in time order
 * AUDIT#{env}                ~ATTEMPT#{auditId}  one marker per attempt (not rollbacks): at, runbook,
 *                                          failed; what the rate limit and the breaker count (Attempts)
 * AUDIT#{env}                ~BREAKER      circuit breaker: open, why, openedAt, resetAt
 * AUDIT#{env}                ~LAST#{kind}#{target}  last change per resource and kind: at, auditId (cooldowns)
 * AUDIT#{env}                ~SLOT#RATE#{runbook}#{i}, ~SLOT#FIX#{i}  rate-limit and fix-cap slots:
 *                                          takenUntil, auditId (Slots: exact limits under concurrency)
 * </pre>
 *
 * The marker, breaker and last-change items sort after every audit id ({@code ~} follows the
 * digits; {@code ~A} before {@code ~B} before {@code ~L} before {@code ~S}), so the guards' facts come from ONE Query
 * ({@code sk >= ~ATTEMPT#{window start}}): the attempts in the window (which the breaker and the
 * rate limit bound), the breaker and the last changes, and no audit record, however many
 * deliveries came before. A marker is written in the write that records its attempt (the claim's
 * transaction, or its own) and marked failed in the one that marks it FAILED. Listings stop below
 * {@code ~}. Taking a transition (claim, locks, the first PENDING audit record and its marker) is
 * one TransactWriteItems, and so is closing it (APPLIED,
 * last change, unlocks, claim completed); each keeps its per-item condition, and a refused
 * transaction wrote nothing, so the caller falls back to the one-by-one calls that say why.
 *
 * Reads that decide are strongly consistent; claims are conditional writes that take over an
 * expired holder ({@code attribute_not_exists(pk) OR expiresAt < :now}), because DynamoDB's TTL
 * deletes late.
 */
public final class DynamoDbLedger implements Ledger {
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final Duration AUDIT_KEPT = Duration.ofDays(90);
  private static final Duration APPROVAL_KEPT = Duration.ofDays(7);
  private static final String TAKE_OVER = "attribute_not_exists(pk) OR expiresAt < :now";
  /** Sort keys from here on in an AUDIT partition are not audit records. */
  private static final String META = "~";
  private static final String BREAKER = META + "BREAKER";
  private static final String LAST = META + "LAST#";
  /** Attempt markers outlive the longest window a policy may set (24 h). */
  private static final Duration MARKERS_KEPT = Duration.ofDays(2);
  private static final String COMPLETE = "SET #s = :done, outcome = :o, expiresAt = :exp";

  private final Supplier<DynamoDbClient> client;
  private final String table;
  private final ActionCodec codec;

  public DynamoDbLedger(Supplier<DynamoDbClient> client, String table, ActionCodec codec) {
    this.client = client;
    this.table = table;
    this.codec = codec;
  }

  public String table() {
    return table;
  }

  /** A new audit id: a sortable UTC time and a random suffix. */
  public static String newAuditId(Instant at) {
    return ID_TIME.format(at) + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  public Ledger.Facts facts(String env, String runbook, Collection<Action> actions,
      Duration rateWindow, Duration breakerWindow, Instant now) {
    Instant rateFrom = now.minus(rateWindow);
    Instant windowFrom = now.minus(breakerWindow);
    Instant from = windowFrom.isBefore(rateFrom) ? windowFrom : rateFrom;
    Map<String, AttributeValue> b = null;
    Map<String, Instant> stored = new HashMap<>();
    List<Attempts.Attempt> attempts = new ArrayList<>();
    Set<Integer> rateSlots = new HashSet<>();
    Set<Integer> fixSlots = new HashSet<>();
    for (Map<String, AttributeValue> i : since(env, Attempts.key(ID_TIME.format(from)))) {
      String sk = str(i, "sk");
      if (sk.startsWith(Slots.PREFIX)) {
        if (num(i, TAKEN_UNTIL) > now.toEpochMilli()) {
          Slots.rateSlot(sk, runbook).ifPresent(rateSlots::add);
          Slots.fixSlot(sk).ifPresent(fixSlots::add);
        }
      } else if (BREAKER.equals(sk)) {
        b = i;
      } else if (sk.startsWith(LAST)) {
        stored.put(sk, Instant.ofEpochMilli(num(i, "at")));
      } else if (sk.startsWith(Attempts.PREFIX)) {
        attempts.add(new Attempts.Attempt(Instant.ofEpochMilli(num(i, "at")), str(i, "runbook"),
            i.containsKey("failed") && Boolean.TRUE.equals(i.get("failed").bool())));
      }
    }
    Optional<Instant> resetAt = b == null || !b.containsKey("resetAt") ? Optional.empty()
        : Optional.of(Instant.ofEpochMilli(num(b, "resetAt")));
    Attempts.Counts counts = Attempts.count(attempts, runbook, rateFrom, windowFrom, resetAt);
    boolean open = b != null && b.containsKey("open") && Boolean.TRUE.equals(b.get("open").bool());
    GuardContext.Breaker breaker = new GuardContext.Breaker(open,
        open ? str(b, "why") + ", since " + Instant.ofEpochMilli(num(b, "openedAt")) : null,
        counts.failures(), counts.attempts());
    Map<String, Instant> last = new LinkedHashMap<>();
    for (Action a : actions) {
      Instant at = stored.get(lastKey(a.kind(), a.target()));
      if (at != null) {
        last.put(GuardContext.Facts.key(a.kind(), a.target()), at);
      }
    }
    return new Ledger.Facts(breaker, last, counts.runbookAttempts(), rateSlots, fixSlots);
  }

  /** The partition's items from sort key {@code from} on: attempt markers, then the breaker and last changes. */
  private List<Map<String, AttributeValue>> since(String env, String from) {
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      QueryResponse page = client.get().query(QueryRequest.builder().tableName(table)
          .keyConditionExpression("pk = :pk AND sk >= :from")
          .expressionAttributeValues(Map.of(":pk", s(auditPk(env)), ":from", s(from)))
          .consistentRead(true).exclusiveStartKey(start).build());
      out.addAll(page.items());
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    return out;
  }

  /** The marker of an attempt (not of a rollback: it is not one), written with its audit record. */
  private TransactWriteItem marker(AuditRecord r) {
    Map<String, AttributeValue> item = new HashMap<>(keyOf(auditPk(r.environment()), Attempts.key(r.auditId())));
    item.put("at", n(r.at().toEpochMilli()));
    put(item, "runbook", r.runbook());
    item.put("expiresAt", n(r.at().plus(MARKERS_KEPT).getEpochSecond()));
    return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build();
  }

  @Override
  public boolean begin(String key, String owner, List<String> targets, String holder, Instant now,
      Duration ttl, Optional<AuditRecord> pending) {
    return open(key, owner, targets, holder, now, ttl, pending, Slots.Quota.NONE) == Opening.TAKEN;
  }

  @Override
  public Opening open(String key, String owner, List<String> targets, String holder, Instant now,
      Duration ttl, Optional<AuditRecord> pending, Slots.Quota quota) {
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(claimItem(key, owner, now, ttl))
        .conditionExpression(TAKE_OVER).expressionAttributeValues(Map.of(":now", n(now.getEpochSecond())))).build());
    for (String target : targets) {
      writes.add(TransactWriteItem.builder().put(p -> p.tableName(table)
          .item(lockItem(target, owner, holder, now, ttl)).conditionExpression(TAKE_OVER)
          .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond())))).build());
    }
    pending.ifPresent(r -> {
      writes.add(TransactWriteItem.builder().put(p -> p.tableName(table)
          .item(auditItem(r)).conditionExpression("attribute_not_exists(pk)")).build());
      if (r.isAttempt()) {
        writes.add(marker(r));
      }
    });
    return withSlots(writes, pending.filter(AuditRecord::isAttempt), quota, now);
  }

  /** TransactionConflict retries of one opening write: real DynamoDB refuses a transaction that
   *  touches an item another one is writing; the other's write then decides the slot. */
  private static final int CONFLICT_RETRIES = 3;

  /**
   * The writes, with one rate-limit slot and one fix-cap slot of the quota when the attempt counts
   * (the quota is not empty). A slot refused by its condition was taken since the facts were read:
   * the next free one is tried, at most once each; a conflict is tried again, at most {@link
   * #CONFLICT_RETRIES} times. Any other refusal (claim, lock, audit id) is REFUSED.
   */
  private Opening withSlots(List<TransactWriteItem> writes, Optional<AuditRecord> attempt,
      Slots.Quota quota, Instant now) {
    if (attempt.isEmpty() || quota.none()) {
      return transact(writes) ? Opening.TAKEN : Opening.REFUSED;
    }
    AuditRecord r = attempt.get();
    int rate = 0;
    int fix = 0;
    int conflicts = 0;
    while (true) {
      if (rate >= quota.rateOrder().size()) {
        return Opening.RATE_LIMIT_FULL;
      }
      if (fix >= quota.fixOrder().size()) {
        return Opening.FIX_CAP_FULL;
      }
      List<TransactWriteItem> all = new ArrayList<>(writes);
      int rateAt = all.size();
      all.add(slot(r, Slots.rateKey(quota.runbook(), quota.rateOrder().get(rate)), quota.rateUntil(), now));
      int fixAt = all.size();
      all.add(slot(r, Slots.fixKey(quota.fixOrder().get(fix)), quota.fixUntil(), now));
      try {
        client.get().transactWriteItems(b -> b.transactItems(all));
        return Opening.TAKEN;
      } catch (TransactionCanceledException refused) {
        List<String> codes = refused.hasCancellationReasons()
            ? refused.cancellationReasons().stream().map(c -> String.valueOf(c.code())).toList() : List.of();
        boolean rateTaken = CONDITION_FAILED.equals(code(codes, rateAt));
        boolean fixTaken = CONDITION_FAILED.equals(code(codes, fixAt));
        boolean elsewhere = codes.size() != all.size()
            || codes.subList(0, rateAt).contains(CONDITION_FAILED);
        if (elsewhere) {
          return Opening.REFUSED;
        }
        rate += rateTaken ? 1 : 0;
        fix += fixTaken ? 1 : 0;
        if (!rateTaken && !fixTaken && ++conflicts > CONFLICT_RETRIES) {
          return Opening.REFUSED;
        }
      }
    }
  }

  private static final String CONDITION_FAILED = "ConditionalCheckFailed";
  private static final String TAKEN_UNTIL = "takenUntil";

  private static String code(List<String> codes, int at) {
    return at < codes.size() ? codes.get(at) : null;
  }

  /** Takes a slot until {@code until}, if it is free (never taken, or its time is over) at {@code now}. */
  private TransactWriteItem slot(AuditRecord r, String sk, Instant until, Instant now) {
    Map<String, AttributeValue> item = new HashMap<>(keyOf(auditPk(r.environment()), sk));
    item.put(TAKEN_UNTIL, n(until.toEpochMilli()));
    item.put("auditId", s(r.auditId()));
    item.put("expiresAt", n(until.plus(Duration.ofDays(1)).getEpochSecond()));
    return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
        .conditionExpression("attribute_not_exists(pk) OR #until <= :now")
        .expressionAttributeNames(Map.of("#until", TAKEN_UNTIL))
        .expressionAttributeValues(Map.of(":now", n(now.toEpochMilli())))).build();
  }

  @Override
  public boolean end(String env, List<Applied> applied, List<String> unlock, String owner,
      Optional<String> claimKey, String outcome, Instant now, Duration idempotencyTtl) {
    List<TransactWriteItem> writes = new ArrayList<>();
    Map<String, Applied> lastPerResource = new LinkedHashMap<>();
    for (Applied a : applied) {
      Finish f = finishUpdate(env, a.auditId(), AuditRecord.APPLIED, a.detail(), null, now);
      writes.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(f.key())
          .updateExpression(f.set()).conditionExpression(f.condition())
          .expressionAttributeNames(f.names()).expressionAttributeValues(f.values())).build());
      lastPerResource.put(lastKey(a.action().kind(), a.action().target()), a);
    }
    lastPerResource.values().forEach(a -> writes.add(TransactWriteItem.builder().put(p -> p.tableName(table)
        .item(lastItem(env, a.action().kind(), a.action().target(), now, a.auditId()))).build()));
    for (String target : unlock) {
      writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table).key(keyOf("LOCK#" + target, "LOCK"))
          .conditionExpression("#owner = :me").expressionAttributeNames(Map.of("#owner", "owner"))
          .expressionAttributeValues(Map.of(":me", s(owner)))).build());
    }
    claimKey.ifPresent(k -> writes.add(TransactWriteItem.builder().update(u -> u.tableName(table)
        .key(keyOf("IDEM#" + k, "IDEM")).updateExpression(COMPLETE).conditionExpression("#owner = :me")
        .expressionAttributeNames(Map.of("#s", "status", "#owner", "owner"))
        .expressionAttributeValues(completeValues(owner, outcome, now, idempotencyTtl))).build()));
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
  public Optional<String> claimIdempotency(String key, String owner, Instant now, Duration inFlightTtl) {
    if (putIf(claimItem(key, owner, now, inFlightTtl), TAKE_OVER, now)) {
      return Optional.empty();
    }
    Map<String, AttributeValue> held = get("IDEM#" + key, "IDEM");
    if (held == null) {
      return Optional.of("transition " + key + " was claimed by another invocation a moment ago");
    }
    String at = Instant.ofEpochMilli(num(held, "at")).toString();
    return Optional.of("COMPLETED".equals(str(held, "status"))
        ? "transition " + key + COMPLETED_CLAIM + at + " (" + str(held, "outcome") + ")"
        : "transition " + key + " is being handled by another invocation since " + at);
  }

  @Override
  public void completeIdempotency(String key, String owner, String outcome, Instant now, Duration ttl) {
    try {
      client.get().updateItem(b -> b.tableName(table).key(keyOf("IDEM#" + key, "IDEM"))
          .updateExpression(COMPLETE).conditionExpression("#owner = :me")
          .expressionAttributeNames(Map.of("#s", "status", "#owner", "owner"))
          .expressionAttributeValues(completeValues(owner, outcome, now, ttl)));
    } catch (ConditionalCheckFailedException lostIt) {
      // our claim expired and another invocation took it over: its record stands
    }
  }

  @Override
  public Optional<String> lock(String target, String owner, String holder, Instant now, Duration ttl) {
    if (putIf(lockItem(target, owner, holder, now, ttl), TAKE_OVER, now)) {
      return Optional.empty();
    }
    Map<String, AttributeValue> held = get("LOCK#" + target, "LOCK");
    return Optional.of(held == null ? "another invocation (released a moment ago)"
        : "another invocation (" + str(held, "holder") + ") until "
            + Instant.ofEpochSecond(num(held, "expiresAt")));
  }

  @Override
  public void unlock(String target, String owner) {
    try {
      client.get().deleteItem(b -> b.tableName(table).key(keyOf("LOCK#" + target, "LOCK"))
          .conditionExpression("#owner = :me")
          .expressionAttributeNames(Map.of("#owner", "owner"))
          .expressionAttributeValues(Map.of(":me", s(owner))));
    } catch (ConditionalCheckFailedException notOurs) {
      // expired and taken over: the new holder keeps it
    }
  }

  @Override
  public Optional<Instant> lockExpiry(String target) {
    return Optional.ofNullable(get("LOCK#" + target, "LOCK"))
        .map(i -> Instant.ofEpochSecond(num(i, "expiresAt")));
  }

  /** An attempt's record is written with its count, in one transaction; any other with a put. */
  @Override
  public void putAudit(AuditRecord r) {
    putAttempt(r, Slots.Quota.NONE, r.at());
  }

  @Override
  public Opening putAttempt(AuditRecord r, Slots.Quota quota, Instant now) {
    if (!r.isAttempt()) {
      client.get().putItem(b -> b.tableName(table).item(auditItem(r))
          .conditionExpression("attribute_not_exists(pk)"));
      return Opening.TAKEN;
    }
    Opening o = withSlots(List.of(TransactWriteItem.builder().put(p -> p.tableName(table).item(auditItem(r))
        .conditionExpression("attribute_not_exists(pk)")).build(), marker(r)), Optional.of(r), quota, now);
    if (o == Opening.REFUSED) {
      throw ConditionalCheckFailedException.builder()
          .message("audit record " + r.auditId() + " exists already").build();
    }
    return o;
  }

  private Map<String, AttributeValue> auditItem(AuditRecord r) {
    Map<String, AttributeValue> item = new HashMap<>(keyOf(auditPk(r.environment()), r.auditId()));
    item.put("auditId", s(r.auditId()));
    item.put("at", n(r.at().toEpochMilli()));
    item.put("expiresAt", n(r.at().plus(AUDIT_KEPT).getEpochSecond()));
    put(item, "alarmKey", r.alarmKey());
    put(item, "alarmName", r.alarmName());
    put(item, "runbook", r.runbook());
    put(item, "origin", r.origin());
    put(item, "planId", r.planId());
    put(item, "rollbackOf", r.rollbackOf());
    item.put("action", s(codec.write(r.action())));
    item.put("kind", s(r.action().kind()));
    item.put("target", s(r.action().target()));
    item.put("change", s(r.action().change()));
    item.put("before", n(r.action().before()));
    item.put("after", n(r.action().after()));
    put(item, "verdict", r.verdict());
    if (!r.guards().isEmpty()) {
      item.put("guards", AttributeValue.fromL(r.guards().stream().map(DynamoDbLedger::s).toList()));
    }
    put(item, "status", r.status());
    put(item, "detail", r.detail());
    put(item, "error", r.error());
    return item;
  }

  /**
   * A FAILED attempt's marker is marked failed in the same transaction; a rollback's record has no
   * marker, so that transaction is refused by its condition and the record is finished alone.
   */
  @Override
  public void finishAudit(String env, String auditId, String status, String detail, String error,
      Instant now) {
    Finish f = finishUpdate(env, auditId, status, detail, error, now);
    if (AuditRecord.FAILED.equals(status)) {
      TransactWriteItem finish = TransactWriteItem.builder().update(u -> u.tableName(table).key(f.key())
          .updateExpression(f.set()).conditionExpression(f.condition())
          .expressionAttributeNames(f.names()).expressionAttributeValues(f.values())).build();
      TransactWriteItem failed = TransactWriteItem.builder().update(u -> u.tableName(table)
          .key(keyOf(auditPk(env), Attempts.key(auditId))).updateExpression("SET failed = :t")
          .conditionExpression("attribute_exists(pk)")
          .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true)))).build();
      if (transact(List.of(finish, failed))) {
        return;
      }
    }
    client.get().updateItem(b -> b.tableName(table).key(f.key()).updateExpression(f.set())
        .conditionExpression(f.condition()).expressionAttributeNames(f.names())
        .expressionAttributeValues(f.values()));
  }

  /** The conditional update that moves a PENDING audit record to its final status. */
  private record Finish(Map<String, AttributeValue> key, String set, String condition,
      Map<String, String> names, Map<String, AttributeValue> values) {}

  private static Finish finishUpdate(String env, String auditId, String status, String detail,
      String error, Instant now) {
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":s", s(status), ":pending",
        s(AuditRecord.PENDING), ":f", n(now.toEpochMilli())));
    StringBuilder set = new StringBuilder("SET #s = :s, finishedAt = :f");
    if (detail != null) {
      set.append(", detail = :d");
      values.put(":d", s(detail));
    }
    Map<String, String> names = new HashMap<>(Map.of("#s", "status"));
    if (error != null) {
      set.append(", #e = :e");
      values.put(":e", s(error));
      names.put("#e", "error");
    }
    return new Finish(keyOf(auditPk(env), auditId), set.toString(), "#s = :pending", names, values);
  }

  @Override
  public Optional<AuditRecord> audit(String env, String auditId) {
    return Optional.ofNullable(get(auditPk(env), auditId)).map(this::audit);
  }

  @Override
  public List<AuditRecord> recent(String env, Optional<String> target, int limit) {
    List<AuditRecord> out = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    int pages = 0;
    do {
      Map<String, AttributeValue> from = start;
      QueryResponse page = client.get().query(b -> {
        b.tableName(table).keyConditionExpression("pk = :pk AND sk < :meta").scanIndexForward(false)
            .limit(Math.max(limit, 25)).exclusiveStartKey(from);
        if (target.isPresent()) {
          b.filterExpression("target = :t").expressionAttributeValues(Map.of(":pk", s(auditPk(env)),
              ":meta", s(META), ":t", s(target.get())));
        } else {
          b.expressionAttributeValues(Map.of(":pk", s(auditPk(env)), ":meta", s(META)));
        }
      });
      page.items().forEach(i -> out.add(audit(i)));
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null && out.size() < limit && ++pages < 20);
    return out.size() > limit ? out.subList(0, limit) : out;
  }

  @Override
  public void recordApplied(String env, String kind, String target, Instant at, String auditId) {
    client.get().putItem(b -> b.tableName(table).item(lastItem(env, kind, target, at, auditId)));
  }

  private static Map<String, AttributeValue> lastItem(String env, String kind, String target,
      Instant at, String auditId) {
    return Map.of("pk", s(auditPk(env)), "sk", s(lastKey(kind, target)), "at", n(at.toEpochMilli()),
        "auditId", s(auditId), "expiresAt", n(at.plus(Duration.ofDays(30)).getEpochSecond()));
  }

  private static Map<String, AttributeValue> claimItem(String key, String owner, Instant now,
      Duration ttl) {
    Map<String, AttributeValue> item = new HashMap<>(keyOf("IDEM#" + key, "IDEM"));
    item.put("status", s("IN_PROGRESS"));
    item.put("owner", s(owner));
    item.put("at", n(now.toEpochMilli()));
    item.put("expiresAt", n(now.plus(ttl).getEpochSecond()));
    return item;
  }

  private static Map<String, AttributeValue> lockItem(String target, String owner, String holder,
      Instant now, Duration ttl) {
    Map<String, AttributeValue> item = new HashMap<>(keyOf("LOCK#" + target, "LOCK"));
    item.put("owner", s(owner));
    item.put("holder", s(holder));
    item.put("at", n(now.toEpochMilli()));
    item.put("expiresAt", n(now.plus(ttl).getEpochSecond()));
    return item;
  }

  private static Map<String, AttributeValue> completeValues(String owner, String outcome, Instant now,
      Duration ttl) {
    return Map.of(":done", s("COMPLETED"), ":o", s(outcome), ":exp", n(now.plus(ttl).getEpochSecond()),
        ":me", s(owner));
  }

  private static String auditPk(String env) {
    return "AUDIT#" + env;
  }

  private static String lastKey(String kind, String target) {
    return LAST + kind + "#" + target;
  }

  @Override
  public void openBreaker(String env, String why, Instant now) {
    client.get().updateItem(b -> b.tableName(table).key(keyOf(auditPk(env), BREAKER))
        .updateExpression("SET #open = :t, why = :w, openedAt = :n")
        .conditionExpression("attribute_not_exists(#open) OR #open = :f")
        .expressionAttributeNames(Map.of("#open", "open"))
        .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true),
            ":f", AttributeValue.fromBool(false), ":w", s(why), ":n", n(now.toEpochMilli()))));
  }

  /** Also frees the fix-cap slots: the breaker counts fixes afresh from the reset, so do they. */
  @Override
  public void resetBreaker(String env, String by, Instant now) {
    client.get().updateItem(b -> b.tableName(table).key(keyOf(auditPk(env), BREAKER))
        .updateExpression("SET #open = :f, resetAt = :n, resetBy = :by REMOVE why")
        .expressionAttributeNames(Map.of("#open", "open"))
        .expressionAttributeValues(Map.of(":f", AttributeValue.fromBool(false),
            ":n", n(now.toEpochMilli()), ":by", s(by))));
    for (Map<String, AttributeValue> slot : since(env, Slots.FIX)) {
      if (!str(slot, "sk").startsWith(Slots.FIX)) {
        break;
      }
      client.get().deleteItem(d -> d.tableName(table).key(keyOf(auditPk(env), str(slot, "sk"))));
    }
  }

  @Override
  public void putApproval(PendingApproval p) {
    Map<String, AttributeValue> item = new HashMap<>(keyOf("PLAN#" + p.environment(), p.planId()));
    item.put("createdAt", n(p.createdAt().toEpochMilli()));
    item.put("approvalExpiresAt", n(p.expiresAt().toEpochMilli()));
    item.put("expiresAt", n(p.expiresAt().plus(APPROVAL_KEPT).getEpochSecond()));
    item.put("status", s(p.status()));
    put(item, "alarmKey", p.alarmKey());
    put(item, "alarmName", p.alarmName());
    put(item, "runbook", p.runbook());
    item.put("actions", AttributeValue.fromL(p.actions().stream().map(a -> s(codec.write(a))).toList()));
    client.get().putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
  }

  @Override
  public Optional<PendingApproval> approval(String env, String planId) {
    return Optional.ofNullable(get("PLAN#" + env, planId)).map(i -> approval(env, i));
  }

  private PendingApproval approval(String env, Map<String, AttributeValue> i) {
    return new PendingApproval(str(i, "sk"), env, Instant.ofEpochMilli(num(i, "createdAt")),
        Instant.ofEpochMilli(num(i, "approvalExpiresAt")), str(i, "status"), str(i, "alarmKey"),
        str(i, "alarmName"), str(i, "runbook"),
        i.get("actions").l().stream().map(v -> codec.read(v.s())).toList(), str(i, "decidedBy"));
  }

  /** The environment's plans still PENDING (expired or not), oldest first: what the ops CLI lists. */
  public List<PendingApproval> pendingApprovals(String env) {
    List<PendingApproval> out = new ArrayList<>();
    client.get().queryPaginator(b -> b.tableName(table).keyConditionExpression("pk = :pk")
        .filterExpression("#s = :pending").expressionAttributeNames(Map.of("#s", "status"))
        .expressionAttributeValues(Map.of(":pk", s("PLAN#" + env), ":pending", s(PendingApproval.PENDING))))
        .items().forEach(i -> out.add(approval(env, i)));
    return out;
  }

  @Override
  public boolean decideApproval(String env, String planId, String from, String to, String by,
      Instant now) {
    try {
      client.get().updateItem(b -> b.tableName(table).key(keyOf("PLAN#" + env, planId))
          .updateExpression("SET #s = :to, decidedBy = :by, decidedAt = :n")
          .conditionExpression("#s = :from")
          .expressionAttributeNames(Map.of("#s", "status"))
          .expressionAttributeValues(Map.of(":to", s(to), ":by", s(by), ":n", n(now.toEpochMilli()),
              ":from", s(from))));
      return true;
    } catch (ConditionalCheckFailedException already) {
      return false;
    }
  }

  private AuditRecord audit(Map<String, AttributeValue> i) {
    return new AuditRecord(str(i, "auditId"), str(i, "pk").substring("AUDIT#".length()),
        Instant.ofEpochMilli(num(i, "at")), str(i, "alarmKey"), str(i, "alarmName"),
        str(i, "runbook"), str(i, "origin"), str(i, "planId"), str(i, "rollbackOf"),
        codec.read(str(i, "action")), str(i, "verdict"),
        i.containsKey("guards") ? i.get("guards").l().stream().map(AttributeValue::s).toList() : List.of(),
        str(i, "status"), str(i, "detail"), str(i, "error"));
  }

  private boolean putIf(Map<String, AttributeValue> item, String condition, Instant now) {
    try {
      client.get().putItem(b -> b.tableName(table).item(item).conditionExpression(condition)
          .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond()))));
      return true;
    } catch (ConditionalCheckFailedException held) {
      return false;
    }
  }

  private Map<String, AttributeValue> get(String pk, String sk) {
    Map<String, AttributeValue> item = client.get().getItem(b -> b.tableName(table)
        .key(keyOf(pk, sk)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? null : item;
  }

  private static Map<String, AttributeValue> keyOf(String pk, String sk) {
    return Map.of("pk", s(pk), "sk", s(sk));
  }

  private static void put(Map<String, AttributeValue> item, String name, String value) {
    if (value != null) {
      item.put(name, s(value));
    }
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  private static String str(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }

  private static long num(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
  }
}
