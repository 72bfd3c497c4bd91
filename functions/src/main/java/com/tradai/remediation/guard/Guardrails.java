package com.tradai.remediation.guard;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.guard.GuardContext.Origin;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Pure: turns a plan into decisions by running every action through the guards in order. The first
 * guard that stops an action decides its verdict; every guard that spoke leaves a note.
 */
public final class Guardrails {
  /** Kinds whose values sit on a fixed ladder: a value between rungs would be invalid. */
  static final Set<String> LADDERS =
      Set.of("ecs-task-memory", "lambda-memory", "rds-instance-class");

  /**
   * Kinds whose targets the on-call runbook names {project}-{env}[-thing] (the RDS instance
   * tradai-{env}, the table tradai-{env}-workflow-state) rather than {project}-{thing}-{env}.
   */
  static final Set<String> ENV_FIRST = Set.of("rds-instance-class", "dynamodb-capacity");

  private final List<Guard> guards;

  public Guardrails(List<Guard> guards) {
    this.guards = List.copyOf(guards);
  }

  /**
   * allow-list → no scale-down → cap → kill switch → circuit breaker → idempotency → lock →
   * cooldown → rate limit → approval → dry-run → shadow.
   */
  public static Guardrails standard() {
    return new Guardrails(
        List.of(
            Guardrails::allowList,
            Guardrails::noScaleDown,
            Guardrails::cap,
            Guardrails::killSwitch,
            Guardrails::breaker,
            Guardrails::idempotency,
            Guardrails::lock,
            Guardrails::cooldown,
            Guardrails::rateLimit,
            Guardrails::approval,
            Guardrails::dryRun,
            Trust::shadow));
  }

  public List<Decision> review(Plan plan, Policy policy, GuardContext context) {
    return plan.actions().stream().map(a -> review(a, policy, context)).toList();
  }

  Decision review(Action proposed, Policy policy, GuardContext context) {
    if (proposed instanceof Action.NotifyOnly) {
      return new Decision(
          proposed,
          proposed,
          Verdict.ADVICE,
          List.of(GuardNote.said("advice", "nothing to apply")));
    }
    List<GuardNote> notes = new ArrayList<>();
    Action current = proposed;
    for (Guard guard : guards) {
      Guard.Check check = guard.check(current, policy, context);
      if (check.note() != null) { // a guard with nothing to say (shadow when the runbook acts)
        notes.add(check.note());
      }
      current = check.action();
      if (check.stops()) {
        return new Decision(proposed, current, check.stop(), notes);
      }
    }
    return new Decision(proposed, current, Verdict.ALLOWED, notes);
  }

  /** Only this environment's resources, named {project}-{thing}-{env}; never empty or wildcard. */
  static Guard.Check allowList(Action a, Policy policy, GuardContext c) {
    String target = a.target();
    boolean ok =
        target != null
            && !target.isBlank()
            && !target.contains("*")
            && (Pattern.compile(
                        "^"
                            + Pattern.quote(c.project())
                            + "-[a-z0-9-]+-"
                            + Pattern.quote(c.environment())
                            + "$")
                    .matcher(target)
                    .matches()
                || ENV_FIRST.contains(a.kind())
                    && Pattern.compile(
                            "^"
                                + Pattern.quote(c.project())
                                + "-"
                                + Pattern.quote(c.environment())
                                + "(-[a-z0-9-]+)?$")
                        .matcher(target)
                        .matches());
    return ok
        ? Guard.Check.pass(
            a, GuardNote.said("allow-list", target + " belongs to " + c.environment()))
        : Guard.Check.stop(
            a,
            Verdict.BLOCKED,
            GuardNote.said(
                "allow-list",
                "target '"
                    + target
                    + "' is not a "
                    + c.project()
                    + "-…-"
                    + c.environment()
                    + " resource"));
  }

  /** An alarm never lowers a value; an operator's rollback restores {@code before}, up or down. */
  static Guard.Check noScaleDown(Action a, Policy policy, GuardContext c) {
    if (c.origin() == Origin.ROLLBACK) {
      return Guard.Check.pass(
          a,
          GuardNote.said(
              "no scale-down",
              "an operator's rollback may restore a lower value (" + a.change() + ")"));
    }
    return a.after() < a.before()
        ? Guard.Check.stop(
            a,
            Verdict.BLOCKED,
            GuardNote.said("no scale-down", "an alarm never lowers " + a.change()))
        : Guard.Check.pass(a, GuardNote.said("no scale-down", a.change() + " only raises"));
  }

