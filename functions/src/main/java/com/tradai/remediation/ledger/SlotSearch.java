package com.tradai.remediation.ledger;

import static com.tradai.remediation.ledger.ItemValues.n;
import static com.tradai.remediation.ledger.ItemValues.s;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where one attempt's search for a free rate-limit slot and fix-cap slot stands ({@link Slots}):
 * the position in each limit's order and the conflicts met so far. A slot refused by its condition
 * was taken since the facts were read: the next one is tried, at most once each; a {@code
 * TransactionConflict} (real DynamoDB refuses a transaction that touches an item another one is
 * writing; the other's write then decides the slot) is tried again, at most {@link
 * #CONFLICT_RETRIES} times. Any other refusal (claim, lock, audit id) ends the search. Pure.
 */
record SlotSearch(int rate, int fix, int conflicts) {
  static final SlotSearch START = new SlotSearch(0, 0, 0);
  static final int CONFLICT_RETRIES = 3;

  /** A slot is free when never taken, or its time is over. */
  static final String FREE = "attribute_not_exists(pk) OR #until <= :now";

  static final Map<String, String> FREE_NAMES = Map.of("#until", Slots.TAKEN_UNTIL);
  private static final String CONDITION_FAILED = "ConditionalCheckFailed";

  /** The limit whose slots were all tried, if one was. */
  Optional<Ledger.Opening> full(Slots.Quota quota) {
    if (rate >= quota.rateOrder().size()) {
      return Optional.of(Ledger.Opening.RATE_LIMIT_FULL);
    }
    if (fix >= quota.fixOrder().size()) {
      return Optional.of(Ledger.Opening.FIX_CAP_FULL);
    }
    return Optional.empty();
  }

  String rateKey(Slots.Quota quota) {
    return Slots.rateKey(quota.runbook(), quota.rateOrder().get(rate));
  }

  String fixKey(Slots.Quota quota) {
    return Slots.fixKey(quota.fixOrder().get(fix));
  }

  /**
   * The search after a refused transaction whose last two entries were the rate slot and the fix
   * slot, from its cancellation reasons' codes; empty when it was refused for another reason, or
   * conflicted once too often.
   */
  Optional<SlotSearch> after(List<String> codes, int entries) {
    int rateAt = entries - 2;
    boolean rateTaken = CONDITION_FAILED.equals(code(codes, rateAt));
    boolean fixTaken = CONDITION_FAILED.equals(code(codes, rateAt + 1));
    boolean elsewhere =
        codes.size() != entries || codes.subList(0, rateAt).contains(CONDITION_FAILED);
    if (elsewhere) {
      return Optional.empty();
    }
    int nextConflicts = conflicts + (rateTaken || fixTaken ? 0 : 1);
    if (nextConflicts > CONFLICT_RETRIES) {
      return Optional.empty();
    }
    return Optional.of(
        new SlotSearch(rate + (rateTaken ? 1 : 0), fix + (fixTaken ? 1 : 0), nextConflicts));
  }

  private static String code(List<String> codes, int at) {
    return at < codes.size() ? codes.get(at) : null;
  }

  /** A slot held for this attempt until {@code until}. */
  static Map<String, AttributeValue> slotItem(AuditRecord r, String sk, Instant until) {
    Map<String, AttributeValue> item = new HashMap<>(LedgerKeys.inAudit(r.environment(), sk));
    item.put(Slots.TAKEN_UNTIL, n(until.toEpochMilli()));
    item.put("auditId", s(r.auditId()));
    item.put("expiresAt", n(until.plus(Duration.ofDays(1)).getEpochSecond()));
    return item;
  }

  static Map<String, AttributeValue> freeValues(Instant now) {
    return Map.of(":now", n(now.toEpochMilli()));
  }
}
