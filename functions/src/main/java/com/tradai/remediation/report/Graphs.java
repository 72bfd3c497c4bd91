package com.tradai.remediation.report;

import com.tradai.remediation.core.MetricQuery;
import java.time.Instant;
import java.util.List;

/** One console link per distinct evidence series a run read, over the window it read. */
public final class Graphs {
  private Graphs() {}

  public static List<Report.GraphView> of(List<MetricQuery> queries, String region, Instant start,
      Instant end) {
    java.util.Map<String, Report.GraphView> byUrl = new java.util.LinkedHashMap<>();
    for (MetricQuery q : queries) {
      String url = ConsoleLinks.metric(region, q.namespace(), q.metric(), q.dimensions(), q.stat(),
          q.periodSeconds(), start, end);
      byUrl.putIfAbsent(url, new Report.GraphView(
          q.namespace() + " " + q.metric() + " " + q.stat() + " (" + q.id() + ")", url));
    }
    return List.copyOf(byUrl.values());
  }
}
