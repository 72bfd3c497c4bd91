package com.tradai.remediation.ledger;

import static com.tradai.remediation.ledger.ItemValues.n;
import static com.tradai.remediation.ledger.ItemValues.num;
import static com.tradai.remediation.ledger.ItemValues.put;
import static com.tradai.remediation.ledger.ItemValues.s;
import static com.tradai.remediation.ledger.ItemValues.str;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The ledger's records as DynamoDB items and back: audit records, their attempt markers, the last
 * change per resource, and pending approvals. Each item carries the expiry ({@code expiresAt},
 * epoch seconds) after which DynamoDB's TTL may delete it. Pure.
 */
final class AuditCodec {
  private static final Duration AUDIT_KEPT = Duration.ofDays(90);
  private static final Duration APPROVAL_KEPT = Duration.ofDays(7);

  /** Attempt markers outlive the longest window a policy may set (24 h). */
  private static final Duration MARKERS_KEPT = Duration.ofDays(2);

  private static final Duration LAST_CHANGE_KEPT = Duration.ofDays(30);

  private final ActionCodec actions;

  AuditCodec(ActionCodec actions) {
    this.actions = actions;
  }

  Map<String, AttributeValue> auditItem(AuditRecord r) {
    Map<String, AttributeValue> item =
        new HashMap<>(LedgerKeys.inAudit(r.environment(), r.auditId()));
    item.put("auditId", s(r.auditId()));
    item.put("at", n(r.at().toEpochMilli()));
    item.put("expiresAt", n(r.at().plus(AUDIT_KEPT).getEpochSecond()));
    put(item, "alarmKey", r.alarmKey());
    put(item, "alarmName", r.alarmName());
    put(item, "runbook", r.runbook());
    put(item, "origin", r.origin());
    put(item, "planId", r.planId());
    put(item, "rollbackOf", r.rollbackOf());
    item.put("action", s(actions.write(r.action())));
    item.put("kind", s(r.action().kind()));
    item.put("target", s(r.action().target()));
    item.put("change", s(r.action().change()));
    item.put("before", n(r.action().before()));
    item.put("after", n(r.action().after()));
    put(item, "verdict", r.verdict());
    if (!r.guards().isEmpty()) {
      item.put("guards", AttributeValue.fromL(r.guards().stream().map(ItemValues::s).toList()));
    }
    put(item, "status", r.status());
    put(item, "detail", r.detail());
    put(item, "error", r.error());
    put(item, "created", r.created());
    return item;
  }

  AuditRecord audit(Map<String, AttributeValue> i) {
    return new AuditRecord(
        str(i, "auditId"),
        LedgerKeys.environmentOf(str(i, "pk")),
        Instant.ofEpochMilli(num(i, "at")),
        str(i, "alarmKey"),
        str(i, "alarmName"),
        str(i, "runbook"),
        str(i, "origin"),
        str(i, "planId"),
        str(i, "rollbackOf"),
        actions.read(str(i, "action")),
        str(i, "verdict"),
        i.containsKey("guards")
            ? i.get("guards").l().stream().map(AttributeValue::s).toList()
            : List.of(),
        str(i, "status"),
        str(i, "detail"),
        str(i, "error"),
        str(i, "created"));
  }

  /** The marker of an attempt (not of a rollback: it is not one), written with its audit record. */
  static Map<String, AttributeValue> markerItem(AuditRecord r) {
    Map<String, AttributeValue> item =
        new HashMap<>(LedgerKeys.inAudit(r.environment(), Attempts.key(r.auditId())));
    item.put("at", n(r.at().toEpochMilli()));
    put(item, "runbook", r.runbook());
    item.put("expiresAt", n(r.at().plus(MARKERS_KEPT).getEpochSecond()));
    return item;
  }

  static Map<String, AttributeValue> lastItem(
      String env, String kind, String target, Instant at, String auditId) {
    return Map.of(
        "pk",
        s(LedgerKeys.auditPk(env)),
        "sk",
        s(LedgerKeys.lastKey(kind, target)),
        "at",
        n(at.toEpochMilli()),
        "auditId",
        s(auditId),
        "expiresAt",
        n(at.plus(LAST_CHANGE_KEPT).getEpochSecond()));
  }

  Map<String, AttributeValue> approvalItem(PendingApproval p) {
    Map<String, AttributeValue> item = new HashMap<>(LedgerKeys.plan(p.environment(), p.planId()));
    item.put("createdAt", n(p.createdAt().toEpochMilli()));
    item.put("approvalExpiresAt", n(p.expiresAt().toEpochMilli()));
    item.put("expiresAt", n(p.expiresAt().plus(APPROVAL_KEPT).getEpochSecond()));
    item.put("status", s(p.status()));
    put(item, "alarmKey", p.alarmKey());
    put(item, "alarmName", p.alarmName());
    put(item, "runbook", p.runbook());
    item.put(
        "actions",
        AttributeValue.fromL(p.actions().stream().map(a -> s(actions.write(a))).toList()));
    return item;
  }

  PendingApproval approval(String env, Map<String, AttributeValue> i) {
    return new PendingApproval(
        str(i, "sk"),
        env,
        Instant.ofEpochMilli(num(i, "createdAt")),
        Instant.ofEpochMilli(num(i, "approvalExpiresAt")),
        str(i, "status"),
        str(i, "alarmKey"),
        str(i, "alarmName"),
        str(i, "runbook"),
        i.get("actions").l().stream().map(v -> actions.read(v.s())).toList(),
        str(i, "decidedBy"));
  }
}
