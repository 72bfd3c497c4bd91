package com.tradai.remediation.guard;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Pure: turns a plan into decisions. Every guard that spoke leaves a note. */
public final class Guardrails {
  private final String project;

  public Guardrails(String project) {
    this.project = project;
  }

  public List<Decision> review(Plan plan, Policy policy) {
    return plan.actions().stream().map(a -> review(a, policy)).toList();
  }

  Decision review(Action proposed, Policy policy) {
    List<String> notes = new ArrayList<>();
    if (proposed instanceof Action.NotifyOnly) {
      notes.add("advice: nothing to apply");
      return new Decision(proposed, proposed, Verdict.ADVICE, notes);
    }
    String target = proposed.target();
    if (!allowedTarget(target, policy.environment())) {
      notes.add("allow-list: target '" + target + "' is not a " + project + "-…-"
          + policy.environment() + " resource");
      return new Decision(proposed, proposed, Verdict.BLOCKED, notes);
    }
    notes.add("allow-list: " + target + " belongs to " + policy.environment());
    if (proposed.after() < proposed.before()) {
      notes.add("no scale-down: an alarm never lowers " + proposed.change());
      return new Decision(proposed, proposed, Verdict.BLOCKED, notes);
    }
    long cap = capFor(proposed, policy);
    Action effective = proposed;
    if (proposed.after() > cap && !(proposed instanceof Action.ScaleEcsService)) {
      // Memory sizes come from a fixed ladder; clamping could land between valid sizes.
      notes.add("cap: " + proposed.change() + " exceeds the cap " + cap);
      return new Decision(proposed, proposed, Verdict.BLOCKED, notes);
    }
    if (proposed.after() > cap) {
      effective = proposed.withAfter(cap);
      notes.add("cap: " + proposed.after() + " exceeds the cap " + cap + ", clamped");
    } else {
      notes.add("cap: " + proposed.after() + " is within the cap " + cap);
    }
    if (effective.after() <= effective.before()) {
      notes.add("cap: already at " + effective.before() + ", the cap is " + cap + "; nothing to raise");
      return new Decision(proposed, effective, Verdict.BLOCKED, notes);
    }
    if (policy.dryRun()) {
      notes.add("dry-run: would apply " + effective.change());
      return new Decision(proposed, effective, Verdict.DRY_RUN, notes);
    }
    return new Decision(proposed, effective, Verdict.ALLOWED, notes);
  }

  private static long capFor(Action action, Policy policy) {
    return switch (action) {
      case Action.ScaleEcsService s -> policy.ecs().maxDesiredCount();
      case Action.RaiseEcsTaskMemory m -> policy.ecs().maxTaskMemoryMb();
      case Action.NotifyOnly n -> 0;
    };
  }

  /** Only this environment's resources, named {project}-{thing}-{env}; never empty or wildcard. */
  boolean allowedTarget(String target, String env) {
    if (target == null || target.isBlank() || target.contains("*")) {
      return false;
    }
    return Pattern.compile("^" + Pattern.quote(project) + "-[a-z0-9-]+-" + Pattern.quote(env) + "$")
        .matcher(target)
        .matches();
  }
}
