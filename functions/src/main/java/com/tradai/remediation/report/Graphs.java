package com.tradai.remediation.report;

import com.tradai.remediation.core.MetricQuery;
import java.time.Instant;
import java.util.List;

/** One console link per evidence series a runbook read, over the window it read. */
public final class Graphs {
  private Graphs() {}

  public static List<Report.GraphView> of(List<MetricQuery> queries, String region, Instant start,
      Instant end) {
    return queries.stream().map(q -> new Report.GraphView(
        q.namespace() + " " + q.metric() + " " + q.stat() + " (" + q.id() + ")",
        ConsoleLinks.metric(region, q.namespace(), q.metric(), q.dimensions(), q.stat(),
            q.periodSeconds(), start, end))).toList();
  }
}
