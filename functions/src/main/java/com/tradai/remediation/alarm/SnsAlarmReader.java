package com.tradai.remediation.alarm;

import static com.tradai.remediation.alarm.IntakeFields.arn;
import static com.tradai.remediation.alarm.IntakeFields.fail;
import static com.tradai.remediation.alarm.IntakeFields.kind;
import static com.tradai.remediation.alarm.IntakeFields.number;
import static com.tradai.remediation.alarm.IntakeFields.optionalText;
import static com.tradai.remediation.alarm.IntakeFields.requireDimensions;
import static com.tradai.remediation.alarm.IntakeFields.requireSomeDimensions;
import static com.tradai.remediation.alarm.IntakeFields.state;
import static com.tradai.remediation.alarm.IntakeFields.text;
import static com.tradai.remediation.alarm.IntakeFields.time;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradai.remediation.alarm.Rejection.Code;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;

/**
 * The alarm in an SNS notification: {@code Records[0].Sns.Message} is a JSON string with
 * CloudWatch's PascalCase keys; a metric alarm's {@code Trigger} names its metric, a metric-math
 * alarm's lists {@code Metrics}, a composite alarm has an {@code AlarmRule} instead.
 */
final class SnsAlarmReader {
  private static final Map<String, String> STATISTICS =
      Map.of(
          "AVERAGE", "Average",
          "SUM", "Sum",
          "MINIMUM", "Minimum",
          "MAXIMUM", "Maximum",
          "SAMPLECOUNT", "SampleCount",
          "SAMPLE_COUNT", "SampleCount");

  private final ObjectMapper mapper;
  private final UnaryOperator<String> environmentOf;

  /**
   * @param environmentOf the environment an alarm name names, or a rejection
   */
  SnsAlarmReader(ObjectMapper mapper, UnaryOperator<String> environmentOf) {
    this.mapper = mapper;
    this.environmentOf = environmentOf;
  }

  Alarm read(JsonNode root) {
    JsonNode records = root.get("Records");
    if (!records.isArray() || records.isEmpty()) {
      throw fail(Code.MISSING_FIELD, "Records is empty; expected one SNS record");
    }
    if (records.size() > 1) {
      throw fail(
          Code.INVALID_FIELD,
          "Records holds " + records.size() + " entries; an SNS delivery carries exactly one");
    }
    JsonNode sns = records.get(0).path("Sns");
    if (!sns.isObject()) {
      throw fail(Code.UNKNOWN_SHAPE, "Records[0].Sns is missing; this is not an SNS notification");
    }
    String messageText = text(sns, "Message", "Records[0].Sns.Message");
    JsonNode m =
        IntakeFields.readJson(
            mapper,
            messageText.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "Records[0].Sns.Message");
    if (!m.isObject()) {
      throw fail(Code.INVALID_FIELD, "Records[0].Sns.Message is not a JSON object");
    }
    String p = "Sns.Message.";
    String name = text(m, "AlarmName", p + "AlarmName");
    String arn = text(m, "AlarmArn", p + "AlarmArn");
    Matcher arnParts = arn(arn, p + "AlarmArn");
    AlarmState state = state(text(m, "NewStateValue", p + "NewStateValue"), p + "NewStateValue");
    Optional<AlarmState> previous =
        optionalText(m, "OldStateValue").map(v -> state(v, p + "OldStateValue"));
    Instant time = time(text(m, "StateChangeTime", p + "StateChangeTime"), p + "StateChangeTime");
    JsonNode trigger = m.path("Trigger");
    Optional<MetricIdentity> metric = Optional.empty();
    List<MathMetric> math = List.of();
    if (trigger.isObject() && trigger.hasNonNull("MetricName")) {
      metric = Optional.of(metric(trigger, p + "Trigger"));
    } else if (trigger.isObject() && trigger.path("Metrics").isArray()) {
      math = math(trigger.path("Metrics"), p + "Trigger.Metrics");
    } else if (!m.has("AlarmRule")) {
      throw fail(
          Code.MISSING_FIELD,
          p + "Trigger has neither MetricName nor Metrics, and there is no AlarmRule");
    }
    return new Alarm(
        name,
        environmentOf.apply(name),
        state,
        previous,
        optionalText(m, "NewStateReason").orElse(""),
        time,
        arn,
        optionalText(m, "AWSAccountId").orElse(arnParts.group(2)),
        arnParts.group(1),
        Delivery.SNS,
        metric,
        math,
        List.of(),
        optionalText(m, "AlarmDescription").orElse(""));
  }

  private static MetricIdentity metric(JsonNode trigger, String path) {
    String statistic;
    if ("ExtendedStatistic".equals(trigger.path("StatisticType").asText())) {
      statistic = text(trigger, "ExtendedStatistic", path + ".ExtendedStatistic");
    } else {
      String raw = text(trigger, "Statistic", path + ".Statistic");
      statistic = STATISTICS.getOrDefault(raw.toUpperCase(java.util.Locale.ROOT), raw);
    }
    Map<String, String> dims = dimensions(trigger.path("Dimensions"), path + ".Dimensions");
    requireDimensions(dims, path + ".Dimensions");
    return new MetricIdentity(
        text(trigger, "Namespace", path + ".Namespace"),
        text(trigger, "MetricName", path + ".MetricName"),
        dims,
        statistic,
        trigger.path("Period").asInt(60),
        number(trigger, "Threshold"),
        optionalText(trigger, "ComparisonOperator"));
  }

  private static List<MathMetric> math(JsonNode metrics, String path) {
    List<MathMetric> out = new ArrayList<>();
    for (int i = 0; i < metrics.size(); i++) {
      JsonNode entry = metrics.get(i);
      String at = path + "[" + i + "]";
      Optional<MetricIdentity> metric = Optional.empty();
      JsonNode stat = entry.path("MetricStat");
      if (stat.isObject()) {
        JsonNode metricNode = stat.path("Metric");
        metric =
            Optional.of(
                new MetricIdentity(
                    text(metricNode, "Namespace", at + ".MetricStat.Metric.Namespace"),
                    text(metricNode, "MetricName", at + ".MetricStat.Metric.MetricName"),
                    dimensions(metricNode.path("Dimensions"), at + ".MetricStat.Metric"),
                    text(stat, "Stat", at + ".MetricStat.Stat"),
                    stat.path("Period").asInt(60),
                    Optional.empty(),
                    Optional.empty()));
      }
      out.add(
          new MathMetric(
              text(entry, "Id", at + ".Id"),
              optionalText(entry, "Expression"),
              metric,
              entry.path("ReturnData").asBoolean(false)));
    }
    requireSomeDimensions(out, path);
    return out;
  }

  /** SNS lists dimensions as {@code [{"name": …, "value": …}]}. */
  private static Map<String, String> dimensions(JsonNode dims, String path) {
    Map<String, String> out = new LinkedHashMap<>();
    if (dims.isMissingNode() || dims.isNull()) {
      return out;
    }
    if (!dims.isArray()) {
      throw fail(Code.INVALID_FIELD, path + " is a " + kind(dims) + "; expected a list");
    }
    for (int i = 0; i < dims.size(); i++) {
      JsonNode d = dims.get(i);
      out.put(
          text(d, "name", path + "[" + i + "].name"), text(d, "value", path + "[" + i + "].value"));
    }
    return out;
  }
}
