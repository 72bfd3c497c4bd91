package com.tradai.remediation.alarm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.tradai.remediation.alarm.Rejection.Code;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns any of the four delivery shapes into one {@link Alarm}, or a {@link Rejection} that names
 * the field at fault. Uses Jackson's tree model: the aws-lambda-java-events classes drop
 * reasonData and metric-math fields.
 */
public final class AlarmIntake {
  public static final int MAX_BYTES = 256 * 1024;
  public static final Set<String> ENVIRONMENTS = Set.of("dev", "staging", "prod");

  private static final Pattern ALARM_ARN =
      Pattern.compile("^arn:aws[a-z-]*:cloudwatch:([a-z0-9-]+):(\\d{12}):alarm:(.+)$");
  private static final Pattern COMPACT_OFFSET = Pattern.compile("([+-]\\d{2})(\\d{2})$");
  private static final Map<String, String> STATISTICS =
      Map.of(
          "AVERAGE", "Average",
          "SUM", "Sum",
          "MINIMUM", "Minimum",
          "MAXIMUM", "Maximum",
          "SAMPLECOUNT", "SampleCount",
          "SAMPLE_COUNT", "SampleCount");

  private final ObjectMapper mapper;
  private final String project;

  public AlarmIntake(String project) {
    this.project = project;
    this.mapper = strictMapper();
  }

