package com.tradai.remediation.runbook;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.core.Diagnosis;
import com.tradai.remediation.core.Evidence;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.core.ResourceRef;
import com.tradai.remediation.guard.Policy;
import java.util.List;

/**
 * One section of the on-call runbook. Everything here is pure; the shell does the fetching. The
 * alarm handed to {@code resourcesFor}, {@code diagnose} and {@code plan} carries CloudWatch's
 * definition (metric, dimensions, statistic, period, threshold) once the remediator confirmed it.
 */
public interface Runbook {

  /** Stable id used in reports, metrics and routing config, e.g. "api-latency". */
  String id();

  /** The on-call runbook's section title. */
  String title();

  /** Whether this runbook takes the alarm: by default, whatever the routing table sends it. */
  default boolean handles(Alarm alarm) {
    return Findings.routedTo(alarm, id());
  }

  EvidenceRequest evidenceFor(Alarm alarm, Targets targets);

  /**
   * The resources to read, once the metrics are in ({@code metrics} has no resources yet): by
   * default all the request names. A runbook may read less when the metrics already rule a need
   * out.
   */
  default List<ResourceRef> resourcesFor(
      Alarm alarm, EvidenceRequest request, Evidence metrics, Policy policy) {
    return request.resources();
  }

  Diagnosis diagnose(Alarm alarm, Evidence evidence, Policy policy);

  Plan plan(Diagnosis diagnosis, Evidence evidence, Policy policy);
}
