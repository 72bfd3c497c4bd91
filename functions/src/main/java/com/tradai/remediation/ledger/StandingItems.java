package com.tradai.remediation.ledger;

import static com.tradai.remediation.ledger.ItemValues.n;
import static com.tradai.remediation.ledger.ItemValues.num;
import static com.tradai.remediation.ledger.ItemValues.s;
import static com.tradai.remediation.ledger.ItemValues.str;

import com.tradai.remediation.guard.Mode;
import com.tradai.remediation.guard.Standing;
import com.tradai.remediation.guard.TrackRecord;
import com.tradai.remediation.guard.Trust;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The items of a runbook's standing, in the AUDIT partition where the guards' one facts Query reads
 * them with no extra call ({@code ~M} and {@code ~R} sort after {@code ~ATTEMPT}):
 *
 * <pre>
 * AUDIT#{env}  ~MODE#{runbook}           the run-time mode: mode, by, at, reason, previous
 * AUDIT#{env}  ~RECORD#{runbook}#{kind}  the track record: one number per verdict and UTC day,
 *                                        {tally}#{yyyyMMdd} ({@link TrackRecord#counter}), added
 *                                        to atomically; expiresAt 90 days after the last verdict
 * MODE#{env}   {auditId}                 one entry per mode change: runbook, from, to, by, reason, at
 * </pre>
 *
 * Pure: item codec and request builders; {@link DynamoDbLedger} sends them.
 */
final class StandingItems {
  static final String MODE = LedgerKeys.META + "MODE#";
  static final String RECORD = LedgerKeys.META + "RECORD#";

  private StandingItems() {}

  /** Whether a facts item belongs to the standing. */
  static boolean holds(String sk) {
    return sk.startsWith(MODE) || sk.startsWith(RECORD);
  }

  /** The standing from the facts Query's items (other items are ignored). */
  static Standing read(List<Map<String, AttributeValue>> items) {
    Map<String, Standing.ModeSetting> modes = new LinkedHashMap<>();
    Map<String, Map<String, Long>> counters = new LinkedHashMap<>();
    for (Map<String, AttributeValue> i : items) {
      String sk = str(i, "sk");
      if (sk.startsWith(MODE)) {
        Mode.parse(str(i, "mode"))
            .ifPresent(
                m ->
                    modes.put(
                        sk.substring(MODE.length()),
                        new Standing.ModeSetting(
                            m,
                            str(i, "by"),
                            Instant.ofEpochMilli(num(i, "at")),
                            str(i, "reason"),
                            str(i, "previous"))));
      } else if (sk.startsWith(RECORD)) {
        counters.put(sk.substring(RECORD.length()), counters(i));
      }
    }
    return new Standing(modes, counters);
  }

  /** The numeric attributes named like counters. */
  static Map<String, Long> counters(Map<String, AttributeValue> item) {
    Map<String, Long> out = new HashMap<>();
    item.forEach(
        (name, v) -> {
          if (v.n() != null && name.contains("#")) {
            out.put(name, Long.parseLong(v.n()));
          }
        });
    return out;
  }

  /**
   * ADD 1 to today's counter of {@code tally}, push the item's expiry 90 days on, and drop the
   * counters of the day that just left the kept window; returns the item as it is after.
   */
  static UpdateItemRequest countVerdict(
      String table, String env, String runbook, String kind, TrackRecord.Tally tally, Instant now) {
    LocalDate today = Trust.day(now);
    LocalDate gone = today.minusDays(TrackRecord.KEPT_DAYS);
    Map<String, String> names = new LinkedHashMap<>();
    names.put("#c", TrackRecord.counter(tally, today));
    StringBuilder remove = new StringBuilder();
    for (TrackRecord.Tally t : TrackRecord.Tally.values()) {
      names.put("#o" + t.ordinal(), TrackRecord.counter(t, gone));
      remove.append(remove.isEmpty() ? " REMOVE " : ", ").append("#o").append(t.ordinal());
    }
    return UpdateItemRequest.builder()
        .tableName(table)
        .key(LedgerKeys.inAudit(env, RECORD + Standing.key(runbook, kind)))
        .updateExpression("ADD #c :one SET expiresAt = :exp" + remove)
        .expressionAttributeNames(names)
        .expressionAttributeValues(
            Map.of(
                ":one",
                n(1),
                ":exp",
                n(now.plus(java.time.Duration.ofDays(TrackRecord.KEPT_DAYS)).getEpochSecond())))
        .returnValues("ALL_NEW")
        .build();
  }

  /**
   * The mode item, written only if the mode is still {@code expected} (none set: no item), and its
   * audit entry.
   */
  static List<TransactWriteItem> setMode(
      String table,
      String env,
      String runbook,
      Optional<Mode> expected,
      Standing.ModeSetting setting) {
    Map<String, AttributeValue> item = new HashMap<>(LedgerKeys.inAudit(env, MODE + runbook));
    item.put("mode", s(setting.mode().label()));
    item.put("by", s(setting.by()));
    item.put("at", n(setting.at().toEpochMilli()));
    ItemValues.put(item, "reason", setting.reason());
    ItemValues.put(item, "previous", setting.previous());
    Map<String, AttributeValue> entry =
        new HashMap<>(LedgerKeys.key("MODE#" + env, LedgerKeys.newAuditId(setting.at())));
    entry.put("runbook", s(runbook));
    entry.put("to", s(setting.mode().label()));
    ItemValues.put(entry, "from", setting.previous());
    entry.put("by", s(setting.by()));
    entry.put("at", n(setting.at().toEpochMilli()));
    ItemValues.put(entry, "reason", setting.reason());
    TransactWriteItem mode =
        TransactWriteItem.builder()
            .put(
                p -> {
                  p.tableName(table).item(item);
                  if (expected.isEmpty()) {
                    p.conditionExpression("attribute_not_exists(pk)");
                  } else {
                    p.conditionExpression("#m = :expected")
                        .expressionAttributeNames(Map.of("#m", "mode"))
                        .expressionAttributeValues(Map.of(":expected", s(expected.get().label())));
                  }
                })
            .build();
    return List.of(
        mode,
        TransactWriteItem.builder()
            .put(
                p -> p.tableName(table).item(entry).conditionExpression("attribute_not_exists(pk)"))
            .build());
  }
}
