package com.tradai.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.alarm.AlarmIntake;
import com.tradai.remediation.alarm.Intake;
import com.tradai.remediation.runbook.Routing;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The remediator's own alarms: one per failure mode, each escalating to people, and none able to
 * reach a runbook although some watch metrics a runbook would take (our functions' Errors).
 */
class SelfMonitoringTest {
  static final List<String> ENVS = EnvConfig.ENVIRONMENTS;
  private static final Synth SYNTH = Synth.get();

  /** The stack's own alarms (named {@code tradai-remediation-{env}-...}), by name suffix. */
  static Map<String, JsonNode> ownAlarms(String env) {
    String prefix = SYNTH.config(env).stackName() + "-";
    Map<String, JsonNode> own = new TreeMap<>();
    SYNTH.resources(env, "AWS::CloudWatch::Alarm").values().stream()
        .map(alarm -> alarm.get("Properties"))
        .filter(p -> p.get("AlarmName").asText().startsWith(prefix))
        .forEach(p -> own.put(p.get("AlarmName").asText().substring(prefix.length()), p));
    return own;
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void everyWayTheRemediatorCanFailHasAnAlarmThatPagesAPerson(String env) {
    Map<String, JsonNode> own = ownAlarms(env);
    assertThat(own.keySet())
        .containsExactlyInAnyOrder(
            "remediation-errors",
            "remediation-throttles",
            "verifier-errors",
            "verifier-throttles",
            "health-check-errors",
            "health-check-throttles",
            "operator-errors",
            "operator-throttles",
            "remediations-failed",
            "breaker-open",
            "configuration-refused",
            "health-check-heartbeat",
            "alarm-state-change-rule-failed-invocations",
            "health-check-schedule-failed-invocations",
            "verify-queue-stuck",
            "failures-not-empty",
            "verify-dlq-not-empty",
            "delivery-dlq-not-empty",
            "alarm-topic-delivery-failed",
            "results-topic-delivery-failed");
    JsonNode escalation = Synth.JSON.valueToTree(List.of(Map.of("Ref", "EscalationTopic")));
    own.forEach((name, p) -> assertThat(p.get("AlarmActions")).as(name).isEqualTo(escalation));

    assertMetric(
        own.get("remediations-failed"),
        "tradai/Remediation",
        "RemediationsFailed",
        Map.of("Environment", env),
        "Sum",
        1);
    assertMetric(
        own.get("breaker-open"),
        "tradai/Remediation",
        "BreakerOpen",
        Map.of("Environment", env),
        "Sum",
        1);
    assertMetric(
        own.get("configuration-refused"),
        "tradai/Remediation",
        "ConfigurationRefused",
        Map.of("Environment", env),
        "Sum",
        1);
    assertMetric(
        own.get("remediation-errors"),
        "AWS/Lambda",
        "Errors",
        Map.of("FunctionName", Map.of("Ref", "RemediationFunction")),
        "Sum",
        1);
    assertMetric(
        own.get("verifier-throttles"),
        "AWS/Lambda",
        "Throttles",
        Map.of("FunctionName", Map.of("Ref", "VerifierFunction")),
        "Sum",
        1);
    assertMetric(
        own.get("alarm-state-change-rule-failed-invocations"),
        "AWS/Events",
        "FailedInvocations",
        Map.of("RuleName", Map.of("Ref", ruleId(env, "alarm-state-change"))),
        "Sum",
        1);
    assertMetric(
        own.get("delivery-dlq-not-empty"),
        "AWS/SQS",
        "ApproximateNumberOfMessagesVisible",
        Map.of("QueueName", Map.of("Fn::GetAtt", List.of("DeliveryDeadLetterQueue", "QueueName"))),
        "Maximum",
        1);
    assertMetric(
        own.get("alarm-topic-delivery-failed"),
        "AWS/SNS",
        "NumberOfNotificationsFailed",
        Map.of("TopicName", Map.of("Fn::GetAtt", List.of("AlarmTopic", "TopicName"))),
        "Sum",
        1);
    int delay =
        PolicyFile.parse(SYNTH.config(env).policyJson(Synth.INFRA_DIR.getParent()))
            .verificationDelaySeconds();
    assertMetric(
        own.get("verify-queue-stuck"),
        "AWS/SQS",
        "ApproximateAgeOfOldestMessage",
        Map.of("QueueName", Map.of("Fn::GetAtt", List.of("VerifyQueue", "QueueName"))),
        "Maximum",
        delay + 900);
    assertThat(own.get("verify-queue-stuck").get("ComparisonOperator").asText())
        .isEqualTo("GreaterThanThreshold");
  }

  /** A health check that stopped running: two periods of its schedule without an invocation. */
  @ParameterizedTest
  @FieldSource("ENVS")
  void aHealthCheckThatStoppedRunningPagesAfterTwoOfItsPeriods(String env) {
    JsonNode heartbeat = ownAlarms(env).get("health-check-heartbeat");
    int period =
        env.equals("prod") ? 300 : 900; // rate(5 minutes) in prod, rate(15 minutes) elsewhere
    assertThat(SelfMonitoring.schedulePeriod(SYNTH.config(env).healthCheckSchedule()).toSeconds())
        .isEqualTo(period);
    assertThat(heartbeat.get("Namespace").asText()).isEqualTo("AWS/Lambda");
    assertThat(heartbeat.get("MetricName").asText()).isEqualTo("Invocations");
    assertThat(heartbeat.get("Dimensions"))
        .isEqualTo(
            Synth.JSON.valueToTree(
                List.of(
                    Map.of(
                        "Name", "FunctionName", "Value", Map.of("Ref", "HealthCheckFunction")))));
    assertThat(heartbeat.get("Statistic").asText()).isEqualTo("Sum");
    assertThat(heartbeat.get("Period").asInt()).isEqualTo(period);
    assertThat(heartbeat.get("EvaluationPeriods").asInt()).isEqualTo(2);
    assertThat(heartbeat.get("DatapointsToAlarm").asInt()).isEqualTo(2);
    assertThat(heartbeat.get("ComparisonOperator").asText()).isEqualTo("LessThanThreshold");
    assertThat(heartbeat.get("Threshold").asDouble()).isEqualTo(1);
    // no invocation means no data point: silence must count as a missed run
    assertThat(heartbeat.get("TreatMissingData").asText()).isEqualTo("breaching");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SelfMonitoring.schedulePeriod("cron(0 * * * ? *)"))
        .hasMessageStartingWith(
            "healthCheckSchedule: \"cron(0 * * * ? *)\" must be a rate expression");
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void noneOfTheStacksOwnAlarmsCanReachARunbook(String env) throws IOException {
    EnvConfig cfg = SYNTH.config(env);
    JsonNode resources = SYNTH.json(env).get("Resources");
    // Every path into the remediation function, as synthesized: the EventBridge pattern's
    // alarm-name prefix, the alarm topic's CloudWatch publish condition, the direct-action
    // permission.
    String rulePrefix =
        resources
            .at(
                "/"
                    + ruleId(env, "alarm-state-change")
                    + "/Properties/EventPattern/detail/alarmName/0/prefix")
            .asText();
    assertThat(rulePrefix).isEqualTo(cfg.envPrefix());
    List<Pattern> arnFilters =
        List.of(
            arnLike(
                SYNTH.resources(env, "AWS::SNS::TopicPolicy").values().stream()
                    .filter(p -> p.at("/Properties/Topics/0/Ref").asText().equals("AlarmTopic"))
                    .findFirst()
                    .orElseThrow()
                    .at("/Properties/PolicyDocument/Statement")
                    .findValue("aws:SourceArn")),
            arnLike(
                SYNTH.resources(env, "AWS::Lambda::Permission").values().stream()
                    .filter(
                        p ->
                            p.at("/Properties/Principal")
                                .asText()
                                .equals("lambda.alarms.cloudwatch.amazonaws.com"))
                    .findFirst()
                    .orElseThrow()
                    .at("/Properties/SourceArn")));
    // Nothing subscribes a function to the escalation topic.
    SYNTH.resources(env, "AWS::SNS::Subscription").values().stream()
        .filter(s -> s.at("/Properties/TopicArn/Ref").asText().equals("EscalationTopic"))
        .forEach(s -> assertThat(s.at("/Properties/Protocol").asText()).isEqualTo("email"));

    AlarmIntake intake = new AlarmIntake(cfg.project());
    Map<String, Optional<String>> runbookIfDelivered = new LinkedHashMap<>();
    ownAlarms(env)
        .forEach(
            (suffix, alarm) -> {
              String name = alarm.get("AlarmName").asText();
              String arn = "arn:aws:cloudwatch:" + cfg.region() + ":123456789012:alarm:" + name;
              assertThat(name).as("EventBridge rule prefix").doesNotStartWith(rulePrefix);
              arnFilters.forEach(
                  f -> assertThat(f.matcher(arn).matches()).as(f + " vs " + arn).isFalse());
              assertThat(alarm.get("AlarmActions").toString())
                  .doesNotContain("AlarmTopic", "RemediationFunction");
              assertThat(alarm.has("OKActions") ? alarm.get("OKActions").toString() : "")
                  .doesNotContain("AlarmTopic", "RemediationFunction");
              runbookIfDelivered.put(suffix, wouldRoute(intake, alarm, arn, cfg.region()));
            });
    // Not a vacuous check: had the filters let them through, the intake and the functions' own
    // routing would hand our functions' Errors alarms to the lambda-timeout runbook.
    assertThat(runbookIfDelivered.get("remediation-errors")).contains("lambda-timeout");
    assertThat(runbookIfDelivered.get("verifier-errors")).contains("lambda-timeout");
    // the silence alarms went through the same intake and routing above
    assertThat(runbookIfDelivered).containsKeys("configuration-refused", "health-check-heartbeat");
  }

  /** The runbook the functions' routing would pick if this alarm's state change were delivered. */
  private static Optional<String> wouldRoute(
      AlarmIntake intake, JsonNode alarm, String arn, String region) {
    try {
      ObjectNode event =
          (ObjectNode)
              Synth.JSON.readTree(
                  Files.readString(
                      Synth.INFRA_DIR
                          .getParent()
                          .resolve("events/eventbridge-api-latency-alarm.json")));
      event.put("region", region);
      event.putArray("resources").add(arn);
      ObjectNode detail = (ObjectNode) event.get("detail");
      detail.put("alarmName", alarm.get("AlarmName").asText());
      ObjectNode metric = (ObjectNode) detail.at("/configuration/metrics/0/metricStat/metric");
      metric.put("namespace", alarm.get("Namespace").asText());
      metric.put("name", alarm.get("MetricName").asText());
      ObjectNode dims = metric.putObject("dimensions");
      alarm
          .get("Dimensions")
          .forEach(
              d ->
                  dims.put(
                      d.get("Name").asText(),
                      d.get("Value").isTextual()
                          ? d.get("Value").asText()
                          : d.get("Value").findValues("Ref").stream()
                              .findFirst()
                              .map(JsonNode::asText)
                              .orElse("resolved-at-deploy")));
      ((ObjectNode) detail.at("/configuration/metrics/0/metricStat"))
          .put("stat", alarm.get("Statistic").asText());
      Intake parsed = intake.parse(Synth.JSON.writeValueAsBytes(event));
      return parsed instanceof Intake.Accepted accepted
          ? Routing.defaults().runbookFor(accepted.alarm())
          : Optional.empty();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** An IAM ArnLike pattern written as Fn::Sub, with this account, as a regex. */
  private static Pattern arnLike(JsonNode sub) {
    String template = sub.has("Fn::Sub") ? sub.get("Fn::Sub").asText() : sub.asText();
    String arn =
        template
            .replace("${AWS::Partition}", "aws")
            .replace("${AWS::AccountId}", "123456789012")
            .replace("${AWS::Region}", "*");
    return Pattern.compile(
        java.util.Arrays.stream(arn.split("\\*", -1))
            .map(Pattern::quote)
            .collect(Collectors.joining(".*")));
  }

  private static String ruleId(String env, String ruleSuffix) {
    String ruleName = SYNTH.config(env).stackName() + "-" + ruleSuffix;
    return SYNTH.resources(env, "AWS::Events::Rule").entrySet().stream()
        .filter(e -> e.getValue().at("/Properties/Name").asText().equals(ruleName))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow();
  }

  private static void assertMetric(
      JsonNode p,
      String namespace,
      String metric,
      Map<String, Object> dims,
      String statistic,
      double threshold) {
    assertThat(p.get("Namespace").asText()).isEqualTo(namespace);
    assertThat(p.get("MetricName").asText()).isEqualTo(metric);
    Map<String, JsonNode> actual = new TreeMap<>();
    p.get("Dimensions").forEach(d -> actual.put(d.get("Name").asText(), d.get("Value")));
    Map<String, JsonNode> expected = new TreeMap<>();
    dims.forEach((k, v) -> expected.put(k, Synth.JSON.valueToTree(v)));
    assertThat(actual).as(metric).isEqualTo(expected);
    assertThat(p.get("Statistic").asText()).as(metric).isEqualTo(statistic);
    assertThat(p.get("Threshold").asDouble()).as(metric).isEqualTo(threshold);
    assertThat(p.get("Period").asInt()).as(metric).isEqualTo(300);
    assertThat(p.get("TreatMissingData").asText()).as(metric).isEqualTo("notBreaching");
  }
}
