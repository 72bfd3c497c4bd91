package com.tradai.remediation.observe;

import com.tradai.remediation.guard.Verdict;
import com.tradai.remediation.report.ChangeStatus;
import com.tradai.remediation.report.Escalation;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pure: the remediator's own metrics for one report, by runbook and environment.
 *
 * <ul>
 *   <li>RemediationsApplied / RemediationsFailed (Count): changes applied / failed by a fix.
 *   <li>RemediationsBlocked (Count): actions a guard blocked.
 *   <li>ApprovalsRequested (Count): actions held for a person's approval (outcome NEEDS_APPROVAL).
 *   <li>TimeToRemediate (Milliseconds): alarm state change → report, when a fix was applied.
 *   <li>VerificationOutcome (Count, extra dimension Outcome): one per verification of an applied
 *       fix.
 *   <li>ShadowPlans (Count): fixes a runbook in shadow mode would have applied (outcome SHADOW).
 *   <li>ShadowVerificationOutcome (Count, extra dimension Outcome): one per check of a shadow plan:
 *       RECOVERED is an alarm that cleared without the fix, NOT_RECOVERED one that kept breaching.
 *   <li>TimeToRecover (Seconds): ALARM → OK, when an OK transition or a verification closes the
 *       incident.
 *   <li>RemediationsFailed and BreakerOpen (Count) by Environment only: what the stack's own alarms
 *       watch.
 *   <li>ChecksDropped (Count, by Environment and Reason): a verification record the verifier would
 *       not act on (not from its queue, or a check the ledger did not record).
 *   <li>ConfigurationRefused (Count) by Environment only: an invocation answered by a start that
 *       refused its configuration (no report of a run, so none of the above).
 * </ul>
 */
public final class RemediationMetrics {
  public static final String NAMESPACE = "tradai/Remediation";

  private RemediationMetrics() {}

  private static void recovered(Report r, Map<String, String> dims, List<MetricPoint> out) {
    if (r.incident() != null) {
      out.add(
          new MetricPoint("TimeToRecover", r.incident().timeToRecoverSeconds(), "Seconds", dims));
    }
  }

  /**
   * The self-monitoring alarms' metrics, by Environment alone (an alarm cannot sum over runbooks):
   * RemediationsFailed counts a FAILED report even when it failed before any change (at least 1),
   * BreakerOpen marks a report whose guards found the circuit breaker open.
   */
  private static void environmentWide(Report r, long failedChanges, List<MetricPoint> out) {
    Map<String, String> env = Map.of("Environment", r.environment());
    if (r.outcome() == Outcome.FAILED) {
      out.add(new MetricPoint("RemediationsFailed", Math.max(1, failedChanges), "Count", env));
    }
    if (Escalation.breakerOpen(r)) {
      out.add(new MetricPoint("BreakerOpen", 1, "Count", env));
    }
  }

  /** One verification record dropped unread, and why (e.g. NoAuditRecord, ForeignSource). */
  public static MetricPoint checkDropped(String environment, String reason) {
    return new MetricPoint(
        "ChecksDropped", 1, "Count", Map.of("Environment", environment, "Reason", reason));
  }

  /** One invocation answered by a start that refused its configuration. */
  public static MetricPoint configurationRefused(String environment) {
    return new MetricPoint("ConfigurationRefused", 1, "Count", Map.of("Environment", environment));
  }

  /**
   * The environment a function serves, from its name ({@code tradai-remediation-...-{env}}), for a
   * start whose TRADAI_ENV is unusable; "unknown" when the name does not end in one either.
   */
  public static String environmentOf(
      String functionName, java.util.Collection<String> environments) {
    if (functionName != null) {
      String last = functionName.substring(functionName.lastIndexOf('-') + 1);
      if (environments.contains(last)) {
        return last;
      }
    }
    return "unknown";
  }

  public static List<MetricPoint> of(Report r) {
    Map<String, String> dims =
        new TreeMap<>(
            Map.of(
                "Environment",
                r.environment(),
                "Runbook",
                r.runbook() == null ? "none" : r.runbook()));
    List<MetricPoint> out = new ArrayList<>();
    if (r.verification() != null && !r.verification().status().scheduled()) {
      Map<String, String> withOutcome = new TreeMap<>(dims);
      withOutcome.put("Outcome", r.outcome().name());
      boolean shadow =
          !r.verification().fix().isEmpty()
              && r.verification().fix().stream().allMatch(c -> c.status() == ChangeStatus.SHADOW);
      out.add(
          new MetricPoint(
              shadow ? "ShadowVerificationOutcome" : "VerificationOutcome",
              1,
              "Count",
              withOutcome));
      recovered(r, dims, out);
      return out;
    }
    recovered(r, dims, out);
    long applied = r.changes().stream().filter(c -> c.status() == ChangeStatus.APPLIED).count();
    long failed = r.changes().stream().filter(c -> c.status() == ChangeStatus.FAILED).count();
    long blocked = r.decisions().stream().filter(d -> d.verdict() == Verdict.BLOCKED).count();
    long awaiting =
        r.decisions().stream().filter(d -> d.verdict() == Verdict.NEEDS_APPROVAL).count();
    if (applied > 0) {
      out.add(new MetricPoint("RemediationsApplied", applied, "Count", dims));
    }
    if (blocked > 0 || r.outcome() == Outcome.BLOCKED) {
      out.add(new MetricPoint("RemediationsBlocked", blocked, "Count", dims));
    }
    long shadowed = r.decisions().stream().filter(d -> d.verdict() == Verdict.SHADOW).count();
    if (shadowed > 0) {
      out.add(new MetricPoint("ShadowPlans", shadowed, "Count", dims));
    }
    if (awaiting > 0) {
      out.add(new MetricPoint("ApprovalsRequested", awaiting, "Count", dims));
    }
    if (failed > 0) {
      out.add(new MetricPoint("RemediationsFailed", failed, "Count", dims));
    }
    environmentWide(r, failed, out);
    if (applied > 0 && r.alarm() != null && r.alarm().stateChangeTime() != null) {
      out.add(
          new MetricPoint(
              "TimeToRemediate",
              Duration.between(
                      Instant.parse(r.alarm().stateChangeTime()), Instant.parse(r.generatedAt()))
                  .toMillis(),
              "Milliseconds",
              dims));
    }
    return out;
  }
}
