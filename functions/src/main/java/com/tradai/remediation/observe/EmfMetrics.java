package com.tradai.remediation.observe;

import com.tradai.remediation.report.Report;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Emits {@link RemediationMetrics} as CloudWatch Embedded Metric Format lines through Powertools'
 * functional API ({@code flushMetrics}): one EMF document per dimension set, written to stdout,
 * where Lambda's log pipeline turns it into metrics. Never throws: metrics must not fail a fix.
 */
public final class EmfMetrics implements Consumer<Report> {
  private static final Logger LOG = LoggerFactory.getLogger(EmfMetrics.class);

  private final Metrics metrics;

  public EmfMetrics() {
    this.metrics =
        MetricsBuilder.builder()
            .withNamespace(RemediationMetrics.NAMESPACE)
            .withService("tradai-remediation")
            .withRaiseOnEmptyMetrics(false)
            .build();
  }

  @Override
  public void accept(Report report) {
    emit(RemediationMetrics.of(report));
  }

  public void emit(List<MetricPoint> points) {
    Map<Map<String, String>, List<MetricPoint>> byDims = new LinkedHashMap<>();
    points.forEach(
        p -> byDims.computeIfAbsent(p.dimensions(), k -> new java.util.ArrayList<>()).add(p));
    byDims.forEach(
        (dims, group) -> {
          try {
            metrics.flushMetrics(
                m -> {
                  m.setDefaultDimensions(DimensionSet.of(dims));
                  group.forEach(
                      p -> m.addMetric(p.name(), p.value(), MetricUnit.valueOf(unit(p.unit()))));
                });
          } catch (RuntimeException e) {
            LOG.warn("metrics not emitted: {}", e.getMessage());
          }
        });
  }

  private static String unit(String unit) {
    return switch (unit) {
      case "Milliseconds" -> "MILLISECONDS";
      case "Seconds" -> "SECONDS";
      default -> "COUNT";
    };
  }
}
