package com.tradai.remediation.ledger;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.guard.GuardContext.Claims;
import com.tradai.remediation.guard.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The claim and locks one guarded run took in the ledger before its guards decide; the verifier's
 * once-per-message claims are {@code verify/OncePerMessage}.
 *
 * <p>What the shell holds for a run: the claims the guards see, the locks to release, whether the
 * idempotency claim is ours to complete, and whether the ledger failed while taking them.
 */
record RunClaims(Claims claims, List<String> locked, boolean claimed, boolean failed) {
  static RunClaims none(Claims why) {
    return new RunClaims(why, List.of(), false, false);
  }

  /** The resources a run locks: each target once, in the plan's order. */
  static List<String> targets(List<Action> actionable) {
    return List.copyOf(new LinkedHashSet<>(actionable.stream().map(Action::target).toList()));
  }

  /**
   * Claims the transition, then locks every target, one call each (so a refusal says which); only
   * when something may really be applied.
   */
  static RunClaims oneByOne(
      Optional<Ledger> ledger,
      String key,
      String alarmName,
      Policy policy,
      List<Action> actionable,
      boolean killed,
      String owner,
      Instant now) {
    if (ledger.isEmpty()) {
      return none(Claims.notTaken("no ledger: LEDGER_TABLE is not set"));
    }
    if (actionable.isEmpty() || policy.dryRun()) {
      return none(Claims.notTaken(policy.dryRun() ? "dry-run" : "nothing to apply"));
    }
    if (killed) {
      return none(Claims.notTaken("kill switch engaged"));
    }
    Ledger l = ledger.get();
    Duration ttl = policy.guards().lockTtl();
    List<String> locked = new ArrayList<>();
    try {
      Optional<String> duplicate = l.claimIdempotency(key, owner, now, ttl);
      if (duplicate.isPresent()) {
        return none(Claims.duplicateOf(LogSafe.clean(duplicate.get())));
      }
      Map<String, String> elsewhere = new LinkedHashMap<>();
      for (String target : targets(actionable)) {
        l.lock(target, owner, LogSafe.clean(alarmName), now, ttl)
            .ifPresentOrElse(
                held -> elsewhere.put(target, LogSafe.clean(held)), () -> locked.add(target));
      }
      return new RunClaims(
          new Claims(true, null, Optional.empty(), elsewhere), locked, true, false);
    } catch (RuntimeException e) {
      // the claim, if written, expires with the lock TTL so a redelivery can try again
      locked.forEach(t -> LedgerRelease.unlockQuietly(l, t, owner));
      return new RunClaims(Claims.notTaken(GuardedExecutor.unavailable(e)), List.of(), false, true);
    }
  }
}
