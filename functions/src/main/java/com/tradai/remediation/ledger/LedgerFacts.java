package com.tradai.remediation.ledger;

import static com.tradai.remediation.ledger.ItemValues.isTrue;
import static com.tradai.remediation.ledger.ItemValues.num;
import static com.tradai.remediation.ledger.ItemValues.str;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.guard.GuardContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The guards' facts from the items of the one facts Query ({@link LedgerKeys}): attempt markers,
 * the breaker, the last changes, the records left PENDING and the slots taken. Pure.
 */
final class LedgerFacts {
  private LedgerFacts() {}

  /** The sort key the facts Query starts at: the first attempt marker of the widest window. */
  static String from(Instant rateFrom, Instant windowFrom) {
    Instant from = windowFrom.isBefore(rateFrom) ? windowFrom : rateFrom;
    return Attempts.key(LedgerKeys.idTime(from));
  }

  static Ledger.Facts read(
      List<Map<String, AttributeValue>> items,
      String runbook,
      Collection<Action> actions,
      Instant rateFrom,
      Instant windowFrom,
      Instant now) {
    Map<String, AttributeValue> b = null;
    Map<String, Instant> stored = new HashMap<>();
    List<Attempts.Attempt> attempts = new ArrayList<>();
    Set<Integer> rateSlots = new HashSet<>();
    Set<Integer> fixSlots = new HashSet<>();
    Set<String> targets = new HashSet<>(actions.stream().map(Action::target).toList());
    List<PendingAudits.Mark> pending = new ArrayList<>();
    for (Map<String, AttributeValue> i : items) {
      String sk = str(i, "sk");
      if (sk.startsWith(Slots.PREFIX)) {
        if (num(i, Slots.TAKEN_UNTIL) > now.toEpochMilli()) {
          Slots.rateSlot(sk, runbook).ifPresent(rateSlots::add);
          Slots.fixSlot(sk).ifPresent(fixSlots::add);
        }
      } else if (sk.startsWith(PendingAudits.PREFIX)) {
        if (targets.contains(str(i, "target"))) {
          pending.add(
              new PendingAudits.Mark(
                  sk.substring(PendingAudits.PREFIX.length()), str(i, "target")));
        }
      } else if (LedgerKeys.BREAKER.equals(sk)) {
        b = i;
      } else if (sk.startsWith(LedgerKeys.LAST)) {
        stored.put(sk, Instant.ofEpochMilli(num(i, "at")));
      } else if (sk.startsWith(Attempts.PREFIX)) {
        attempts.add(
            new Attempts.Attempt(
                Instant.ofEpochMilli(num(i, "at")), str(i, "runbook"), isTrue(i, "failed")));
      }
    }
    Optional<Instant> resetAt =
        b == null || !b.containsKey("resetAt")
            ? Optional.empty()
            : Optional.of(Instant.ofEpochMilli(num(b, "resetAt")));
    Attempts.Counts counts = Attempts.count(attempts, runbook, rateFrom, windowFrom, resetAt);
    boolean open = b != null && isTrue(b, "open");
    GuardContext.Breaker breaker =
        new GuardContext.Breaker(
            open,
            open ? str(b, "why") + ", since " + Instant.ofEpochMilli(num(b, "openedAt")) : null,
            counts.failures(),
            counts.attempts());
    Map<String, Instant> last = new LinkedHashMap<>();
    for (Action a : actions) {
      Instant at = stored.get(LedgerKeys.lastKey(a.kind(), a.target()));
      if (at != null) {
        last.put(GuardContext.Facts.key(a.kind(), a.target()), at);
      }
    }
    return new Ledger.Facts(
        breaker,
        last,
        counts.runbookAttempts(),
        rateSlots,
        fixSlots,
        pending,
        StandingItems.read(items));
  }
}
