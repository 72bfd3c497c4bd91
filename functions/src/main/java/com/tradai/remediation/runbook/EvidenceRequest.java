package com.tradai.remediation.runbook;

import com.tradai.remediation.core.MetricQuery;
import com.tradai.remediation.core.ResourceRef;
import java.time.Duration;
import java.util.List;

/** What a runbook asks the shell to fetch, all in one batch. */
public record EvidenceRequest(
    Duration window, List<MetricQuery> metrics, List<ResourceRef> resources) {

  public EvidenceRequest {
    metrics = List.copyOf(metrics);
    resources = List.copyOf(resources);
  }
}
