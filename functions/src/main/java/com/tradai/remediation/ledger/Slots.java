package com.tradai.remediation.ledger;

import com.tradai.remediation.guard.GuardContext;
import com.tradai.remediation.guard.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What makes the rate limit and the breaker's fix cap exact under concurrency. A limit of N per
 * window is N slot items ({@code ~SLOT#RATE#{runbook}#{i}} per runbook, {@code ~SLOT#FIX#{i}} per
 * environment for {@code maxActions}), each holding the time until which it is taken. An attempt
 * takes one slot of each with a condition ({@code attribute_not_exists OR takenUntil <= :now}) in
 * the transaction that writes its PENDING record, so two instances cannot both take the last one.
 * One item per slot, not a counter: concurrent attempts that take different slots touch no common
 * item, so DynamoDB does not refuse one for the other ({@code TransactionConflict}); contenders
 * start at different free slots (rotated by a per-run seed) and move on to the next free one when a
 * condition says theirs was just taken. Pure: keys, the order to try, and what a full quota means.
 */
public final class Slots {
  /**
   * Sort-key prefix of the slots: after {@code ~LAST#}, so the guards' facts Query reads them too.
   */
  public static final String PREFIX = "~SLOT#";

  static final String RATE = PREFIX + "RATE#";
  static final String FIX = PREFIX + "FIX#";

  /** A slot's attribute: until when (epoch millis) it is taken. */
  static final String TAKEN_UNTIL = "takenUntil";

  private Slots() {}

  /**
   * The slots one attempt tries, in order, and until when it holds them. An empty quota takes no
   * slot (a rollback, which neither limit counts).
   */
  public record Quota(
      String runbook,
      List<Integer> rateOrder,
      Instant rateUntil,
      List<Integer> fixOrder,
      Instant fixUntil) {
    public static final Quota NONE = new Quota(null, List.of(), null, List.of(), null);

    public Quota {
      rateOrder = List.copyOf(rateOrder);
      fixOrder = List.copyOf(fixOrder);
    }

    public boolean none() {
      return runbook == null;
    }
  }

  /** Which limit an attempt found with every slot taken. */
  public enum Full {
    RATE_LIMIT,
    FIX_CAP
  }

  /**
   * The quota of an attempt of {@code runbook} at {@code now}, from the slots the facts saw taken.
   */
  public static Quota quota(
      Policy policy,
      String runbook,
      Set<Integer> rateTaken,
      Set<Integer> fixTaken,
      Instant now,
      String seed) {
    Policy.Guards g = policy.guards();
    return new Quota(
        runbook,
        order(g.rateLimit().max(), rateTaken, seed),
        now.plus(g.rateLimit().window()),
        order(g.breaker().maxActions(), fixTaken, seed),
        now.plus(g.breaker().window()));
  }

  /**
   * The free slots of {@code [0, max)}, rotated to start at a place that depends on the seed, so
   * that K contenders that read the same free slots do not all try the first one.
   */
  static List<Integer> order(int max, Set<Integer> taken, String seed) {
    List<Integer> free = new ArrayList<>();
    for (int i = 0; i < max; i++) {
      if (!taken.contains(i)) {
        free.add(i);
      }
    }
    if (free.isEmpty()) {
      return free;
    }
    int start = Math.floorMod(seed.hashCode(), free.size());
    List<Integer> out = new ArrayList<>(free.subList(start, free.size()));
    out.addAll(free.subList(0, start));
    return out;
  }

  static String rateKey(String runbook, int slot) {
    return RATE + runbook + "#" + slot;
  }

  static String fixKey(int slot) {
    return FIX + slot;
  }

  /** The slot a sort key names, if it is one of this runbook's rate slots. */
  static Optional<Integer> rateSlot(String sk, String runbook) {
    String prefix = RATE + runbook + "#";
    return sk.startsWith(prefix) ? index(sk.substring(prefix.length())) : Optional.empty();
  }

  /** The slot a sort key names, if it is a fix-cap slot. */
  static Optional<Integer> fixSlot(String sk) {
    return sk.startsWith(FIX) ? index(sk.substring(FIX.length())) : Optional.empty();
  }

  private static Optional<Integer> index(String digits) {
    return digits.matches("\\d{1,6}") ? Optional.of(Integer.valueOf(digits)) : Optional.empty();
  }

  /**
   * The facts as a full quota shows them: every slot taken means the limit's count is reached, so
   * the guards (rate limit, circuit breaker) decide and say so as they do for a count they read.
   */
  public static GuardContext.Facts reached(GuardContext.Facts f, Full full, Policy policy) {
    Policy.Guards g = policy.guards();
    return switch (full) {
      case RATE_LIMIT ->
          new GuardContext.Facts(
              f.killSwitch(),
              f.breaker(),
              f.lastApplied(),
              Math.max(f.runbookActions(), g.rateLimit().max()),
              f.claims(),
              f.standing());
      case FIX_CAP ->
          new GuardContext.Facts(
              f.killSwitch(),
              new GuardContext.Breaker(
                  f.breaker().open(),
                  f.breaker().why(),
                  f.breaker().failures(),
                  Math.max(f.breaker().actions(), g.breaker().maxActions())),
              f.lastApplied(),
              f.runbookActions(),
              f.claims(),
              f.standing());
    };
  }
}
