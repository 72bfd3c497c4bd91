package com.tradai.remediation.report;

import com.tradai.remediation.core.MetricQuery;
import com.tradai.remediation.core.Series;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a report shows of the metrics a run read: each distinct series as a sparkline with the
 * alarm's breach marked ({@link Sparklines}), one console link that graphs them all together over
 * the window it read, and the environment's dashboard.
 */
public final class Graphs {
  private Graphs() {}

  /**
   * @param series what was read, by query id (a series that was not read is drawn as "no data")
   * @param dashboard the environment's CloudWatch dashboard ({@code {project}-remediation-{env}})
   */
  public static List<Report.GraphView> of(
      List<MetricQuery> queries,
      Map<String, Series> series,
      Sparklines.Breach breach,
      String region,
      Instant start,
      Instant end,
      String dashboard) {
    Map<MetricQuery, Series> distinct = new LinkedHashMap<>();
    for (MetricQuery q : queries) {
      boolean seen =
          distinct.keySet().stream()
              .anyMatch(
                  d ->
                      d.namespace().equals(q.namespace())
                          && d.metric().equals(q.metric())
                          && d.dimensions().equals(q.dimensions())
                          && d.stat().equals(q.stat())
                          && d.periodSeconds() == q.periodSeconds());
      if (!seen) {
        distinct.put(q, series.getOrDefault(q.id(), Series.empty(q.id())));
      }
    }
    List<Report.GraphView> out = new ArrayList<>();
    if (!distinct.isEmpty()) {
      int period = distinct.keySet().stream().mapToInt(MetricQuery::periodSeconds).min().orElse(60);
      Sparklines.Slices slices = Sparklines.Slices.of(start, end, period);
      boolean[] marked = Sparklines.breached(slices, breach, distinct);
      distinct.forEach(
          (q, s) ->
              out.add(
                  new Report.GraphView(
                      q.namespace() + " " + q.metric() + " " + q.stat() + " (" + q.id() + ")",
                      null,
                      Sparklines.draw(s, slices, marked))));
      out.add(
          new Report.GraphView(
              "All " + distinct.size() + " series together",
              ConsoleLinks.metrics(region, List.copyOf(distinct.keySet()), start, end, breach),
              null));
    }
    out.add(
        new Report.GraphView(
            "Dashboard " + dashboard, ConsoleLinks.dashboard(region, dashboard), null));
    return List.copyOf(out);
  }

  /** The dashboard's name: {@code {project}-remediation-{env}}. */
  public static String dashboard(String project, String environment) {
    return project + "-remediation-" + environment;
  }
}