  static Guard.Check cap(Action a, Policy policy, GuardContext c) {
    long cap = policy.limit(a.kind()).max();
    if (c.origin() == Origin.ROLLBACK) {
      return a.after() <= cap
          ? Guard.Check.pass(
              a,
              GuardNote.said(
                  "cap",
                  "rollback to "
                      + capText(a, policy, a.after())
                      + " is within the cap "
                      + capText(a, policy, cap)))
          : Guard.Check.stop(
              a,
              Verdict.BLOCKED,
              GuardNote.said(
                  "cap",
                  "rollback to "
                      + capText(a, policy, a.after())
                      + " exceeds today's cap "
                      + capText(a, policy, cap)));
    }
    if (a.after() > cap && LADDERS.contains(a.kind())) {
      return Guard.Check.stop(
          a,
          Verdict.BLOCKED,
          GuardNote.said("cap", a.change() + " exceeds the cap " + capText(a, policy, cap)));
    }
    Action effective = a.after() > cap ? a.withAfter(cap) : a;
    if (effective.after() <= effective.before()) {
      return Guard.Check.stop(
          effective,
          Verdict.BLOCKED,
          GuardNote.said(
              "cap",
              "already at "
                  + capText(a, policy, a.before())
                  + ", the cap is "
                  + capText(a, policy, cap)
                  + "; nothing to raise"));
    }
    return a.after() > cap
        ? Guard.Check.pass(
            effective, GuardNote.said("cap", a.after() + " exceeds the cap " + cap + ", clamped"))
        : Guard.Check.pass(
            a,
            GuardNote.said(
                "cap",
                capText(a, policy, a.after()) + " is within the cap " + capText(a, policy, cap)));
  }

  /** The kill switch stops every change, a rollback included: with it on, nothing changes. */
  static Guard.Check killSwitch(Action a, Policy policy, GuardContext c) {
    return c.facts()
        .killSwitch()
        .map(
            why ->
                Guard.Check.stop(
                    a,
                    Verdict.BLOCKED,
                    GuardNote.said(
                        "kill switch",
                        "engaged (" + why + "); nothing is changed until it is turned off")))
        .orElseGet(() -> Guard.Check.pass(a, GuardNote.said("kill switch", "off")));
  }

  /** Why the breaker is (or now becomes) open, if it is. Pure; the shell persists a trip. */
  public static Optional<String> breakerOpen(Policy policy, GuardContext.Breaker b) {
    Policy.Breaker limit = policy.guards().breaker();
    long minutes = limit.window().toMinutes();
    if (b.open()) {
      return Optional.of(b.why());
    }
    if (b.failures() >= limit.maxFailures()) {
      return Optional.of(
          b.failures() + " failed fixes in " + minutes + " min (max " + limit.maxFailures() + ")");
    }
    if (b.actions() >= limit.maxActions()) {
      return Optional.of(
          b.actions() + " fixes in " + minutes + " min (max " + limit.maxActions() + ")");
    }
    return Optional.empty();
  }

  static Guard.Check breaker(Action a, Policy policy, GuardContext c) {
    Optional<String> open = breakerOpen(policy, c.facts().breaker());
    if (open.isEmpty()) {
      return Guard.Check.pass(
          a,
          GuardNote.said(
              "circuit breaker",
              "closed ("
                  + c.facts().breaker().failures()
                  + " failures, "
                  + c.facts().breaker().actions()
                  + " fixes in the window)"));
    }
    return c.origin() == Origin.ROLLBACK
        ? Guard.Check.pass(a, GuardNote.breakerOpen(open.get(), ", but a rollback may act"))
        : Guard.Check.stop(
            a,
            Verdict.BLOCKED,
            GuardNote.breakerOpen(
                open.get(),
                "; no fix runs in " + c.environment() + " until an operator resets it"));
  }

  static Guard.Check idempotency(Action a, Policy policy, GuardContext c) {
    GuardContext.Claims claims = c.facts().claims();
    if (!claims.taken()) {
      return notClaimed(a, policy, c, "idempotency", claims);
    }
    return claims
        .duplicate()
        .map(
            d ->
                Guard.Check.stop(
                    a, Verdict.BLOCKED, GuardNote.said("idempotency", "duplicate; " + d)))
        .orElseGet(() -> Guard.Check.pass(a, GuardNote.said("idempotency", "first delivery")));
  }

  static Guard.Check lock(Action a, Policy policy, GuardContext c) {
    GuardContext.Claims claims = c.facts().claims();
    if (!claims.taken()) {
      return notClaimed(a, policy, c, "lock", claims);
    }
    String holder = claims.lockedElsewhere().get(a.target());
    return holder == null
        ? Guard.Check.pass(a, GuardNote.said("lock", "held on " + a.target() + " by this run"))
        : Guard.Check.stop(
            a, Verdict.BLOCKED, GuardNote.said("lock", a.target() + " is locked by " + holder));
  }

