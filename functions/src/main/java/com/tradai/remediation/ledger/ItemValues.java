package com.tradai.remediation.ledger;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB attribute values as the ledger's items hold them: strings, epoch numbers, booleans. */
final class ItemValues {
  private ItemValues() {}

  static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  /** Sets the attribute only when there is a value: DynamoDB stores no null string. */
  static void put(Map<String, AttributeValue> item, String name, String value) {
    if (value != null) {
      item.put(name, s(value));
    }
  }

  static String str(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }

  /** 0 when the attribute is missing, as for an item written before it existed. */
  static long num(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
  }

  static boolean isTrue(Map<String, AttributeValue> item, String name) {
    return item.containsKey(name) && Boolean.TRUE.equals(item.get(name).bool());
  }
}
