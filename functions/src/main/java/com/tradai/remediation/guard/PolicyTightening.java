package com.tradai.remediation.guard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The run-time override may only tighten the file's policy: lower caps and steps, more approvals,
 * longer cooldowns, lower rate limits and breaker thresholds, dry-run on, modes towards shadow (act
 * → approve → shadow), a higher track-record bar. Pure: compares the policy with the override
 * merged in against the file's, field by field, and names every field the override loosens; the
 * shell refuses such an override whole and keeps the file's policy.
 */
public final class PolicyTightening {
  private PolicyTightening() {}

  /**
   * Every field the override loosens, as "field (file → override)"; empty when it only tightens.
   */
  public static List<String> loosened(Policy file, Policy merged) {
    List<String> out = new ArrayList<>();
    if (file.dryRun() && !merged.dryRun()) {
      out.add("dryRun (true → false)");
    }
    for (String kind : new TreeSet<>(union(file.limits().keySet(), merged.limits().keySet()))) {
      Policy.Limits before = file.limits().getOrDefault(kind, new Policy.Limits(0, 0));
      Policy.Limits after = merged.limits().getOrDefault(kind, new Policy.Limits(0, 0));
      notHigher(out, "limits." + kind + ".step", before.step(), after.step());
      notHigher(out, "limits." + kind + ".max", before.max(), after.max());
    }
    notHigherRung(
        out, "ladders.lambda-memory", file.lambdaMemoryLadder(), merged.lambdaMemoryLadder());
    notHigherRung(
        out, "ladders.rds-instance-class", file.rdsClassLadder(), merged.rdsClassLadder());
    Policy.Thresholds ft = file.thresholds();
    Policy.Thresholds mt = merged.thresholds();
    notLower(out, "thresholds.loadSpikeFactor", ft.loadSpikeFactor(), mt.loadSpikeFactor());
    notLower(
        out,
        "thresholds.memoryPressurePercent",
        ft.memoryPressurePercent(),
        mt.memoryPressurePercent());
    notLower(out, "thresholds.rdsCpuPercent", ft.rdsCpuPercent(), mt.rdsCpuPercent());
    notLower(
        out,
        "thresholds.lambdaDurationSpikeFactor",
        ft.lambdaDurationSpikeFactor(),
        mt.lambdaDurationSpikeFactor());
    if (ft.recentMinutes() != mt.recentMinutes()) {
      out.add(
          "thresholds.recentMinutes ("
              + ft.recentMinutes()
              + " → "
              + mt.recentMinutes()
              + "; it may not change)");
    }
    if (!file.rdsApplyImmediately() && merged.rdsApplyImmediately()) {
      out.add("rds.applyImmediately (false → true)");
    }
    guards(out, file.guards(), merged.guards());
    rollout(out, file.rollout(), merged.rollout());
    return out;
  }

  /** A mode may only move towards shadow; the track-record bar may only rise. */
  private static void rollout(List<String> out, Policy.Rollout f, Policy.Rollout m) {
    if (m.fallback().compareTo(f.fallback()) > 0) {
      out.add("modes.default (" + f.fallback().label() + " → " + m.fallback().label() + ")");
    }
    for (String runbook : new TreeSet<>(union(f.runbooks().keySet(), m.runbooks().keySet()))) {
      Mode before = f.modeOf(runbook);
      Mode after = m.modeOf(runbook);
      if (after.compareTo(before) > 0) {
        out.add("modes." + runbook + " (" + before.label() + " → " + after.label() + ")");
      }
    }
    if (f.minTrackRecord().isPresent()) {
      Policy.Bar fb = f.minTrackRecord().get();
      if (m.minTrackRecord().isEmpty()) {
        out.add("minTrackRecord (removed)");
        return;
      }
      Policy.Bar mb = m.minTrackRecord().get();
      notLower(out, "minTrackRecord.rate", fb.rate(), mb.rate());
      notHigher(out, "minTrackRecord.minVerdicts", fb.minVerdicts(), mb.minVerdicts());
      if (fb.days() != mb.days()) {
        out.add("minTrackRecord.days (" + fb.days() + " → " + mb.days() + "; it may not change)");
      }
    }
  }

  private static void guards(List<String> out, Policy.Guards f, Policy.Guards m) {
    for (String kind : new TreeSet<>(union(f.cooldowns().keySet(), m.cooldowns().keySet()))) {
      notShorter(out, "guards.cooldownMinutes." + kind, f.cooldown(kind), m.cooldown(kind));
    }
    notHigher(out, "guards.rateLimit.max", f.rateLimit().max(), m.rateLimit().max());
    notShorter(
        out, "guards.rateLimit.windowMinutes", f.rateLimit().window(), m.rateLimit().window());
    notHigher(
        out,
        "guards.circuitBreaker.maxFailures",
        f.breaker().maxFailures(),
        m.breaker().maxFailures());
    notHigher(
        out,
        "guards.circuitBreaker.maxActions",
        f.breaker().maxActions(),
        m.breaker().maxActions());
    notShorter(
        out, "guards.circuitBreaker.windowMinutes", f.breaker().window(), m.breaker().window());
    for (String kind : new TreeSet<>(f.approval().always())) {
      if (!m.approval().always().contains(kind)) {
        out.add("guards.approval.always (" + kind + " removed)");
      }
    }
    for (Map.Entry<String, Long> e : new java.util.TreeMap<>(f.approval().stepAbove()).entrySet()) {
      Long after = m.approval().stepAbove().get(e.getKey());
      boolean always = m.approval().always().contains(e.getKey());
      if (!always && (after == null || after > e.getValue())) {
        out.add(
            "guards.approval.stepAbove."
                + e.getKey()
                + " ("
                + e.getValue()
                + " → "
                + (after == null ? "none" : after)
                + ")");
      }
    }
    notShorter(out, "guards.lockTtlSeconds", f.lockTtl(), m.lockTtl());
    notShorter(out, "guards.idempotencyTtlHours", f.idempotencyTtl(), m.idempotencyTtl());
    if (m.approvalExpiry().compareTo(f.approvalExpiry()) > 0) {
      out.add(
          "guards.approvalExpiryMinutes ("
              + f.approvalExpiry().toMinutes()
              + " → "
              + m.approvalExpiry().toMinutes()
              + ")");
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  private static void notHigher(List<String> out, String field, long file, long merged) {
    if (merged > file) {
      out.add(field + " (" + file + " → " + merged + ")");
    }
  }

  private static void notLower(List<String> out, String field, double file, double merged) {
    if (merged < file) {
      out.add(field + " (" + file + " → " + merged + ")");
    }
  }

  private static void notShorter(List<String> out, String field, Duration file, Duration merged) {
    if (merged.compareTo(file) < 0) {
      out.add(field + " (" + show(file) + " → " + show(merged) + ")");
    }
  }

  private static String show(Duration d) {
    return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }

  /** A ladder may lose top rungs (a lower cap), never gain or change one. */
  private static <T> void notHigherRung(
      List<String> out, String field, List<T> file, List<T> merged) {
    if (merged.size() > file.size() || !file.subList(0, merged.size()).equals(merged)) {
      out.add(field + " (" + file + " → " + merged + "; only top rungs may be removed)");
    }
  }

  /** The refusal the log and the report show: the override, every field it loosens, what stays. */
  public static Optional<String> refusal(String source, Policy file, Policy merged) {
    List<String> loosened = loosened(file, merged);
    return loosened.isEmpty()
        ? Optional.empty()
        : Optional.of(
            "policy override "
                + source
                + " refused: it loosens "
                + String.join(", ", loosened)
                + "; the file policy stays in force");
  }
}
