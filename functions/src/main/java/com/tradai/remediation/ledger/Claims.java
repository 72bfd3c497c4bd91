package com.tradai.remediation.ledger;

import static com.tradai.remediation.ledger.ItemValues.n;
import static com.tradai.remediation.ledger.ItemValues.num;
import static com.tradai.remediation.ledger.ItemValues.s;
import static com.tradai.remediation.ledger.ItemValues.str;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Claims and locks as items, and what a refused one answers. A claim is a conditional write that
 * takes over an expired holder ({@link #TAKE_OVER}), because DynamoDB's TTL deletes late; only its
 * owner completes or releases it. Pure.
 */
final class Claims {
  static final String TAKE_OVER = "attribute_not_exists(pk) OR expiresAt < :now";
  static final String OWNED = "#owner = :me";
  static final String COMPLETE = "SET #s = :done, outcome = :o, expiresAt = :exp";
  static final Map<String, String> COMPLETE_NAMES = Map.of("#s", "status", "#owner", "owner");
  static final Map<String, String> OWNER_NAME = Map.of("#owner", "owner");

  private Claims() {}

  static Map<String, AttributeValue> takeOverValues(Instant now) {
    return Map.of(":now", n(now.getEpochSecond()));
  }

  static Map<String, AttributeValue> ownerValues(String owner) {
    return Map.of(":me", s(owner));
  }

  static Map<String, AttributeValue> claimItem(
      String key, String owner, Instant now, Duration ttl) {
    Map<String, AttributeValue> item = new HashMap<>(LedgerKeys.claim(key));
    item.put("status", s("IN_PROGRESS"));
    item.put("owner", s(owner));
    item.put("at", n(now.toEpochMilli()));
    item.put("expiresAt", n(now.plus(ttl).getEpochSecond()));
    return item;
  }

  static Map<String, AttributeValue> lockItem(
      String target, String owner, String holder, Instant now, Duration ttl) {
    Map<String, AttributeValue> item = new HashMap<>(LedgerKeys.lock(target));
    item.put("owner", s(owner));
    item.put("holder", s(holder));
    item.put("at", n(now.toEpochMilli()));
    item.put("expiresAt", n(now.plus(ttl).getEpochSecond()));
    return item;
  }

  static Map<String, AttributeValue> completeValues(
      String owner, String outcome, Instant now, Duration ttl) {
    return Map.of(
        ":done",
        s("COMPLETED"),
        ":o",
        s(outcome),
        ":exp",
        n(now.plus(ttl).getEpochSecond()),
        ":me",
        s(owner));
  }

  /** Why a claim was refused, from the item that holds it (null: released a moment ago). */
  static String claimHeld(String key, Map<String, AttributeValue> held) {
    if (held == null) {
      return "transition " + key + " was claimed by another invocation a moment ago";
    }
    String at = Instant.ofEpochMilli(num(held, "at")).toString();
    return "COMPLETED".equals(str(held, "status"))
        ? "transition " + key + Ledger.COMPLETED_CLAIM + at + " (" + str(held, "outcome") + ")"
        : "transition " + key + " is being handled by another invocation since " + at;
  }

  /** Who holds a lock, from its item (null: released a moment ago). */
  static String lockHeld(Map<String, AttributeValue> held) {
    return held == null
        ? "another invocation (released a moment ago)"
        : "another invocation ("
            + str(held, "holder")
            + ") until "
            + Instant.ofEpochSecond(num(held, "expiresAt"));
  }
}
