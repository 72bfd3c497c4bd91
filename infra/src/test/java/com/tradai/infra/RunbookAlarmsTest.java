package com.tradai.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The runbook's alarms carry the on-call runbook's thresholds and reach the alarm topic. */
class RunbookAlarmsTest {

  static final List<String> ENVS = EnvConfig.ENVIRONMENTS;

  private static final Synth SYNTH = Synth.get();

  /** Alarm name to properties, for this environment's runbook alarms (tradai-{env}-...). */
  private static Map<String, JsonNode> runbookAlarms(String env) {
    return SYNTH.resources(env, "AWS::CloudWatch::Alarm").values().stream()
        .map(alarm -> alarm.get("Properties"))
        .filter(p -> p.get("AlarmName").asText().startsWith("tradai-" + env + "-"))
        .collect(Collectors.toMap(p -> p.get("AlarmName").asText(), p -> p));
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void oneAlarmPerRunbookSignalAndTarget(String env) {
    EnvConfig.Targets targets = SYNTH.config(env).targets();
    int expected =
        1 // API latency
            + 2 * targets.ecsServices().size() // CPU, memory
            + 3 * targets.lambdaFunctions().size() // duration, errors, throttles
            + 1 // RDS CPU
            + 2 * targets.dynamodbTables().size(); // read, write throttles
    assertThat(runbookAlarms(env)).hasSize(expected);
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void apiLatencyAlarmIsP99TargetResponseTimeAboveTwoSeconds(String env) {
    SYNTH
        .template(env)
        .hasResourceProperties(
            "AWS::CloudWatch::Alarm",
            Map.of(
                "AlarmName",
                "tradai-" + env + "-api-latency-high",
                "Namespace",
                "AWS/ApplicationELB",
                "MetricName",
                "TargetResponseTime",
                "ExtendedStatistic",
                "p99",
                "Threshold",
                2,
                "ComparisonOperator",
                "GreaterThanThreshold",
                "Period",
                60,
                "Dimensions",
                List.of(
                    Map.of(
                        "Name",
                        "LoadBalancer",
                        "Value",
                        SYNTH.config(env).targets().albLoadBalancer()))));
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void ecsCpuAndMemoryAboveEightyPercentPerService(String env) {
    Template t = SYNTH.template(env);
    for (String service : List.of("backend", "strategy-service", "data-collection")) {
      for (String[] m :
          new String[][] {{"cpu", "CPUUtilization"}, {"memory", "MemoryUtilization"}}) {
        t.hasResourceProperties(
            "AWS::CloudWatch::Alarm",
            Map.of(
                "AlarmName",
                "tradai-" + env + "-" + service + "-" + m[0] + "-high",
                "Namespace",
                "AWS/ECS",
                "MetricName",
                m[1],
                "Statistic",
                "Average",
                "Threshold",
                80,
                "ComparisonOperator",
                "GreaterThanThreshold",
                "Dimensions",
                Match.arrayWith(
                    List.of(
                        Map.of("Name", "ClusterName", "Value", "tradai-" + env),
                        Map.of("Name", "ServiceName", "Value", "tradai-" + service + "-" + env)))));
      }
    }
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void lambdaDurationErrorsAndThrottlesPerConfiguredFunction(String env) {
    Template t = SYNTH.template(env);
    EnvConfig cfg = SYNTH.config(env);
    for (String fn : cfg.targets().lambdaFunctions()) {
      Map<String, Object> dims = Map.of("Name", "FunctionName", "Value", cfg.serviceName(fn));
      t.hasResourceProperties(
          "AWS::CloudWatch::Alarm",
          Map.of(
              "AlarmName",
              "tradai-" + env + "-" + fn + "-duration-high",
              "MetricName",
              "Duration",
              "ExtendedStatistic",
              "p99",
              "Threshold",
              cfg.thresholds().lambdaDurationP99Millis(),
              "Dimensions",
              List.of(dims)));
      for (String[] m : new String[][] {{"errors", "Errors"}, {"throttles", "Throttles"}}) {
        t.hasResourceProperties(
            "AWS::CloudWatch::Alarm",
            Map.of(
                "AlarmName",
                "tradai-" + env + "-" + fn + "-" + m[0],
                "Namespace",
                "AWS/Lambda",
                "MetricName",
                m[1],
                "Statistic",
                "Sum",
                "Threshold",
                1,
                "ComparisonOperator",
                "GreaterThanOrEqualToThreshold",
                "Dimensions",
                List.of(dims)));
      }
    }
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void rdsCpuAndDynamoDbThrottles(String env) {
    Template t = SYNTH.template(env);
    t.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of(
            "AlarmName",
            "tradai-" + env + "-rds-cpu-high",
            "Namespace",
            "AWS/RDS",
            "MetricName",
            "CPUUtilization",
            "Threshold",
            80,
            "Dimensions",
            List.of(Map.of("Name", "DBInstanceIdentifier", "Value", "tradai-" + env))));
    for (String kind : List.of("Read", "Write")) {
      t.hasResourceProperties(
          "AWS::CloudWatch::Alarm",
          Map.of(
              "AlarmName",
              "tradai-" + env + "-workflow-state-" + kind.toLowerCase() + "-throttles",
              "Namespace",
              "AWS/DynamoDB",
              "MetricName",
              kind + "ThrottleEvents",
              "Statistic",
              "Sum",
              "Threshold",
              1,
              "Dimensions",
              List.of(Map.of("Name", "TableName", "Value", "tradai-" + env + "-workflow-state"))));
    }
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void everyRunbookAlarmNotifiesTheAlarmTopicOnAlarmAndOk(String env) {
    JsonNode topic = Synth.JSON.valueToTree(List.of(Map.of("Ref", "AlarmTopic")));
    runbookAlarms(env)
        .forEach(
            (name, p) -> {
              assertThat(p.get("AlarmActions")).as(name).isEqualTo(topic);
              assertThat(p.get("OKActions")).as(name).isEqualTo(topic);
              assertThat(p.get("TreatMissingData").asText()).as(name).isEqualTo("notBreaching");
              assertThat(p.get("EvaluationPeriods").asInt()).as(name).isEqualTo(5);
              assertThat(p.get("DatapointsToAlarm").asInt()).as(name).isEqualTo(3);
            });
  }

  /**
   * Every alarm that notifies the alarm topic (so reaches the remediation function) has a route in
   * the functions' routing.json: read as the function reads it, by namespace, metric and
   * dimensions.
   */
  @ParameterizedTest
  @FieldSource("ENVS")
  void everyAlarmOnTheAlarmTopicRoutesToARunbook(String env) {
    JsonNode topic = Synth.JSON.valueToTree(List.of(Map.of("Ref", "AlarmTopic")));
    com.tradai.remediation.runbook.Routing routing =
        com.tradai.remediation.runbook.Routing.defaults();
    List<String> routed = new java.util.ArrayList<>();
    SYNTH.resources(env, "AWS::CloudWatch::Alarm").values().stream()
        .map(alarm -> alarm.get("Properties"))
        .filter(p -> topic.equals(p.get("AlarmActions")))
        .forEach(
            p -> {
              Map<String, String> dims = new java.util.TreeMap<>();
              p.path("Dimensions")
                  .forEach(d -> dims.put(d.get("Name").asText(), d.get("Value").asText()));
              String stat =
                  p.has("ExtendedStatistic")
                      ? p.get("ExtendedStatistic").asText()
                      : p.get("Statistic").asText();
              String name = p.get("AlarmName").asText();
              var alarm =
                  new com.tradai.remediation.alarm.Alarm(
                      name,
                      env,
                      com.tradai.remediation.alarm.AlarmState.ALARM,
                      java.util.Optional.empty(),
                      "test",
                      java.time.Instant.parse("2026-11-27T10:15:00Z"),
                      "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:" + name,
                      "123456789012",
                      "eu-west-1",
                      com.tradai.remediation.alarm.Delivery.SNS,
                      java.util.Optional.of(
                          new com.tradai.remediation.alarm.MetricIdentity(
                              p.get("Namespace").asText(),
                              p.get("MetricName").asText(),
                              dims,
                              stat,
                              p.path("Period").asInt(60),
                              java.util.Optional.empty(),
                              java.util.Optional.empty())),
                      List.of(),
                      List.of(),
                      "");
              assertThat(routing.runbookFor(alarm)).as(name + " routes to a runbook").isPresent();
              routed.add(name);
            });
    assertThat(routed).contains("tradai-" + env + "-backtest-runner-throttles");
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void ownQueueAlarmsEscalateAndStayOutsideTheRemediatedPrefix(String env) {
    Map<String, JsonNode> own =
        SYNTH.resources(env, "AWS::CloudWatch::Alarm").values().stream()
            .map(alarm -> alarm.get("Properties"))
            .filter(p -> p.get("AlarmName").asText().startsWith("tradai-remediation-" + env + "-"))
            .collect(Collectors.toMap(p -> p.get("AlarmName").asText(), p -> p));
    assertThat(own.keySet()) // the rest: SelfMonitoringTest
        .contains(
            "tradai-remediation-" + env + "-failures-not-empty",
            "tradai-remediation-" + env + "-verify-dlq-not-empty");
    own.values()
        .forEach(
            p ->
                assertThat(p.get("AlarmActions"))
                    .isEqualTo(Synth.JSON.valueToTree(List.of(Map.of("Ref", "EscalationTopic")))));
  }
}
