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
import com.tradai.remediation.core.LogSafe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;

/**
 * The alarm in CloudWatch's camelCase state-change body: EventBridge's {@code detail}, and the same
 * body under {@code alarmData} when the alarm invokes the function directly. Its {@code
 * configuration.metrics} holds one metric or a math alarm's entries; a composite alarm has an
 * {@code alarmRule}, and {@code state.reasonData} names the alarms that triggered it.
 */
final class StateChangeReader {
  private final ObjectMapper mapper;
  private final UnaryOperator<String> environmentOf;

  /**
   * @param environmentOf the environment an alarm name names, or a rejection
   */
  StateChangeReader(ObjectMapper mapper, UnaryOperator<String> environmentOf) {
    this.mapper = mapper;
    this.environmentOf = environmentOf;
  }

  /**
   * @param p the body's path, for rejections ({@code detail} or {@code alarmData})
   * @param arn the alarm's ARN, which the delivery carries outside the body
   */
  Alarm read(JsonNode body, String p, String arn, Delivery delivery) {
    Matcher arnParts = arn(arn, delivery == Delivery.EVENTBRIDGE ? "resources[0]" : "alarmArn");
    String name = text(body, "alarmName", p + ".alarmName");
    JsonNode stateNode = body.path("state");
    AlarmState state = state(text(stateNode, "value", p + ".state.value"), p + ".state.value");
    Instant time =
        time(text(stateNode, "timestamp", p + ".state.timestamp"), p + ".state.timestamp");
    Optional<AlarmState> previous =
        optionalText(body.path("previousState"), "value")
            .map(v -> state(v, p + ".previousState.value"));
    JsonNode reasonData = reasonData(stateNode, p + ".state.reasonData");
    JsonNode config = body.path("configuration");
    Optional<MetricIdentity> metric = Optional.empty();
    List<MathMetric> math = List.of();
    List<String> triggering = List.of();
    if (config.path("metrics").isArray() && !config.path("metrics").isEmpty()) {
      List<MathMetric> entries =
          metrics(config.path("metrics"), p + ".configuration.metrics", reasonData);
      boolean single =
          entries.size() == 1
              && entries.get(0).expression().isEmpty()
              && entries.get(0).metric().isPresent();
      if (single) {
        metric = entries.get(0).metric();
        requireDimensions(
            metric.get().dimensions(),
            p + ".configuration.metrics[0].metricStat.metric.dimensions");
      } else {
        requireSomeDimensions(entries, p + ".configuration.metrics");
        math = entries;
      }
    } else if (config.hasNonNull("alarmRule")) {
      triggering = triggeringAlarms(reasonData);
    } else {
      throw fail(
          Code.MISSING_FIELD,
          p
              + ".configuration has neither metrics nor alarmRule; cannot tell what the alarm watches");
    }
    return new Alarm(
        name,
        environmentOf.apply(name),
        state,
        previous,
        optionalText(stateNode, "reason").orElse(""),
        time,
        arn,
        arnParts.group(2),
        arnParts.group(1),
        delivery,
        metric,
        math,
        triggering,
        optionalText(config, "description").orElse(""));
  }

  private static List<MathMetric> metrics(JsonNode metrics, String path, JsonNode reasonData) {
    Optional<Double> threshold = number(reasonData, "threshold");
    List<MathMetric> out = new ArrayList<>();
    for (int i = 0; i < metrics.size(); i++) {
      JsonNode entry = metrics.get(i);
      String at = path + "[" + i + "]";
      Optional<MetricIdentity> metric = Optional.empty();
      JsonNode stat = entry.path("metricStat");
      if (stat.isObject()) {
        JsonNode m = stat.path("metric");
        Map<String, String> dims =
            dimensions(m.path("dimensions"), at + ".metricStat.metric.dimensions");
        metric =
            Optional.of(
                new MetricIdentity(
                    text(m, "namespace", at + ".metricStat.metric.namespace"),
                    text(m, "name", at + ".metricStat.metric.name"),
                    dims,
                    text(stat, "stat", at + ".metricStat.stat"),
                    stat.path("period").asInt(60),
                    threshold,
                    Optional.empty()));
      }
      out.add(
          new MathMetric(
              text(entry, "id", at + ".id"),
              optionalText(entry, "expression"),
              metric,
              entry.path("returnData").asBoolean(false)));
    }
    return out;
  }

  /** The camelCase body holds dimensions as an object of strings. */
  private static Map<String, String> dimensions(JsonNode dimsNode, String path) {
    if (!dimsNode.isMissingNode() && !dimsNode.isNull() && !dimsNode.isObject()) {
      throw fail(Code.INVALID_FIELD, path + " is a " + kind(dimsNode) + "; expected an object");
    }
    Map<String, String> dims = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = dimsNode.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> d = it.next();
      if (!d.getValue().isTextual()) {
        throw fail(
            Code.INVALID_FIELD,
            path
                + "."
                + LogSafe.clean(d.getKey())
                + " is a "
                + kind(d.getValue())
                + "; expected a string");
      }
      dims.put(d.getKey(), d.getValue().asText());
    }
    return dims;
  }

  private JsonNode reasonData(JsonNode state, String path) {
    Optional<String> raw = optionalText(state, "reasonData");
    if (raw.isEmpty() || raw.get().isBlank()) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    return IntakeFields.readJson(
        mapper, raw.get().getBytes(java.nio.charset.StandardCharsets.UTF_8), path);
  }

  private static List<String> triggeringAlarms(JsonNode reasonData) {
    List<String> names = new ArrayList<>();
    for (JsonNode t : reasonData.path("triggeringAlarms")) {
      String arn = t.path("arn").asText("");
      Matcher m = IntakeFields.ALARM_ARN.matcher(arn);
      names.add(m.matches() ? m.group(3) : arn);
    }
    return names;
  }
}
