package com.tradai.remediation.observe;

import java.util.Map;

/** One EMF metric value with its unit and dimensions. */
public record MetricPoint(String name, double value, String unit, Map<String, String> dimensions) {
  public MetricPoint {
    dimensions = Map.copyOf(dimensions);
  }
}
