package com.tradai.remediation.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.alarm.Rejection.Code;
import com.tradai.remediation.testing.Resources;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlarmIntakeTest {
  private static final String LB = "app/tradai-dev/50dc6c495c0c9188";
  private static final String ARN =
      "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:tradai-dev-api-latency-high";
  private final AlarmIntake intake = new AlarmIntake("tradai");

  private Alarm accepted(String json) {
    Intake result = intake.parse(json.getBytes(StandardCharsets.UTF_8));
    assertThat(result).isInstanceOf(Intake.Accepted.class);
    return ((Intake.Accepted) result).alarm();
  }

  private Rejection rejected(String json) {
    Intake result = intake.parse(json.getBytes(StandardCharsets.UTF_8));
    assertThat(result).isInstanceOf(Intake.Rejected.class);
    return ((Intake.Rejected) result).rejection();
  }

  @ParameterizedTest(name = "{0} normalises to the same alarm")
  @CsvSource({
    "sns-api-latency-alarm.json, SNS",
    "eventbridge-api-latency-alarm.json, EVENTBRIDGE",
    "alarm-action-api-latency-alarm.json, ALARM_ACTION"
  })
  void everyDeliveryShapeNormalisesToOneAlarm(String file, Delivery delivery) {
    Alarm a = accepted(Resources.text("/events/" + file));

    assertThat(a.delivery()).isEqualTo(delivery);
    assertThat(a.name()).isEqualTo("tradai-dev-api-latency-high");
    assertThat(a.environment()).isEqualTo("dev");
    assertThat(a.state()).isEqualTo(AlarmState.ALARM);
    assertThat(a.previousState()).contains(AlarmState.OK);
    assertThat(a.stateChangeTime()).isEqualTo(Instant.parse("2026-11-27T10:15:00Z"));
    assertThat(a.arn()).isEqualTo(ARN);
    assertThat(a.account()).isEqualTo("123456789012");
    assertThat(a.region()).isEqualTo("eu-west-1");
    assertThat(a.reason()).startsWith("Threshold Crossed: 3 out of the last 3 datapoints");
    MetricIdentity m = a.metric().orElseThrow();
    assertThat(m.namespace()).isEqualTo("AWS/ApplicationELB");
    assertThat(m.name()).isEqualTo("TargetResponseTime");
    assertThat(m.dimensions()).isEqualTo(Map.of("LoadBalancer", LB));
    assertThat(m.statistic()).isEqualTo("p99");
    assertThat(m.periodSeconds()).isEqualTo(60);
    assertThat(m.threshold()).contains(2.0);
    // the same transition has one key whatever delivered it
    assertThat(a.idempotencyKey())
        .isEqualTo(ARN + "@" + Instant.parse("2026-11-27T10:15:00Z").toEpochMilli());
  }

  @Test
  void snsTakesRegionFromTheArnNotTheLongRegionName() {
    Alarm a = accepted(Resources.text("/events/sns-api-latency-alarm.json"));
    assertThat(a.region()).isEqualTo("eu-west-1");
    assertThat(a.metric().orElseThrow().comparison()).contains("GreaterThanThreshold");
  }

  @Test
  void snsPlainStatisticIsUpperCaseAndIsNormalised() {
    String json =
        snsWith(
            "\"StatisticType\":\"ExtendedStatistic\",\"ExtendedStatistic\":\"p99\"",
            "\"StatisticType\":\"Statistic\",\"Statistic\":\"AVERAGE\"");
    assertThat(accepted(json).metric().orElseThrow().statistic()).isEqualTo("Average");
  }

  @Test
  void snsMetricMathAlarmKeepsEveryMetric() {
    String message =
        "{\"AlarmName\":\"tradai-dev-api-error-rate\",\"AlarmArn\":\"arn:aws:cloudwatch:eu-west-1:123456789012:alarm:tradai-dev-api-error-rate\","
            + "\"NewStateValue\":\"ALARM\",\"OldStateValue\":\"OK\",\"StateChangeTime\":\"2026-11-27T10:15:00.000+0000\",\"NewStateReason\":\"x\","
            + "\"Trigger\":{\"Metrics\":[{\"Id\":\"e1\",\"Expression\":\"m1/m2*100\",\"Label\":\"rate\",\"ReturnData\":true},"
            + "{\"Id\":\"m1\",\"MetricStat\":{\"Metric\":{\"Dimensions\":[{\"value\":\""
            + LB
            + "\",\"name\":\"LoadBalancer\"}],\"MetricName\":\"HTTPCode_Target_5XX_Count\",\"Namespace\":\"AWS/ApplicationELB\"},\"Period\":60,\"Stat\":\"Sum\"},\"ReturnData\":false},"
            + "{\"Id\":\"m2\",\"MetricStat\":{\"Metric\":{\"Dimensions\":[{\"value\":\""
            + LB
            + "\",\"name\":\"LoadBalancer\"}],\"MetricName\":\"RequestCount\",\"Namespace\":\"AWS/ApplicationELB\"},\"Period\":60,\"Stat\":\"Sum\"},\"ReturnData\":false}],"
            + "\"ComparisonOperator\":\"GreaterThanThreshold\",\"Threshold\":5.0}}";
    Alarm a = accepted(sns(message));
    assertThat(a.metric()).isEmpty();
    assertThat(a.mathMetrics()).extracting(MathMetric::id).containsExactly("e1", "m1", "m2");
    assertThat(a.mathMetrics().get(0).expression()).contains("m1/m2*100");
    assertThat(a.metrics())
        .extracting(MetricIdentity::name)
        .containsExactly("HTTPCode_Target_5XX_Count", "RequestCount");
  }

  @Test
  void compositeAlarmActionCarriesItsTriggeringAlarms() {
    Alarm a = accepted(Resources.text("/events/alarm-action-composite-api-latency.json"));
    assertThat(a.isComposite()).isTrue();
    assertThat(a.triggeringAlarms()).containsExactly("tradai-dev-api-latency-high");
    assertThat(a.description()).isEqualTo("Composite: API latency or 5xx");
  }

  @Test
  void manualRequestIsRecognised() {
    Intake result = intake.parse(Resources.bytes("/events/manual-diagnose-api-latency.json"));
    assertThat(result)
        .isInstanceOfSatisfying(
            Intake.Manual.class, m -> assertThat(m.command()).isEqualTo("diagnose"));
  }

  @Test
  void okAndInsufficientDataAreParsedNotRejected() {
    assertThat(accepted(Resources.text("/events/sns-api-latency-ok.json")).state())
        .isEqualTo(AlarmState.OK);
    assertThat(accepted(Resources.text("/events/sns-api-latency-insufficient-data.json")).state())
        .isEqualTo(AlarmState.INSUFFICIENT_DATA);
  }

  // ---- rejections: each one names what was wrong

  @Test
  void unknownShapeNamesTheKeysItSaw() {
    Rejection r = rejected("{\"hello\":\"world\",\"foo\":1}");
    assertThat(r.code()).isEqualTo(Code.UNKNOWN_SHAPE);
    assertThat(r.message()).contains("[hello, foo]").contains("Records").contains("detail-type");
  }

  @Test
  void otherEventBridgeDetailTypesAreRejected() {
    Rejection r =
        rejected("{\"detail-type\":\"EC2 Instance State-change Notification\",\"detail\":{}}");
    assertThat(r.code()).isEqualTo(Code.UNKNOWN_SHAPE);
    assertThat(r.message()).contains("EC2 Instance State-change Notification");
  }

  @Test
  void truncatedJsonIsRejectedWithItsPosition() {
    String full = Resources.text("/events/eventbridge-api-latency-alarm.json");
    Rejection r = rejected(full.substring(0, full.length() / 2));
    assertThat(r.code()).isEqualTo(Code.INVALID_JSON);
    assertThat(r.message()).startsWith("input is not valid JSON (at character");
  }

  @Test
  void invalidJsonInsideTheSnsMessageStringIsRejected() {
    String json = Resources.text("/events/sns-api-latency-alarm.json");
    ObjectNode root = (ObjectNode) readTree(json);
    ObjectNode sns = (ObjectNode) root.get("Records").get(0).get("Sns");
    String message = sns.get("Message").asText();
    sns.put("Message", message.substring(0, 80));
    Rejection r = rejected(root.toString());
    assertThat(r.code()).isEqualTo(Code.INVALID_JSON);
    assertThat(r.message()).startsWith("Records[0].Sns.Message is not valid JSON");
  }

  @Test
  void emptyDimensionsAreRejected() {
    Rejection r =
        rejected(
            snsWith(
                "\"Dimensions\":[{\"value\":\"" + LB + "\",\"name\":\"LoadBalancer\"}]",
                "\"Dimensions\":[]"));
    assertThat(r.code()).isEqualTo(Code.MISSING_DIMENSIONS);
    assertThat(r.message()).contains("Sns.Message.Trigger.Dimensions is empty or missing");
  }

  @Test
  void missingDimensionsInEventBridgeAreRejected() {
    String json =
        Resources.text("/events/eventbridge-api-latency-alarm.json")
            .replace("\"dimensions\": {\n", "\"dimensionz\": {\n");
    Rejection r = rejected(json);
    assertThat(r.code()).isEqualTo(Code.MISSING_DIMENSIONS);
    assertThat(r.message())
        .contains("detail.configuration.metrics[0].metricStat.metric.dimensions");
  }

  @Test
  void missingFieldIsNamed() {
    Rejection r =
        rejected(
            Resources.text("/events/alarm-action-api-latency-alarm.json")
                .replace("\"alarmName\"", "\"alarmNom\""));
    assertThat(r.code()).isEqualTo(Code.MISSING_FIELD);
    assertThat(r.message()).isEqualTo("alarmData.alarmName is missing");
  }

  @Test
  void unknownStateIsRejected() {
    Rejection r =
        rejected(
            Resources.text("/events/eventbridge-api-latency-alarm.json")
                .replaceFirst("\"value\": \"ALARM\"", "\"value\": \"PANIC\""));
    assertThat(r.code()).isEqualTo(Code.INVALID_FIELD);
    assertThat(r.message())
        .contains("detail.state.value 'PANIC' is not one of ALARM, OK, INSUFFICIENT_DATA");
  }

  @Test
  void alarmNameWithoutEnvironmentIsRejected() {
    Rejection r =
        rejected(
            Resources.text("/events/alarm-action-api-latency-alarm.json")
                .replace(
                    "\"alarmName\": \"tradai-dev-api-latency-high\"",
                    "\"alarmName\": \"latency\""));
    assertThat(r.code()).isEqualTo(Code.UNKNOWN_ENVIRONMENT);
    assertThat(r.message()).contains("'latency'").contains("tradai-{dev|staging|prod}-");
  }

  @Test
  void inputOverTheLimitIsRejectedBeforeParsing() {
    byte[] big = new byte[AlarmIntake.MAX_BYTES + 1];
    java.util.Arrays.fill(big, (byte) '{');
    Rejection r = ((Intake.Rejected) intake.parse(big)).rejection();
    assertThat(r.code()).isEqualTo(Code.TOO_LARGE);
    assertThat(r.message()).isEqualTo("input is 262145 bytes; the limit is 262144 bytes (256 KB)");
  }

  @Test
  void duplicateKeysAreRefusedNotResolved() {
    Rejection r = rejected("{\"command\":\"diagnose\",\"command\":\"rollback\"}");
    assertThat(r.code()).isEqualTo(Code.INVALID_JSON);
    assertThat(r.message()).contains("Duplicate field 'command'");
  }

  @Test
  void emptyInputAndNonObjectsAreRejected() {
    assertThat(((Intake.Rejected) intake.parse(new byte[0])).rejection().code())
        .isEqualTo(Code.INVALID_JSON);
    assertThat(rejected("[1,2]").message()).isEqualTo("input is a JSON array; expected an object");
  }

  @Test
  void controlCharactersFromAlarmTextNeverReachARejectionRaw() {
    Rejection r = rejected("{\"evil\\r\\nFAKE LOG LINE\\u202e\":1}");
    assertThat(r.message())
        .doesNotContain("\r")
        .doesNotContain("\n")
        .doesNotContain("\u202e")
        .contains("evil\\r\\nFAKE LOG LINE?");
  }

  @Test
  void timestampsInEveryAwsFormatParse() {
    for (String t :
        List.of(
            "2026-11-27T10:15:00.000+0000",
            "2026-11-27T10:15:00Z",
            "2026-11-27T12:15:00.000+02:00")) {
      assertThat(IntakeFields.time(t, "t")).isEqualTo(Instant.parse("2026-11-27T10:15:00Z"));
    }
  }

  private static String sns(String message) {
    return "{\"Records\":[{\"EventSource\":\"aws:sns\",\"Sns\":{\"Type\":\"Notification\",\"Message\":"
        + com.fasterxml.jackson.databind.node.TextNode.valueOf(message)
        + "}}]}";
  }

  private static String snsWith(String find, String replace) {
    String json = Resources.text("/events/sns-api-latency-alarm.json");
    ObjectNode root = (ObjectNode) readTree(json);
    ObjectNode sns = (ObjectNode) root.get("Records").get(0).get("Sns");
    String message =
        sns.get("Message")
            .asText()
            .replace(find.replace("\":", "\": ").replace(",\"", ", \""), replace);
    assertThat(message).contains(replace);
    sns.put("Message", message);
    return root.toString();
  }

  private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
