package com.tradai.remediation.ledger;

import static com.tradai.remediation.ledger.ItemValues.s;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The ledger table's key schema: string keys {@code pk}/{@code sk}, TTL attribute {@code expiresAt}
 * (epoch seconds). Item kinds, by key:
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
 * AUDIT#{env}                ~PENDING#{auditId}  a record still PENDING: target (PendingAudits:
 *                                          settled by the next lock holder if its run was killed)
 * AUDIT#{env}                ~SLOT#RATE#{runbook}#{i}, ~SLOT#FIX#{i}  rate-limit and fix-cap slots:
 *                                          takenUntil, auditId (Slots: exact limits under concurrency)
 * </pre>
 *
 * The marker, breaker and last-change items sort after every audit id ({@code ~} follows the
 * digits; {@code ~A} before {@code ~B} before {@code ~L} before {@code ~P} before {@code ~S}), so
 * the guards' facts come from ONE Query ({@code sk >= ~ATTEMPT#{window start}}): the attempts in
 * the window (which the breaker and the rate limit bound), the breaker and the last changes, and no
 * audit record, however many deliveries came before. Listings stop below {@code ~}.
 */
final class LedgerKeys {
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final String AUDIT = "AUDIT#";

  /** Sort keys from here on in an AUDIT partition are not audit records. */
  static final String META = "~";

  static final String BREAKER = META + "BREAKER";
  static final String LAST = META + "LAST#";

  private LedgerKeys() {}

  /** A new audit id: a sortable UTC time and a random suffix. */
  static String newAuditId(Instant at) {
    return idTime(at) + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** An instant as audit ids start, so that a sort key can bound a window of them. */
  static String idTime(Instant at) {
    return ID_TIME.format(at);
  }

  static String auditPk(String env) {
    return AUDIT + env;
  }

  /** The environment of an AUDIT partition key. */
  static String environmentOf(String auditPk) {
    return auditPk.substring(AUDIT.length());
  }

  static String lastKey(String kind, String target) {
    return LAST + kind + "#" + target;
  }

  static String planPk(String env) {
    return "PLAN#" + env;
  }

  static Map<String, AttributeValue> claim(String key) {
    return key("IDEM#" + key, "IDEM");
  }

  static Map<String, AttributeValue> lock(String target) {
    return key("LOCK#" + target, "LOCK");
  }

  static Map<String, AttributeValue> inAudit(String env, String sk) {
    return key(auditPk(env), sk);
  }

  static Map<String, AttributeValue> plan(String env, String planId) {
    return key(planPk(env), planId);
  }

  static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of("pk", s(pk), "sk", s(sk));
  }
}