  /** Without claims only a dry-run may go on: acting without lock and idempotency is refused. */
  private static Guard.Check notClaimed(
      Action a, Policy policy, GuardContext c, String guard, GuardContext.Claims claims) {
    if (Trust.shadows(policy, c)) {
      return Guard.Check.pass(a, GuardNote.notClaimed(guard, Trust.SHADOW, ""));
    }
    return policy.dryRun()
        ? Guard.Check.pass(a, GuardNote.notClaimed(guard, "dry-run", ""))
        : Guard.Check.stop(
            a,
            Verdict.BLOCKED,
            GuardNote.notClaimed(guard, claims.notTakenWhy(), "; nothing is applied without it"));
  }

  static Guard.Check cooldown(Action a, Policy policy, GuardContext c) {
    Duration cooldown = policy.guards().cooldown(a.kind());
    Instant last = c.facts().lastApplied().get(GuardContext.Facts.key(a.kind(), a.target()));
    if (c.origin() == Origin.ROLLBACK) {
      return Guard.Check.pass(a, GuardNote.said("cooldown", "a rollback is not held back"));
    }
    if (last != null && c.now().isBefore(last.plus(cooldown))) {
      return Guard.Check.stop(
          a,
          Verdict.BLOCKED,
          GuardNote.said(
              "cooldown",
              a.kind()
                  + " on "
                  + a.target()
                  + " last changed at "
                  + last
                  + "; the next is allowed from "
                  + last.plus(cooldown)));
    }
    return Guard.Check.pass(
        a,
        GuardNote.said(
            "cooldown",
            (last == null
                    ? "no earlier " + a.kind() + " on " + a.target()
                    : "last " + a.kind() + " at " + last)
                + " (cooldown "
                + cooldown.toMinutes()
                + " min)"));
  }

  static Guard.Check rateLimit(Action a, Policy policy, GuardContext c) {
    Policy.Window limit = policy.guards().rateLimit();
    String counted =
        c.runbook()
            + " acted "
            + c.facts().runbookActions()
            + " times in "
            + c.environment()
            + " in the last "
            + limit.window().toMinutes()
            + " min (max "
            + limit.max()
            + ")";
    if (c.origin() == Origin.ROLLBACK) {
      return Guard.Check.pass(
          a, GuardNote.said("rate limit", "a rollback is not counted against it"));
    }
    return c.facts().runbookActions() >= limit.max()
        ? Guard.Check.stop(a, Verdict.BLOCKED, GuardNote.said("rate limit", counted))
        : Guard.Check.pass(a, GuardNote.said("rate limit", counted));
  }

  /** Whether the policy makes this action wait for a person, and why. Pure. */
  static Optional<String> approvalNeeded(Action a, Policy policy) {
    Policy.Approval rules = policy.guards().approval();
    if (rules.always().contains(a.kind())) {
      return Optional.of(
          a.kind() + " always needs an operator's approval in " + policy.environment());
    }
    Long above = rules.stepAbove().get(a.kind());
    long step = a.after() - a.before();
    return above != null && step > above
        ? Optional.of("a " + a.kind() + " step of " + step + " is above " + above)
        : Optional.empty();
  }

  static Guard.Check approval(Action a, Policy policy, GuardContext c) {
    Optional<String> needed =
        approvalNeeded(a, policy).or(() -> Trust.approvalNeeded(a, policy, c));
    if (needed.isEmpty()) {
      return Guard.Check.pass(a, GuardNote.said("approval", "not needed"));
    }
    return switch (c.origin()) {
      case APPROVED ->
          Guard.Check.pass(
              a, GuardNote.said("approval", "granted by an operator (" + needed.get() + ")"));
      case ROLLBACK ->
          Guard.Check.pass(
              a, GuardNote.said("approval", "the operator's rollback is the approval"));
      case ALARM ->
          policy.dryRun() || Trust.shadows(policy, c)
              ? Guard.Check.pass(
                  a, GuardNote.said("approval", "would be needed (" + needed.get() + ")"))
              : Guard.Check.stop(a, Verdict.NEEDS_APPROVAL, GuardNote.approvalNeeded(needed.get()));
    };
  }

  static Guard.Check dryRun(Action a, Policy policy, GuardContext c) {
    return policy.dryRun()
        ? Guard.Check.stop(
            a, Verdict.DRY_RUN, GuardNote.said("dry-run", "would apply " + a.change()))
        : Guard.Check.pass(a, GuardNote.said("dry-run", "off"));
  }

  /** RDS ranks read better as class names. */
  private static String capText(Action a, Policy policy, long value) {
    if (a instanceof Action.ChangeRdsInstanceClass
        && value >= 0
        && value < policy.rdsClassLadder().size()) {
      return policy.rdsClassLadder().get((int) value);
    }
    return String.valueOf(value);
  }
}
