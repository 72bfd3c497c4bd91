package com.tradai.remediation.report;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Deep links into the CloudWatch console. The metrics view takes its graph in the console's own
 * URL notation: {@code ~(key~value...)} objects, {@code ~(~a~b)} lists, {@code ~'string} values,
 * with every byte outside {@code [A-Za-z0-9._-]} written as {@code *xx} (lower-case hex) instead
 * of {@code %xx}.
 */
public final class ConsoleLinks {
  private ConsoleLinks() {}

  public static String metric(String region, String namespace, String metric,
      Map<String, String> dimensions, String stat, int periodSeconds, Instant start, Instant end) {
    StringBuilder m = new StringBuilder("~(~'").append(enc(namespace)).append("~'").append(enc(metric));
    new TreeMap<>(dimensions).forEach((k, v) -> m.append("~'").append(enc(k)).append("~'").append(enc(v)));
    m.append(')');
    String graph = "~(metrics~(" + m + ")~view~'timeSeries~stacked~false~region~'" + enc(region)
        + "~stat~'" + enc(stat) + "~period~" + periodSeconds + "~start~'" + enc(start.toString())
        + "~end~'" + enc(end.toString()) + ")";
    return base(region) + "#metricsV2?graph=" + graph;
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
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.'
          || c == '_' || c == '-') {
        out.append(c);
      } else {
        out.append('*').append(String.format("%02x", b & 0xff));
      }
    }
    return out.toString();
  }
}