  /** Duplicate keys and absurd nesting are refused rather than silently resolved. */
  public static ObjectMapper strictMapper() {
    JsonMapper mapper =
        JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(64)
                .maxStringLength(MAX_BYTES)
                .build());
    return mapper;
  }

  public Intake parse(byte[] raw) {
    if (raw.length > MAX_BYTES) {
      return reject(
          Code.TOO_LARGE,
          "input is " + raw.length + " bytes; the limit is " + MAX_BYTES + " bytes (256 KB)");
    }
    if (raw.length == 0) {
      return reject(Code.INVALID_JSON, "input is empty; expected a JSON object");
    }
    try {
      JsonNode root = readJson(raw, "input");
      if (!root.isObject()) {
        return reject(Code.UNKNOWN_SHAPE, "input is a JSON " + kind(root) + "; expected an object");
      }
      return shapeOf(root);
    } catch (IntakeException e) {
      return new Intake.Rejected(e.rejection);
    }
  }

  private Intake shapeOf(JsonNode root) {
    if (root.has("Records")) {
      return new Intake.Accepted(fromSns(root));
    }
    if (root.has("detail-type")) {
      String type = root.path("detail-type").asText();
      if (!"CloudWatch Alarm State Change".equals(type)) {
        throw fail(
            Code.UNKNOWN_SHAPE,
            "detail-type '" + type + "' is not 'CloudWatch Alarm State Change'");
      }
      return new Intake.Accepted(fromEventBridge(root));
    }
    if (root.has("alarmData")) {
      return new Intake.Accepted(fromAlarmAction(root));
    }
    if (root.has("command")) {
      return new Intake.Manual(text(root, "command", "command"), root);
    }
    List<String> keys = new ArrayList<>();
    root.fieldNames().forEachRemaining(k -> keys.add(LogSafe.clean(k)));
    throw fail(
        Code.UNKNOWN_SHAPE,
        "input is not an SNS notification (Records), an EventBridge alarm state change"
            + " (detail-type), a CloudWatch alarm action (alarmData) or a manual command"
            + " (command); its top-level keys are "
            + (keys.size() > 10 ? keys.subList(0, 10) + "…" : keys));
  }

  // ---- SNS: Records[0].Sns.Message is a JSON string with PascalCase keys.
  private Alarm fromSns(JsonNode root) {
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
    JsonNode m = readJson(messageText.getBytes(java.nio.charset.StandardCharsets.UTF_8),
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
      metric = Optional.of(snsMetric(trigger, p + "Trigger"));
    } else if (trigger.isObject() && trigger.path("Metrics").isArray()) {
      math = snsMath(trigger.path("Metrics"), p + "Trigger.Metrics");
    } else if (!m.has("AlarmRule")) {
      throw fail(
          Code.MISSING_FIELD,
          p + "Trigger has neither MetricName nor Metrics, and there is no AlarmRule");
    }
    return new Alarm(
        name,
        environmentOf(name),
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

  private MetricIdentity snsMetric(JsonNode trigger, String path) {
    String statistic;
    if ("ExtendedStatistic".equals(trigger.path("StatisticType").asText())) {
      statistic = text(trigger, "ExtendedStatistic", path + ".ExtendedStatistic");
    } else {
      String raw = text(trigger, "Statistic", path + ".Statistic");
      statistic = STATISTICS.getOrDefault(raw.toUpperCase(java.util.Locale.ROOT), raw);
    }
    Map<String, String> dims = snsDimensions(trigger.path("Dimensions"), path + ".Dimensions");
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

  private List<MathMetric> snsMath(JsonNode metrics, String path) {
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
                    snsDimensions(metricNode.path("Dimensions"), at + ".MetricStat.Metric"),
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

  private Map<String, String> snsDimensions(JsonNode dims, String path) {
    Map<String, String> out = new LinkedHashMap<>();
    if (dims.isMissingNode() || dims.isNull()) {
      return out;
    }
    if (!dims.isArray()) {
      throw fail(Code.INVALID_FIELD, path + " is a " + kind(dims) + "; expected a list");
    }
    for (int i = 0; i < dims.size(); i++) {
      JsonNode d = dims.get(i);
      out.put(text(d, "name", path + "[" + i + "].name"), text(d, "value", path + "[" + i + "].value"));
    }
    return out;
  }

  // ---- EventBridge: camelCase under detail.
  private Alarm fromEventBridge(JsonNode root) {
    JsonNode detail = root.path("detail");
    if (!detail.isObject()) {
      throw fail(Code.MISSING_FIELD, "detail is missing from the EventBridge event");
    }
    JsonNode resources = root.path("resources");
    String arn =
        resources.isArray() && !resources.isEmpty()
            ? resources.get(0).asText()
            : text(root, "alarmArn", "resources[0]");
    return fromAlarmBody(detail, "detail", arn, Delivery.EVENTBRIDGE);
  }

  // ---- Direct Lambda alarm action: the same body as EventBridge's detail, under alarmData.
  private Alarm fromAlarmAction(JsonNode root) {
    JsonNode data = root.path("alarmData");
    if (!data.isObject()) {
      throw fail(Code.INVALID_FIELD, "alarmData is a " + kind(data) + "; expected an object");
    }
    return fromAlarmBody(data, "alarmData", text(root, "alarmArn", "alarmArn"),
        Delivery.ALARM_ACTION);
  }

  private Alarm fromAlarmBody(JsonNode body, String p, String arn, Delivery delivery) {
    Matcher arnParts = arn(arn, delivery == Delivery.EVENTBRIDGE ? "resources[0]" : "alarmArn");
    String name = text(body, "alarmName", p + ".alarmName");
    JsonNode stateNode = body.path("state");
    AlarmState state = state(text(stateNode, "value", p + ".state.value"), p + ".state.value");
    Instant time = time(text(stateNode, "timestamp", p + ".state.timestamp"), p + ".state.timestamp");
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
          camelMetrics(config.path("metrics"), p + ".configuration.metrics", reasonData);
      boolean single =
          entries.size() == 1
              && entries.get(0).expression().isEmpty()
              && entries.get(0).metric().isPresent();
      if (single) {
        metric = entries.get(0).metric();
        requireDimensions(metric.get().dimensions(),
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
          p + ".configuration has neither metrics nor alarmRule; cannot tell what the alarm watches");
    }
    return new Alarm(
        name,
        environmentOf(name),
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

  private List<MathMetric> camelMetrics(JsonNode metrics, String path, JsonNode reasonData) {
    Optional<Double> threshold = number(reasonData, "threshold");
    List<MathMetric> out = new ArrayList<>();
    for (int i = 0; i < metrics.size(); i++) {
      JsonNode entry = metrics.get(i);
      String at = path + "[" + i + "]";
      Optional<MetricIdentity> metric = Optional.empty();
      JsonNode stat = entry.path("metricStat");
      if (stat.isObject()) {
        JsonNode m = stat.path("metric");
        JsonNode dimsNode = m.path("dimensions");
        if (!dimsNode.isMissingNode() && !dimsNode.isNull() && !dimsNode.isObject()) {
          throw fail(Code.INVALID_FIELD,
              at + ".metricStat.metric.dimensions is a " + kind(dimsNode) + "; expected an object");
        }
        Map<String, String> dims = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = dimsNode.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> d = it.next();
          if (!d.getValue().isTextual()) {
            throw fail(Code.INVALID_FIELD,
                at + ".metricStat.metric.dimensions." + LogSafe.clean(d.getKey())
                    + " is a " + kind(d.getValue()) + "; expected a string");
          }
          dims.put(d.getKey(), d.getValue().asText());
        }
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

  private JsonNode reasonData(JsonNode state, String path) {
    Optional<String> raw = optionalText(state, "reasonData");
    if (raw.isEmpty() || raw.get().isBlank()) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    return readJson(raw.get().getBytes(java.nio.charset.StandardCharsets.UTF_8), path);
  }

  private List<String> triggeringAlarms(JsonNode reasonData) {
    List<String> names = new ArrayList<>();
    for (JsonNode t : reasonData.path("triggeringAlarms")) {
      String arn = t.path("arn").asText("");
      Matcher m = ALARM_ARN.matcher(arn);
      names.add(m.matches() ? m.group(3) : arn);
    }
    return names;
  }

  // ---- shared pieces
  private String environmentOf(String alarmName) {
    String prefix = project + "-";
    if (alarmName.startsWith(prefix)) {
      for (String token : alarmName.substring(prefix.length()).split("-")) {
        if (ENVIRONMENTS.contains(token)) {
          return token;
        }
      }
    }
    throw fail(
        Code.UNKNOWN_ENVIRONMENT,
        "alarm name '" + alarmName + "' does not name an environment; expected "
            + project + "-{dev|staging|prod}-…");
  }

  private static void requireDimensions(Map<String, String> dims, String path) {
    if (dims.isEmpty()) {
      throw fail(
          Code.MISSING_DIMENSIONS,
          path + " is empty or missing; without dimensions the target is unknown, so nothing is done");
    }
  }

  private static void requireSomeDimensions(List<MathMetric> metrics, String path) {
    boolean any = metrics.stream().anyMatch(m -> m.metric().map(x -> !x.dimensions().isEmpty()).orElse(false));
    if (!any) {
      throw fail(
          Code.MISSING_DIMENSIONS,
          path + " has no metric with dimensions; without them the target is unknown, so nothing is done");
    }
  }

  private JsonNode readJson(byte[] bytes, String what) {
    try {
      JsonNode node = mapper.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw fail(Code.INVALID_JSON, what + " is empty; expected JSON");
      }
      return node;
    } catch (JsonProcessingException e) {
      String why = e.getOriginalMessage();
      long offset = e.getLocation() == null ? -1
          : Math.max(e.getLocation().getCharOffset(), e.getLocation().getByteOffset());
      throw fail(
          Code.INVALID_JSON,
          what + " is not valid JSON" + (offset >= 0 ? " (at character " + offset + ")" : "")
              + ": " + why);
    } catch (java.io.IOException e) {
      throw fail(Code.INVALID_JSON, what + " could not be read: " + e.getMessage());
    }
  }

  private static Matcher arn(String arn, String path) {
    Matcher m = ALARM_ARN.matcher(arn);
    if (!m.matches()) {
      throw fail(
          Code.INVALID_FIELD,
          path + " '" + arn + "' is not a CloudWatch alarm ARN (arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME)");
    }
    return m;
  }

  private static AlarmState state(String value, String path) {
    return AlarmState.parse(value)
        .orElseThrow(
            () ->
                fail(
                    Code.INVALID_FIELD,
                    path + " '" + value + "' is not one of ALARM, OK, INSUFFICIENT_DATA"));
  }

  static Instant time(String value, String path) {
    String iso = COMPACT_OFFSET.matcher(value).replaceFirst("$1:$2");
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException e) {
      throw fail(
          Code.INVALID_FIELD,
          path + " '" + value + "' is not a timestamp like 2026-11-27T10:15:00.000+0000");
    }
  }

  private static String text(JsonNode node, String field, String path) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw fail(Code.MISSING_FIELD, path + " is missing");
    }
    if (!v.isTextual()) {
      throw fail(Code.INVALID_FIELD, path + " is a " + kind(v) + "; expected a string");
    }
    if (v.asText().isBlank()) {
      throw fail(Code.MISSING_FIELD, path + " is empty");
    }
    return v.asText();
  }

  private static Optional<String> optionalText(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
  }

  private static Optional<Double> number(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isNumber() ? Optional.of(v.asDouble()) : Optional.empty();
  }

  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static Intake reject(Code code, String message) {
    return new Intake.Rejected(Rejection.of(code, message));
  }

  private static IntakeException fail(Code code, String message) {
    return new IntakeException(Rejection.of(code, message));
  }

  /** Unwinds the parse to the single place that turns it into a result. */
  private static final class IntakeException extends RuntimeException {
    private final transient Rejection rejection;

    IntakeException(Rejection rejection) {
      super(rejection.message(), null, false, false);
      this.rejection = rejection;
    }
  }
}
