package com.tradai.remediation.guard;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Facts about the world that guards need and cannot compute: who we are, when it is, who asks, and
 * what the ledger says. The shell reads the ledger (and takes the idempotency claim and the locks)
 * before the guards run, so the guards themselves stay pure.
 *
 * @param runbook the runbook (or command) whose plan this is; the rate limit counts per runbook
 */
public record GuardContext(
    String project, String environment, Instant now, Origin origin, String runbook, Facts facts) {

  /** A quiet world for the pure tests: an alarm, no history, switch off, claims granted. */
  public GuardContext(String project, String environment, Instant now) {
    this(project, environment, now, Origin.ALARM, "test", Facts.quiet());
  }

  /** Who asked for the change. */
  public enum Origin {
    /** An alarm transition (or a manual diagnose with apply): every guard applies. */
    ALARM,
    /**
     * An operator approved a pending plan: the approval guard is satisfied, the rest re-checked.
     */
    APPROVED,
    /**
     * An operator rolls an action back to its {@code before}: it may lower a value, and cooldown,
     * rate limit, circuit breaker and approval do not hold it back (the operator is the approval).
     */
    ROLLBACK
  }

  /**
   * What the ledger said when this run started.
   *
   * @param killSwitch present when the kill switch is engaged: what it says
   * @param breaker the circuit breaker's state and its counts since the last reset
   * @param lastApplied when each {@code kind#target} was last changed, for cooldowns
   * @param runbookActions this runbook's attempted fixes in the rate-limit window
   * @param claims the idempotency claim and the resource locks the shell took for this run
   * @param standing the run-time modes and the track records ({@link Trust})
   */
  public record Facts(
      Optional<String> killSwitch,
      Breaker breaker,
      Map<String, Instant> lastApplied,
      int runbookActions,
      Claims claims,
      Standing standing) {

    public Facts {
      lastApplied = Map.copyOf(lastApplied);
    }

    /** Facts without run-time modes or track records. */
    public Facts(
        Optional<String> killSwitch,
        Breaker breaker,
        Map<String, Instant> lastApplied,
        int runbookActions,
        Claims claims) {
      this(killSwitch, breaker, lastApplied, runbookActions, claims, Standing.NONE);
    }

    public static Facts quiet() {
      return new Facts(Optional.empty(), Breaker.CLOSED, Map.of(), 0, Claims.granted());
    }

    public Facts withClaims(Claims c) {
      return new Facts(killSwitch, breaker, lastApplied, runbookActions, c, standing);
    }

    public Facts withStanding(Standing s) {
      return new Facts(killSwitch, breaker, lastApplied, runbookActions, claims, s);
    }

    public static String key(String kind, String target) {
      return kind + "#" + target;
    }
  }

  /**
   * @param open an operator must reset it before any alarm acts again
   * @param why what tripped it (when open)
   * @param failures failed fixes in the breaker's window since the last reset
   * @param actions attempted fixes in the breaker's window since the last reset
   */
  public record Breaker(boolean open, String why, int failures, int actions) {
    public static final Breaker CLOSED = new Breaker(false, null, 0, 0);
  }

  /**
   * @param taken whether the shell took the idempotency claim and locks at all
   * @param notTakenWhy why not (dry-run, no ledger, kill switch, ...)
   * @param duplicate present when this transition was already handled or is in hand elsewhere
   * @param lockedElsewhere target → who holds its lock and until when
   */
  public record Claims(
      boolean taken,
      String notTakenWhy,
      Optional<String> duplicate,
      Map<String, String> lockedElsewhere) {

    public Claims {
      lockedElsewhere = Map.copyOf(lockedElsewhere);
    }

    public static Claims granted() {
      return new Claims(true, null, Optional.empty(), Map.of());
    }

    public static Claims notTaken(String why) {
      return new Claims(false, why, Optional.empty(), Map.of());
    }

    public static Claims duplicateOf(String what) {
      return new Claims(true, null, Optional.of(what), Map.of());
    }
  }
}
