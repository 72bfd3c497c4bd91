package com.tradai.remediation.runbook;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.core.Diagnosis;
import com.tradai.remediation.core.Evidence;
import com.tradai.remediation.core.Finding;
import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.core.MetricQuery;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.core.ResourceRef;
import com.tradai.remediation.core.ResourceState;
import com.tradai.remediation.guard.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * On-call runbook section "Quick Performance Checks": ECS CPU and memory of each service over the
 * last 15 minutes (period 300 s) and each configured /api/v1/health endpoint's status and latency,
 * judged against the on-call runbook's verification checklist (API under 500 ms, ECS CPU/memory
 * under 70%). It runs on a schedule and on request, and never changes anything.
 */
public final class QuickHealthCheck implements Runbook {
  public static final String OUTSIDE = "Outside the verification thresholds";
  static final double ECS_PERCENT = 70;
  static final long API_MS = 500;
  static final Duration WINDOW = Duration.ofMinutes(15);

  @Override
  public String id() {
    return "health-check";
  }

  @Override
  public String title() {
    return "Quick Performance Checks";
  }

  @Override
  public EvidenceRequest evidenceFor(Alarm alarm, Targets t) {
    List<MetricQuery> q = new ArrayList<>();
    for (String service : t.healthServices()) {
      Map<String, String> dims =
          Map.of("ClusterName", t.ecsCluster(), "ServiceName", t.service(service));
      String id = service.replaceAll("[^a-zA-Z0-9]", "_");
      q.add(new MetricQuery("cpu_" + id, "AWS/ECS", "CPUUtilization", dims, "Average", 300));
      q.add(new MetricQuery("mem_" + id, "AWS/ECS", "MemoryUtilization", dims, "Average", 300));
    }
    return new EvidenceRequest(
        WINDOW, q, List.of(new ResourceRef.HttpProbes("health", t.healthEndpoints())));
  }

  @Override
  public Diagnosis diagnose(Alarm alarm, Evidence e, Policy policy) {
    List<Finding> findings = new ArrayList<>();
    for (String id :
        e.series().keySet().stream().filter(k -> k.startsWith("cpu_")).sorted().toList()) {
      String service = id.substring(4).replace('_', '-');
      findings.add(atOrAbove("ECS CPU (15 min avg) " + service, e.series(id).mean()));
      findings.add(
          atOrAbove(
              "ECS memory (15 min avg) " + service, e.series("mem_" + id.substring(4)).mean()));
    }
    List<ResourceState.Probe> probes =
        Findings.resource(e, ResourceState.HttpProbes.class)
            .map(ResourceState.HttpProbes::probes)
            .orElse(List.of());
    if (probes.isEmpty()) {
      findings.add(
          Findings.fact("Health endpoints", "none configured (HEALTH_ENDPOINTS)", "", false));
    }
    for (ResourceState.Probe p : probes) {
      boolean bad = !p.ok() || p.latencyMs() >= API_MS;
      findings.add(
          Findings.fact(
              "Health " + p.url(),
              p.status() == 0
                  ? "no answer: " + LogSafe.clean(p.error())
                  : "HTTP " + p.status() + " in " + p.latencyMs() + " ms",
              "2xx under " + API_MS + " ms",
              bad));
    }
    List<Finding> flagged = findings.stream().filter(Finding::breached).toList();
    if (flagged.isEmpty()) {
      List<String> noData =
          findings.stream().filter(f -> "no data".equals(f.value())).map(Finding::name).toList();
      return new Diagnosis(
          Diagnosis.NO_CAUSE,
          noData.isEmpty()
              ? "every check is inside the verification thresholds"
              : "every check with data is inside the verification thresholds; no data for: "
                  + String.join(", ", noData),
          findings,
          "none");
    }
    String list = String.join("; ", flagged.stream().map(f -> f.name() + " " + f.value()).toList());
    return new Diagnosis(OUTSIDE, list, findings, "run the matching runbook section for: " + list);
  }

  /** The checklist says "< 70%", so exactly 70% is flagged. */
  private static Finding atOrAbove(String name, java.util.OptionalDouble v) {
    return v.isEmpty()
        ? Findings.fact(name, "no data", "< 70%", false)
        : Findings.fact(
            name, Findings.fmt(v.getAsDouble()) + "%", "< 70%", v.getAsDouble() >= ECS_PERCENT);
  }

  @Override
  public Plan plan(Diagnosis d, Evidence e, Policy policy) {
    return d.causeFound() ? Findings.advice("health check", d.why()) : Plan.none();
  }
}
