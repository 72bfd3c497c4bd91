package com.tradai.remediation.aws;

import com.tradai.remediation.core.Datapoint;
import com.tradai.remediation.core.MetricQuery;
import com.tradai.remediation.core.Series;
import com.tradai.remediation.ports.MetricReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/** All of a runbook's queries in one GetMetricData request, following NextToken to the end. */
public final class CloudWatchMetricReader implements MetricReader {
  private final java.util.function.Supplier<CloudWatchClient> cloudWatch;

  public CloudWatchMetricReader(java.util.function.Supplier<CloudWatchClient> cloudWatch) {
    this.cloudWatch = cloudWatch;
  }

  public static GetMetricDataRequest request(
      List<MetricQuery> queries, Instant start, Instant end) {
    return GetMetricDataRequest.builder()
        .startTime(start)
        .endTime(end)
        .scanBy(ScanBy.TIMESTAMP_ASCENDING)
        .metricDataQueries(queries.stream().map(CloudWatchMetricReader::query).toList())
        .build();
  }

  private static MetricDataQuery query(MetricQuery q) {
    List<Dimension> dims =
        q.dimensions().entrySet().stream()
            .map(d -> Dimension.builder().name(d.getKey()).value(d.getValue()).build())
            .toList();
    return MetricDataQuery.builder()
        .id(q.id())
        .returnData(true)
        .metricStat(
            MetricStat.builder()
                .metric(
                    Metric.builder()
                        .namespace(q.namespace())
                        .metricName(q.metric())
                        .dimensions(dims)
                        .build())
                .period(q.periodSeconds())
                .stat(q.stat())
                .build())
        .build();
  }

  @Override
  public Map<String, Series> read(List<MetricQuery> queries, Instant start, Instant end) {
    if (queries.isEmpty()) {
      return Map.of();
    }
    Map<String, List<Datapoint>> points = new LinkedHashMap<>();
    queries.forEach(q -> points.put(q.id(), new ArrayList<>()));
    cloudWatch.get().getMetricDataPaginator(request(queries, start, end)).stream()
        .flatMap(page -> page.metricDataResults().stream())
        .forEach(r -> append(points, r));
    Map<String, Series> out = new HashMap<>();
    points.forEach((id, list) -> out.put(id, new Series(id, list)));
    return out;
  }

  private static void append(Map<String, List<Datapoint>> points, MetricDataResult r) {
    List<Datapoint> list = points.computeIfAbsent(r.id(), k -> new ArrayList<>());
    for (int i = 0; i < Math.min(r.timestamps().size(), r.values().size()); i++) {
      list.add(new Datapoint(r.timestamps().get(i), r.values().get(i)));
    }
  }
}
