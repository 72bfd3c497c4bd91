package com.tradai.remediation.guard;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Pure: turns a plan into decisions by running every action through the guards in order. The first
 * guard that stops an action decides its verdict; every guard that spoke leaves a note.
 */
public final class Guardrails {
  /** Kinds whose values sit on a fixed ladder: a value between rungs would be invalid. */
  static final Set<String> LADDERS = Set.of("ecs-task-memory", "lambda-memory", "rds-instance-class");

  private final List<Guard> guards;

  public Guardrails(List<Guard> guards) {
    this.guards = List.copyOf(guards);
  }

  /** allow-list → no scale-down → cap → dry-run. */
  public static Guardrails standard() {
    return new Guardrails(List.of(Guardrails::allowList, Guardrails::noScaleDown, Guardrails::cap,
        Guardrails::dryRun));
  }

  /**
   * For rolling a fix back (restoring {@code before}): allow-list → dry-run. No scale-down and the
   * cap are left out on purpose: a rollback lowers by design, back to a value that was live before.
   */
  public static Guardrails forRollback() {
    return new Guardrails(List.of(Guardrails::allowList, Guardrails::dryRun));
  }

  public List<Decision> review(Plan plan, Policy policy, GuardContext context) {
    return plan.actions().stream().map(a -> review(a, policy, context)).toList();
  }

  Decision review(Action proposed, Policy policy, GuardContext context) {
    if (proposed instanceof Action.NotifyOnly) {
      return new Decision(proposed, proposed, Verdict.ADVICE, List.of("advice: nothing to apply"));
    }
    List<String> notes = new ArrayList<>();
    Action current = proposed;
    for (Guard guard : guards) {
      Guard.Check check = guard.check(current, policy, context);
      notes.add(check.note());
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
    boolean ok = target != null && !target.isBlank() && !target.contains("*")
        && Pattern.compile("^" + Pattern.quote(c.project()) + "-[a-z0-9-]+-"
            + Pattern.quote(c.environment()) + "$").matcher(target).matches();
    return ok
        ? Guard.Check.pass(a, "allow-list: " + target + " belongs to " + c.environment())
        : Guard.Check.stop(a, Verdict.BLOCKED, "allow-list: target '" + target + "' is not a "
            + c.project() + "-…-" + c.environment() + " resource");
  }

  static Guard.Check noScaleDown(Action a, Policy policy, GuardContext c) {
    return a.after() < a.before()
        ? Guard.Check.stop(a, Verdict.BLOCKED, "no scale-down: an alarm never lowers " + a.change())
        : Guard.Check.pass(a, "no scale-down: " + a.change() + " only raises");
  }

  static Guard.Check cap(Action a, Policy policy, GuardContext c) {
    long cap = policy.limit(a.kind()).max();
    if (a.after() > cap && LADDERS.contains(a.kind())) {
      return Guard.Check.stop(a, Verdict.BLOCKED, "cap: " + a.change() + " exceeds the cap "
          + capText(a, policy, cap));
    }
    Action effective = a.after() > cap ? a.withAfter(cap) : a;
    if (effective.after() <= effective.before()) {
      return Guard.Check.stop(effective, Verdict.BLOCKED, "cap: already at "
          + capText(a, policy, a.before()) + ", the cap is " + capText(a, policy, cap)
          + "; nothing to raise");
    }
    return a.after() > cap
        ? Guard.Check.pass(effective, "cap: " + a.after() + " exceeds the cap " + cap + ", clamped")
        : Guard.Check.pass(a, "cap: " + capText(a, policy, a.after()) + " is within the cap "
            + capText(a, policy, cap));
  }

  static Guard.Check dryRun(Action a, Policy policy, GuardContext c) {
    return policy.dryRun()
        ? Guard.Check.stop(a, Verdict.DRY_RUN, "dry-run: would apply " + a.change())
        : Guard.Check.pass(a, "dry-run: off");
  }

  /** RDS ranks read better as class names. */
  private static String capText(Action a, Policy policy, long value) {
    if (a instanceof Action.ChangeRdsInstanceClass && value >= 0
        && value < policy.rdsClassLadder().size()) {
      return policy.rdsClassLadder().get((int) value);
    }
    return String.valueOf(value);
  }
}
