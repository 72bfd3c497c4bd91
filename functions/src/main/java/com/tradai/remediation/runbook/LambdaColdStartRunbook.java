package com.tradai.remediation.runbook;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.Diagnosis;
import com.tradai.remediation.core.Evidence;
import com.tradai.remediation.core.Finding;
import com.tradai.remediation.core.MetricQuery;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.core.ResourceRef;
import com.tradai.remediation.core.ResourceState;
import com.tradai.remediation.guard.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * On-call runbook section "Lambda Performance — Cold Start Issues". Evidence: Duration (Average,
 * Maximum, p99), Invocations, ConcurrentExecutions, Errors, Throttles, the REPORT lines of the
 * function's log group (init duration = a cold start), and the function's memory, timeout and
 * alias.
 */
public final class LambdaColdStartRunbook implements Runbook {
  public static final String COLD_START = "Cold start";
  public static final String LONG_DURATION = "Long duration without cold starts";
  public static final String THROTTLED = "Throttled: concurrency limit reached";

  /** A "large share": at least this fraction of invocations start cold. */
  static final double COLD_SHARE = 0.20;

  /** "Long init": the longest init duration is at least this. */
  static final double LONG_INIT_MS = 1000;

  static final Duration WINDOW = Duration.ofHours(1);
  private static final String LAMBDA = "AWS/Lambda";

  @Override
  public String id() {
    return "lambda-cold-start";
  }

  @Override
  public String title() {
    return "Lambda Performance (Cold Start)";
  }

  @Override
  public EvidenceRequest evidenceFor(Alarm alarm, Targets t) {
    String fn = function(alarm, t);
    if (fn.isBlank()) {
      return new EvidenceRequest(WINDOW, List.of(), List.of());
    }
    Map<String, String> dims = Map.of("FunctionName", fn);
    List<MetricQuery> q =
        List.of(
            new MetricQuery("durAvg", LAMBDA, "Duration", dims, "Average", 60),
            new MetricQuery("durMax", LAMBDA, "Duration", dims, "Maximum", 60),
            new MetricQuery("durP99", LAMBDA, "Duration", dims, "p99", 60),
            new MetricQuery("invocations", LAMBDA, "Invocations", dims, "Sum", 60),
            new MetricQuery("concurrent", LAMBDA, "ConcurrentExecutions", dims, "Maximum", 60),
            new MetricQuery("errors", LAMBDA, "Errors", dims, "Sum", 60),
            new MetricQuery("throttles", LAMBDA, "Throttles", dims, "Sum", 60));
    var now = alarm.stateChangeTime();
    return new EvidenceRequest(
        WINDOW,
        q,
        List.of(
            new ResourceRef.LambdaFunction(fn, t.lambdaAlias(), t.callerLimitFor(fn)),
            new ResourceRef.LambdaInvocations(fn, "/aws/lambda/" + fn, now.minus(WINDOW), now)));
  }

  /** The alarm's FunctionName; a "name:alias" Resource dimension is not a function name. */
  static String function(Alarm alarm, Targets t) {
    return Findings.dimension(alarm, "FunctionName")
        .orElseGet(() -> t.managedFunctions().isEmpty() ? "" : t.managedFunctions().getFirst());
  }

