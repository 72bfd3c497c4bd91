package com.tradai.remediation.alarm;

import static com.tradai.remediation.alarm.IntakeFields.fail;
import static com.tradai.remediation.alarm.IntakeFields.kind;
import static com.tradai.remediation.alarm.IntakeFields.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.tradai.remediation.alarm.Rejection.Code;
import com.tradai.remediation.core.LogSafe;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns any of the four delivery shapes into one {@link Alarm}, or a {@link Rejection} that names
 * the field at fault: an SNS notification ({@link SnsAlarmReader}), an EventBridge alarm state
 * change or a direct alarm action (both {@link StateChangeReader}), or a manual command. Uses
 * Jackson's tree model: the aws-lambda-java-events classes drop reasonData and metric-math fields.
 */
public final class AlarmIntake {
  public static final int MAX_BYTES = 256 * 1024;
  public static final Set<String> ENVIRONMENTS = Set.of("dev", "staging", "prod");

  private final ObjectMapper mapper;
  private final String project;
  private final SnsAlarmReader sns;
  private final StateChangeReader stateChanges;

  public AlarmIntake(String project) {
    this.project = project;
    this.mapper = strictMapper();
    this.sns = new SnsAlarmReader(mapper, this::environmentOf);
    this.stateChanges = new StateChangeReader(mapper, this::environmentOf);
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
            StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(MAX_BYTES).build());
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
      JsonNode root = IntakeFields.readJson(mapper, raw, "input");
      if (!root.isObject()) {
        return reject(Code.UNKNOWN_SHAPE, "input is a JSON " + kind(root) + "; expected an object");
      }
      return shapeOf(root);
    } catch (IntakeFields.IntakeException e) {
      return new Intake.Rejected(e.rejection);
    }
  }

  private Intake shapeOf(JsonNode root) {
    if (root.has("Records")) {
      return new Intake.Accepted(sns.read(root));
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

  // ---- EventBridge: camelCase under detail, the alarm's ARN in resources.
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
    return stateChanges.read(detail, "detail", arn, Delivery.EVENTBRIDGE);
  }

  // ---- Direct Lambda alarm action: the same body as EventBridge's detail, under alarmData.
  private Alarm fromAlarmAction(JsonNode root) {
    JsonNode data = root.path("alarmData");
    if (!data.isObject()) {
      throw fail(Code.INVALID_FIELD, "alarmData is a " + kind(data) + "; expected an object");
    }
    return stateChanges.read(
        data, "alarmData", text(root, "alarmArn", "alarmArn"), Delivery.ALARM_ACTION);
  }

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
        "alarm name '"
            + alarmName
            + "' does not name an environment; expected "
            + project
            + "-{dev|staging|prod}-…");
  }

  private static Intake reject(Code code, String message) {
    return new Intake.Rejected(Rejection.of(code, message));
  }
}
