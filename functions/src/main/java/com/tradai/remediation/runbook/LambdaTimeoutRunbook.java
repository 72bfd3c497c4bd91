package com.tradai.remediation.runbook;

import com.tradai.remediation.alarm.Alarm;
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
 * On-call runbook section "Lambda Timeout Issues": count the "Task timed out" lines in the
 * function's log group and compare Duration Maximum with the configured timeout; the fix raises the
 * timeout by the policy's step, capped, and keeps an API-facing function under its caller's limit.
 */
public final class LambdaTimeoutRunbook implements Runbook {
  public static final String TIMEOUTS = "Lambda timeouts";
  public static final String TIMED_OUT = "Task timed out";

  /** Duration Maximum at or above this share of the timeout counts as running into it. */
  static final double NEAR_TIMEOUT = 0.95;

  static final Duration WINDOW = Duration.ofHours(1);

  @Override
  public String id() {
    return "lambda-timeout";
  }

  @Override
  public String title() {
    return "Lambda Timeout Issues";
  }

  @Override
  public EvidenceRequest evidenceFor(Alarm alarm, Targets t) {
    String fn = LambdaColdStartRunbook.function(alarm, t);
    if (fn.isBlank()) {
      return new EvidenceRequest(WINDOW, List.of(), List.of());
    }
    Map<String, String> dims = Map.of("FunctionName", fn);
    var now = alarm.stateChangeTime();
    return new EvidenceRequest(
        WINDOW,
        List.of(
            new MetricQuery("errors", "AWS/Lambda", "Errors", dims, "Sum", 60),
            new MetricQuery("durMax", "AWS/Lambda", "Duration", dims, "Maximum", 60)),
        List.of(
            new ResourceRef.LambdaFunction(fn, t.lambdaAlias(), t.callerLimitFor(fn)),
            new ResourceRef.LogCounts(
                "/aws/lambda/" + fn, List.of(TIMED_OUT), now.minus(WINDOW), now)));
  }

  @Override
  public Diagnosis diagnose(Alarm alarm, Evidence e, Policy policy) {
    Optional<ResourceState.LambdaFunction> fn =
        Findings.resource(e, ResourceState.LambdaFunction.class);
    Optional<ResourceState.LogCounts> logs = Findings.resource(e, ResourceState.LogCounts.class);
    OptionalDouble lines =
        logs.map(l -> OptionalDouble.of(l.count(TIMED_OUT))).orElse(OptionalDouble.empty());
    Finding timedOut = Findings.above("\"" + TIMED_OUT + "\" log lines", lines, 0, "");
    OptionalDouble maxMs = e.series("durMax").max();
    Finding nearTimeout =
        fn.map(
                f ->
                    Findings.atLeast(
                        "Duration (max) vs timeout " + f.timeoutSeconds() + " s",
                        maxMs,
                        NEAR_TIMEOUT * f.timeoutSeconds() * 1000,
                        " ms"))
            .orElseGet(() -> Findings.show("Duration (max)", maxMs, " ms"));
    List<Finding> findings =
        new ArrayList<>(
            List.of(
                timedOut,
                nearTimeout,
                Findings.show("Errors (sum)", Findings.sum(e.series("errors")), "")));
    fn.filter(f -> f.callerLimitSeconds() > 0)
        .ifPresent(
            f ->
                findings.add(
                    Findings.fact(
                        "Caller limit (API-facing)",
                        f.callerLimitSeconds() + " s",
                        "timeout < " + f.callerLimitSeconds() + " s",
                        false)));
    if (timedOut.breached() || nearTimeout.breached()) {
      String why =
          timedOut.breached()
              ? timedOut.value() + " \"" + TIMED_OUT + "\" lines in the last hour"
              : "Duration max " + nearTimeout.value() + " is " + nearTimeout.threshold();
      return new Diagnosis(TIMEOUTS, why, findings, "Increase timeout");
    }
    return new Diagnosis(
        Diagnosis.NO_CAUSE,
        "no \""
            + TIMED_OUT
            + "\" lines and Duration stays below "
            + Math.round(NEAR_TIMEOUT * 100)
            + "% of the timeout; the errors are not timeouts",
        findings,
        "none");
  }

  @Override
  public Plan plan(Diagnosis d, Evidence e, Policy policy) {
    if (!TIMEOUTS.equals(d.cause())) {
      return Plan.none();
    }
    return Findings.resource(e, ResourceState.LambdaFunction.class)
        .map(f -> raise(f, policy))
        .orElseGet(
            () ->
                Findings.advice(
                    "Lambda function",
                    "the function could not be read; raise its timeout by hand"));
  }

  static Plan raise(ResourceState.LambdaFunction f, Policy policy) {
    int after = f.timeoutSeconds() + (int) Math.max(1, policy.limit("lambda-timeout").step());
    if (f.callerLimitSeconds() > 0) {
      int ceiling = f.callerLimitSeconds() - 1;
      if (f.timeoutSeconds() >= ceiling) {
        return Findings.advice(
            f.function(),
            "timeout "
                + f.timeoutSeconds()
                + " s is already at its caller's"
                + " limit ("
                + f.callerLimitSeconds()
                + " s); make the work faster or asynchronous");
      }
      after = Math.min(after, ceiling);
    }
    return LambdaFixes.timeout(f, after);
  }
}