  @Override
  public Diagnosis diagnose(Alarm alarm, Evidence e, Policy policy) {
    Duration recent = Duration.ofMinutes(policy.thresholds().recentMinutes());
    Optional<ResourceState.LambdaInvocations> inv =
        resource(e, ResourceState.LambdaInvocations.class);
    OptionalDouble share =
        inv.filter(i -> i.invocations() > 0)
            .map(i -> OptionalDouble.of((double) i.coldStarts() / i.invocations()))
            .orElse(OptionalDouble.empty());
    OptionalDouble maxInit =
        inv.map(i -> i.initDurationsMs().stream().mapToDouble(Double::doubleValue).max())
            .orElse(OptionalDouble.empty());
    Finding coldShare =
        Findings.atLeast(
            "Cold-start share (REPORT lines with Init Duration)", share, COLD_SHARE, "");
    Finding longInit = Findings.atLeast("Longest init duration", maxInit, LONG_INIT_MS, " ms");
    Finding spike =
        Findings.spike(
            "Duration (avg)",
            e.series("durAvg").recent(e.now(), recent),
            e.series("durAvg").before(e.now(), recent),
            policy.thresholds().lambdaDurationSpikeFactor(),
            " ms");
    Finding throttles =
        Findings.above(
            "Throttles", Findings.sum(e.series("throttles").recent(e.now(), recent)), 0, "");
    List<Finding> findings =
        new ArrayList<>(
            List.of(
                coldShare,
                longInit,
                spike,
                Findings.show(
                    "Duration p99", e.series("durP99").recent(e.now(), recent).max(), " ms"),
                Findings.show(
                    "Duration (max)", e.series("durMax").recent(e.now(), recent).max(), " ms"),
                Findings.show(
                    "Concurrent executions (max)",
                    e.series("concurrent").recent(e.now(), recent).max(),
                    ""),
                throttles,
                Findings.above(
                    "Errors", Findings.sum(e.series("errors").recent(e.now(), recent)), 0, "")));
    inv.ifPresent(
        i ->
            findings.add(
                Findings.fact(
                    "Invocations in the log window",
                    i.invocations() + " (" + i.coldStarts() + " cold)",
                    "",
                    false)));
    if (Findings.metricName(alarm).filter("Throttles"::equals).isPresent()
        && throttles.breached()) {
      return new Diagnosis(
          THROTTLED,
          throttles.value()
              + " throttled invocations in the last "
              + recent.toMinutes()
              + " minutes: the function hit its reserved or the account's concurrency",
          findings,
          "Raise reserved concurrency, or make invocations shorter");
    }
    if (coldShare.breached() || longInit.breached()) {
      String why =
          coldShare.breached()
              ? "cold-start share " + coldShare.value() + " is " + coldShare.threshold()
              : "init duration " + longInit.value() + " is " + longInit.threshold();
      return new Diagnosis(
          COLD_START,
          why
              + "; provisioned concurrency needs a published version"
              + " behind an alias and cannot be combined with SnapStart",
          findings,
          "Enable provisioned concurrency (for critical functions)");
    }
    if (spike.breached()) {
      return new Diagnosis(
          LONG_DURATION,
          "duration " + spike.value() + " is " + spike.threshold() + " with few cold starts",
          findings,
          "Increase memory (also increases CPU)");
    }
    return new Diagnosis(
        Diagnosis.NO_CAUSE,
        "neither cold starts nor a duration rise crossed" + " their thresholds",
        findings,
        "none");
  }

  @Override
  public Plan plan(Diagnosis d, Evidence e, Policy policy) {
    Optional<ResourceState.LambdaFunction> fn = resource(e, ResourceState.LambdaFunction.class);
    if (!d.causeFound()) {
      return Plan.none();
    }
    if (fn.isEmpty()) {
      return Findings.advice("Lambda function", "the function could not be read; " + d.seedFix());
    }
    ResourceState.LambdaFunction f = fn.get();
    return switch (d.cause()) {
      case COLD_START -> provisioned(f, policy);
      case LONG_DURATION -> nextMemory(f, policy);
      case THROTTLED ->
          Findings.advice(
              f.function(),
              "throttled: raise the function's reserved concurrency"
                  + " (or the account limit) in its template, or shorten invocations (peak concurrency"
                  + " ≈ invocations per second × duration); nothing is changed automatically because reserved"
                  + " concurrency is taken from every other function's share");
      default -> Plan.none();
    };
  }

  static Plan provisioned(ResourceState.LambdaFunction f, Policy policy) {
    if (f.snapStart()) {
      return Findings.advice(
          f.function(),
          "SnapStart is on; provisioned concurrency cannot be combined"
              + " with it. Keep SnapStart or turn it off before adding provisioned concurrency");
    }
    if (f.alias().isEmpty() || f.aliasVersion().filter(v -> !"$LATEST".equals(v)).isEmpty()) {
      return Findings.advice(
          f.function(),
          "publish a version and point an alias at it;"
              + " provisioned concurrency cannot go on $LATEST");
    }
    int step = (int) Math.max(1, policy.limit("lambda-provisioned-concurrency").step());
    return Plan.of(
        new Action.SetProvisionedConcurrency(
            f.function(),
            f.alias().get(),
            f.provisionedConcurrency(),
            f.provisionedConcurrency() + step));
  }

  static Plan nextMemory(ResourceState.LambdaFunction f, Policy policy) {
    return policy.lambdaMemoryLadder().stream()
        .filter(mb -> mb > f.memoryMb())
        .findFirst()
        .map(next -> LambdaFixes.memory(f, next))
        .orElseGet(
            () ->
                Findings.advice(
                    f.function(),
                    "memory "
                        + f.memoryMb()
                        + " MB is at the top of the ladder "
                        + policy.lambdaMemoryLadder()
                        + "; profile the code"));
  }

  private static <T extends ResourceState> Optional<T> resource(Evidence e, Class<T> type) {
    return Findings.resource(e, type);
  }
}
