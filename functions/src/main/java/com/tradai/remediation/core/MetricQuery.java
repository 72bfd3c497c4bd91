package com.tradai.remediation.core;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * One series a runbook needs. {@code id} is what GetMetricData calls it, so it must start with a
 * lower-case letter and hold only letters, digits and underscores.
 */
public record MetricQuery(
    String id,
    String namespace,
    String metric,
    Map<String, String> dimensions,
    String stat,
    int periodSeconds) {

  private static final Pattern ID = Pattern.compile("^[a-z][a-zA-Z0-9_]{0,254}$");

  public MetricQuery {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "metric query id '" + id + "' is not a valid GetMetricData id");
    }
    dimensions = Map.copyOf(dimensions);
  }
}
