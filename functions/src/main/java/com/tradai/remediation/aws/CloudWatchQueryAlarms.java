package com.tradai.remediation.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradai.remediation.alarm.CloudWatchAlarm;
import com.tradai.remediation.alarm.MetricIdentity;
import com.tradai.remediation.ports.AlarmLookup;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * CloudWatch's DescribeAlarms and DescribeAlarmHistory over the query protocol ({@link
 * AwsQueryCall}): the alarm confirmation's reads. The same calls as the SDK client's, in the
 * protocol both real CloudWatch and the local emulator serve. Pages are followed (NextToken) up to
 * {@link #MAX_PAGES}.
 */
public final class CloudWatchQueryAlarms implements AlarmLookup {
  static final int MAX_PAGES = 5;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AwsQueryCall call;

  public CloudWatchQueryAlarms(AwsQueryCall call) {
    this.call = call;
  }

  @Override
  public Optional<CloudWatchAlarm> describe(String alarmName) {
    Optional<String> token = Optional.empty();
    for (int page = 0; page < MAX_PAGES; page++) {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("AlarmNames.member.1", alarmName);
      p.put("AlarmTypes.member.1", "MetricAlarm");
      p.put("AlarmTypes.member.2", "CompositeAlarm");
      token.ifPresent(t -> p.put("NextToken", t));
      Element result = result(call.call("DescribeAlarms", p), "DescribeAlarmsResult");
      Optional<CloudWatchAlarm> found =
          alarms(result).stream().filter(a -> a.name().equals(alarmName)).findFirst();
      token = AwsQueryCall.text(result, "NextToken");
      if (found.isPresent() || token.isEmpty()) {
        return found;
      }
    }
    return Optional.empty();
  }

  @Override
  public List<CloudWatchAlarm.StateUpdate> stateUpdates(
      String alarmName, Instant from, Instant to) {
    List<CloudWatchAlarm.StateUpdate> out = new ArrayList<>();
    Optional<String> token = Optional.empty();
    for (int page = 0; page < MAX_PAGES; page++) {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("AlarmName", alarmName);
      p.put("HistoryItemType", "StateUpdate");
      p.put("StartDate", from.toString());
      p.put("EndDate", to.toString());
      p.put("ScanBy", "TimestampDescending");
      token.ifPresent(t -> p.put("NextToken", t));
      Element result = result(call.call("DescribeAlarmHistory", p), "DescribeAlarmHistoryResult");
      out.addAll(history(result));
      token = AwsQueryCall.text(result, "NextToken");
      if (token.isEmpty()) {
        break;
      }
    }
    return out;
  }

  /** The alarms of one DescribeAlarms answer (its Result element), metric and composite. */
  static List<CloudWatchAlarm> alarms(Element result) {
    List<CloudWatchAlarm> out = new ArrayList<>();
    AwsQueryCall.child(result, "MetricAlarms")
        .ifPresent(
            list -> {
              for (Element a : AwsQueryCall.children(list, "member")) {
                out.add(metricAlarm(a));
              }
            });
    AwsQueryCall.child(result, "CompositeAlarms")
        .ifPresent(
            list -> {
              for (Element a : AwsQueryCall.children(list, "member")) {
                out.add(
                    new CloudWatchAlarm(
                        AwsQueryCall.text(a, "AlarmName").orElse(""),
                        CloudWatchAlarm.Kind.COMPOSITE,
                        Optional.empty(),
                        AwsQueryCall.text(a, "StateValue").orElse(""),
                        AwsQueryCall.text(a, "StateUpdatedTimestamp")
                            .map(CloudWatchQueryAlarms::instant)));
              }
            });
    return out;
  }

  private static CloudWatchAlarm metricAlarm(Element a) {
    String name = AwsQueryCall.text(a, "AlarmName").orElse("");
    Optional<String> metricName = AwsQueryCall.text(a, "MetricName");
    Optional<String> namespace = AwsQueryCall.text(a, "Namespace");
    Optional<MetricIdentity> metric = Optional.empty();
    if (metricName.isPresent() && namespace.isPresent()) {
      Map<String, String> dims = new LinkedHashMap<>();
      AwsQueryCall.child(a, "Dimensions")
          .ifPresent(
              list ->
                  AwsQueryCall.children(list, "member")
                      .forEach(
                          d ->
                              dims.put(
                                  AwsQueryCall.text(d, "Name").orElse(""),
                                  AwsQueryCall.text(d, "Value").orElse(""))));
      String statistic =
          AwsQueryCall.text(a, "ExtendedStatistic")
              .or(() -> AwsQueryCall.text(a, "Statistic"))
              .orElse("");
      metric =
          Optional.of(
              new MetricIdentity(
                  namespace.get(),
                  metricName.get(),
                  dims,
                  statistic,
                  AwsQueryCall.text(a, "Period").map(Integer::parseInt).orElse(60),
                  AwsQueryCall.text(a, "Threshold").map(Double::parseDouble),
                  AwsQueryCall.text(a, "ComparisonOperator")));
    }
    return new CloudWatchAlarm(
        name,
        metric.isPresent() ? CloudWatchAlarm.Kind.METRIC : CloudWatchAlarm.Kind.METRIC_MATH,
        metric,
        AwsQueryCall.text(a, "StateValue").orElse(""),
        AwsQueryCall.text(a, "StateUpdatedTimestamp").map(CloudWatchQueryAlarms::instant));
  }

  /**
   * The StateUpdate items of one DescribeAlarmHistory answer: historyData's newState.stateValue.
   */
  static List<CloudWatchAlarm.StateUpdate> history(Element result) {
    List<CloudWatchAlarm.StateUpdate> out = new ArrayList<>();
    AwsQueryCall.child(result, "AlarmHistoryItems")
        .ifPresent(
            list -> {
              for (Element item : AwsQueryCall.children(list, "member")) {
                Optional<Instant> at =
                    AwsQueryCall.text(item, "Timestamp").map(CloudWatchQueryAlarms::instant);
                String newState =
                    AwsQueryCall.text(item, "HistoryData")
                        .map(CloudWatchQueryAlarms::newState)
                        .orElse("");
                at.ifPresent(t -> out.add(new CloudWatchAlarm.StateUpdate(t, newState)));
              }
            });
    return out;
  }

  private static String newState(String historyData) {
    try {
      JsonNode data = JSON.readTree(historyData);
      return data.path("newState").path("stateValue").asText("");
    } catch (IOException notJson) {
      return "";
    }
  }

  private static Element result(Element root, String name) {
    return AwsQueryCall.child(root, name).orElse(root);
  }

  private static Instant instant(String text) {
    return OffsetDateTime.parse(
            text.endsWith("Z") || text.matches(".*[+-]\\d{2}:\\d{2}$") ? text : text + "Z")
        .toInstant();
  }
}
