package com.tradai.remediation.aws;

import com.tradai.remediation.alarm.CloudWatchAlarm;
import com.tradai.remediation.alarm.MetricIdentity;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * CloudWatch's query-protocol answers for {@link CannedAnswers}: DescribeAlarms names the alarms it
 * was given (as CloudWatch defines them) when asked for one of them, and DescribeAlarmHistory has
 * no items. So a primed alarm confirmation parses a real answer and confirms the sample alarm, and
 * the rehearsal goes on to its fix as the first event will.
 */
final class CannedAlarms {
  private static final String NS = " xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"";
  private static final Set<String> PLAIN =
      Set.of("Average", "Sum", "Maximum", "Minimum", "SampleCount");
  private final List<CloudWatchAlarm> known;

  CannedAlarms(List<CloudWatchAlarm> known) {
    this.known = List.copyOf(known);
  }

  /** The answer to a query-protocol request (its form body), or null when it is no alarm read. */
  String answer(String action, String form) {
    return switch (action) {
      case "DescribeAlarms" -> describe(parameter(form, "AlarmNames.member.1"));
      case "DescribeAlarmHistory" ->
          "<DescribeAlarmHistoryResponse"
              + NS
              + "><DescribeAlarmHistoryResult>"
              + "<AlarmHistoryItems/></DescribeAlarmHistoryResult></DescribeAlarmHistoryResponse>";
      default -> null;
    };
  }

  private String describe(String name) {
    StringBuilder xml =
        new StringBuilder("<DescribeAlarmsResponse" + NS + "><DescribeAlarmsResult><MetricAlarms>");
    known.stream()
        .filter(a -> a.name().equals(name) && a.metric().isPresent())
        .forEach(a -> member(xml, a));
    return xml.append(
            "</MetricAlarms><CompositeAlarms/></DescribeAlarmsResult></DescribeAlarmsResponse>")
        .toString();
  }

  private static void member(StringBuilder xml, CloudWatchAlarm a) {
    MetricIdentity m = a.metric().orElseThrow();
    xml.append("<member>")
        .append(tag("AlarmName", a.name()))
        .append(tag("Namespace", m.namespace()))
        .append(tag("MetricName", m.name()))
        .append("<Dimensions>");
    m.dimensions()
        .forEach(
            (k, v) ->
                xml.append("<member>")
                    .append(tag("Name", k))
                    .append(tag("Value", v))
                    .append("</member>"));
    xml.append("</Dimensions>")
        .append(
            tag(PLAIN.contains(m.statistic()) ? "Statistic" : "ExtendedStatistic", m.statistic()))
        .append(tag("Period", String.valueOf(m.periodSeconds())));
    m.threshold().ifPresent(t -> xml.append(tag("Threshold", String.valueOf(t))));
    m.comparison().ifPresent(c -> xml.append(tag("ComparisonOperator", c)));
    xml.append(tag("StateValue", a.stateValue()));
    a.stateUpdated().ifPresent(t -> xml.append(tag("StateUpdatedTimestamp", t.toString())));
    xml.append("</member>");
  }

  private static String tag(String name, String value) {
    return "<"
        + name
        + ">"
        + value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        + "</"
        + name
        + ">";
  }

  static String parameter(String form, String name) {
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return "";
  }
}
