package com.tradai.remediation.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.alarm.MetricIdentity;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.LocalContext;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.testing.CborCloudWatch;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.Resources;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A composite alarm follows the alarms that triggered it: one DescribeAlarms reads their
 * definitions (served by the CBOR CloudWatch test double: moto cannot speak the SDK's CBOR), each
 * is routed to its runbook, and the reports name the composite. ECS and the ledger are moto's.
 */
@ExtendWith(Moto.class)
class CompositeAlarmTest {
  static final String LATENCY = "tradai-dev-api-latency-high";
  static final String MEMORY = "tradai-dev-backend-memory-high";
  static final Map<String, MetricIdentity> DEFINITIONS =
      Map.of(
          LATENCY,
              new MetricIdentity(
                  "AWS/ApplicationELB",
                  "TargetResponseTime",
                  Map.of("LoadBalancer", "app/tradai-dev/50dc6c495c0c9188"),
                  "p99",
                  60,
                  Optional.of(2.0),
                  Optional.of("GreaterThanThreshold")),
          MEMORY,
              new MetricIdentity(
                  "AWS/ECS",
                  "MemoryUtilization",
                  Map.of("ClusterName", "tradai-dev", "ServiceName", "tradai-backend-dev"),
                  "Average",
                  60,
                  Optional.of(80.0),
                  Optional.of("GreaterThanThreshold")));

  /** The sample composite event, triggered by the latency and the backend memory alarms. */
  static byte[] composite() {
    String trigger =
        "{\\\"arn\\\": \\\"arn:aws:cloudwatch:eu-west-1:123456789012:alarm:%s\\\", \\\"state\\\": {\\\"value\\\": \\\"ALARM\\\"}}";
    return Resources.text("/events/alarm-action-composite-api-latency.json")
        .replace(
            "{\\\"triggeringAlarms\\\": [{\\\"arn\\\": \\\"arn:aws:cloudwatch:eu-west-1:123456789012:alarm:tradai-dev-api-latency-high\\\", \\\"state\\\": {\\\"value\\\": \\\"ALARM\\\", \\\"timestamp\\\": \\\"2026-11-27T10:15:00.000+0000\\\"}}]}",
            "{\\\"triggeringAlarms\\\": ["
                + trigger.formatted(LATENCY)
                + ", "
                + trigger.formatted(MEMORY)
                + "]}")
        .replace(
            "ALARM(tradai-dev-api-latency-high) OR ALARM(tradai-dev-api-5xx-high)",
            "ALARM(tradai-dev-api-latency-high) AND ALARM(tradai-dev-backend-memory-high)")
        .getBytes();
  }

  static JsonNode invoke(Map<String, String> vars, byte[] event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new RemediationHandler(vars)
        .handleRequest(new ByteArrayInputStream(event), out, new LocalContext("f"));
    return Json.MAPPER.readTree(out.toByteArray());
  }

  @Test
  void eachTriggeringAlarmIsRoutedToItsRunbook_oneDescribeAlarms_theTaskMemoryRaisedOnce(
      MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 1024, 2048);
        CborCloudWatch cw =
            CborCloudWatch.replaying("/events/metrics/api-latency-memory-pressure.json")
                .alarmDefinitions(DEFINITIONS)) {
      assertThat(new String(composite())).contains(MEMORY).contains("AND ALARM(");
      // the alarms CloudWatch holds (moto, which the confirmation reads) as the CBOR double defines
      // them
      var parsed =
          ((com.tradai.remediation.alarm.Intake.Accepted)
                  new com.tradai.remediation.alarm.AlarmIntake("tradai").parse(composite()))
              .alarm();
      DEFINITIONS.forEach(
          (name, def) -> env.putAlarm(CompositeFollower.child(parsed, name, Optional.of(def))));
      Map<String, String> vars = new HashMap<>(env.variables());
      vars.put("AWS_ENDPOINT_URL_CLOUDWATCH", cw.endpoint());
      vars.put("ALB_LOAD_BALANCER", "app/tradai-dev/50dc6c495c0c9188");

      JsonNode last = invoke(vars, composite());

      assertThat(cw.describeAlarmsCalls.get()).isEqualTo(1);
      assertThat(last.path("summary").asText())
          .startsWith(
              "Composite tradai-dev-api-latency-composite followed " + MEMORY + " (2 of 2): ");
      assertThat(last.path("alarm").path("name").asText()).isEqualTo(MEMORY);
      assertThat(last.path("runbook").asText()).isEqualTo("ecs-service");
      // the latency runbook raised the backend's task memory first; the second fix on the same
      // service is held by the cooldown: one new revision, not two
      var svc =
          env.ecs()
              .describeServices(b -> b.cluster("tradai-dev").services("tradai-backend-dev"))
              .services()
              .getFirst();
      assertThat(svc.taskDefinition()).endsWith("task-definition/tradai-backend-dev:2");
      assertThat(last.path("outcome").asText()).isEqualTo("BLOCKED");
      assertThat(last.path("summary").asText())
          .contains("tradai-backend-dev task memory 3072 MB → 4096 MB BLOCKED (cooldown");
    }
  }

  @Test
  void whenTheDefinitionsCannotBeReadTheTriggeringAlarmsNamesRouteThem(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 1024, 2048);
        CborCloudWatch cw =
            CborCloudWatch.replaying("/events/metrics/api-latency-memory-pressure.json")) {
      Map<String, String> vars = new HashMap<>(env.variables());
      vars.put("AWS_ENDPOINT_URL_CLOUDWATCH", cw.endpoint()); // no DescribeAlarms: it answers 404
      vars.put("AWS_MAX_ATTEMPTS", "1");
      vars.put("ALB_LOAD_BALANCER", "app/tradai-dev/50dc6c495c0c9188");

      JsonNode report = invoke(vars, composite());

      // "-api-latency" is a name hint; the memory alarm's name is none, so only latency is followed
      assertThat(report.path("summary").asText())
          .startsWith(
              "Composite tradai-dev-api-latency-composite followed "
                  + LATENCY
                  + ": High API Latency");
      assertThat(report.path("runbook").asText()).isEqualTo("api-latency");
    }
  }
}
