package com.tradai.remediation.report;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Deep links into the CloudWatch console. The metrics view takes its graph in the console's own URL
 * notation: {@code ~(key~value...)} objects, {@code ~(~a~b)} lists, {@code ~'string} values, with
 * every byte outside {@code [A-Za-z0-9._-]} written as {@code *xx} (lower-case hex) instead of
 * {@code %xx}.
 */
public final class ConsoleLinks {
  private ConsoleLinks() {}

  public static String metric(
      String region,
      String namespace,
      String metric,
      Map<String, String> dimensions,
      String stat,
      int periodSeconds,
      Instant start,
      Instant end) {
    StringBuilder m =
        new StringBuilder("~(~'").append(enc(namespace)).append("~'").append(enc(metric));
    new TreeMap<>(dimensions)
        .forEach((k, v) -> m.append("~'").append(enc(k)).append("~'").append(enc(v)));
    m.append(')');
    String graph =
        "~(metrics~("
            + m
            + ")~view~'timeSeries~stacked~false~region~'"
            + enc(region)
            + "~stat~'"
            + enc(stat)
            + "~period~"
            + periodSeconds
            + "~start~'"
            + enc(start.toString())
            + "~end~'"
            + enc(end.toString())
            + ")";
    return base(region) + "#metricsV2?graph=" + graph;
  }

  /**
   * One graph of all the given series over the window, each with its own statistic and period; with
   * the alarm's threshold as a horizontal line (when it has one) and its firing as a vertical one.
   */
  public static String metrics(
      String region,
      java.util.List<com.tradai.remediation.core.MetricQuery> queries,
      Instant start,
      Instant end,
      Sparklines.Breach breach) {
    StringBuilder all = new StringBuilder();
    for (var q : queries) {
      all.append("~(~'").append(enc(q.namespace())).append("~'").append(enc(q.metric()));
      new TreeMap<>(q.dimensions())
          .forEach((k, v) -> all.append("~'").append(enc(k)).append("~'").append(enc(v)));
      all.append("~(stat~'")
          .append(enc(q.stat()))
          .append("~period~")
          .append(q.periodSeconds())
          .append("~label~'")
          .append(enc(q.id()))
          .append("))");
    }
    java.util.List<String> lines = new java.util.ArrayList<>();
    breach
        .metric()
        .flatMap(
            m ->
                m.threshold()
                    .map(
                        t ->
                            "horizontal~(~(label~'"
                                + enc(m.name() + " " + m.statistic() + " threshold")
                                + "~value~"
                                + plain(t)
                                + "))"))
        .ifPresent(lines::add);
    breach
        .firedAt()
        .ifPresent(at -> lines.add("vertical~(~(label~'ALARM~value~'" + enc(at.toString()) + "))"));
    String annotations = lines.isEmpty() ? "" : "~annotations~(" + String.join("~", lines) + ")";
    String graph =
        "~(metrics~("
            + all
            + ")~view~'timeSeries~stacked~false~region~'"
            + enc(region)
            + "~start~'"
            + enc(start.toString())
            + "~end~'"
            + enc(end.toString())
            + annotations
            + ")";
    return base(region) + "#metricsV2?graph=" + graph;
  }

  private static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /** The CloudWatch dashboard of that name. */
  public static String dashboard(String region, String name) {
    return base(region)
        + "#dashboards/dashboard/"
        + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8);
  }

  public static String alarm(String region, String alarmName) {
    return base(region) + "#alarmsV2:alarm/" + enc(alarmName);
  }

  private static String base(String region) {
    String r = enc(region);
    return "https://" + r + ".console.aws.amazon.com/cloudwatch/home?region=" + r;
  }

  static String enc(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '.'
          || c == '_'
          || c == '-') {
        out.append(c);
      } else {
        out.append('*').append(String.format("%02x", b & 0xff));
      }
    }
    return out.toString();
  }
}
