package com.tradai.remediation.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.alarm.AlarmIntake;
import com.tradai.remediation.alarm.AlarmState;
import com.tradai.remediation.alarm.Delivery;
import com.tradai.remediation.alarm.MetricIdentity;
import com.tradai.remediation.alarm.Rejection;
import com.tradai.remediation.commands.ManualCommand;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.report.Report;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {"command":"diagnose","alarmName":"tradai-dev-api-latency-high"} runs the runbook as if the alarm
 * had just fired. It is a dry run unless the request says "apply": true.
 */
final class DiagnoseCommand implements ManualCommand {
  private final Remediator remediator;
  private final Config config;

  DiagnoseCommand(Remediator remediator, Config config) {
    this.remediator = remediator;
    this.config = config;
  }

  @Override
  public String name() {
    return "diagnose";
  }

  @Override
  public String usage() {
    return "{\"command\":\"diagnose\",\"alarmName\":\"tradai-dev-api-latency-high\","
        + "\"namespace\":\"AWS/ApplicationELB\",\"metricName\":\"TargetResponseTime\","
        + "\"dimensions\":{\"LoadBalancer\":\"app/tradai-dev/…\"},\"at\":\"2026-11-27T10:15:00Z\","
        + "\"apply\":false}";
  }

  /** A dry run reads; with "apply": true it may change what the runbook fixes. */
  @Override
  public boolean readOnly(JsonNode body) {
    return !body.path("apply").asBoolean(false);
  }

  @Override
  public Report run(JsonNode body) {
    JsonNode nameNode = body.path("alarmName");
    if (!nameNode.isTextual() || nameNode.asText().isBlank()) {
      return rejection("alarmName is missing; usage: " + usage());
    }
    String name = nameNode.asText();
    Optional<String> env =
        AlarmIntake.ENVIRONMENTS.stream()
            .filter(e -> name.startsWith(config.project() + "-" + e + "-"))
            .findFirst();
    if (env.isEmpty()) {
      return rejection(
          "alarmName '"
              + name
              + "' does not name an environment; expected "
              + config.project()
              + "-{dev|staging|prod}-…");
    }
    Instant at;
    try {
      at =
          body.hasNonNull("at")
              ? Instant.parse(body.get("at").asText())
              : remediator.clock().instant();
    } catch (java.time.format.DateTimeParseException e) {
      return rejection(
          "at '"
              + body.get("at").asText()
              + "' is not an ISO-8601 instant like 2026-11-27T10:15:00Z");
    }
    Optional<MetricIdentity> metric = Optional.empty();
    if (body.hasNonNull("namespace") && body.hasNonNull("metricName")) {
      Map<String, String> dims = new LinkedHashMap<>();
      body.path("dimensions")
          .properties()
          .forEach(d -> dims.put(d.getKey(), d.getValue().asText()));
      metric =
          Optional.of(
              new MetricIdentity(
                  body.get("namespace").asText(),
                  body.get("metricName").asText(),
                  dims,
                  body.path("statistic").asText("Average"),
                  60,
                  Optional.empty(),
                  Optional.empty()));
    }
    Alarm alarm =
        new Alarm(
            name,
            env.get(),
            AlarmState.ALARM,
            Optional.empty(),
            "manual diagnose",
            at,
            "arn:aws:cloudwatch:" + config.region() + ":000000000000:alarm:" + name,
            "000000000000",
            config.region(),
            Delivery.MANUAL,
            metric,
            List.of(),
            List.of(),
            "manual request");
    boolean apply = body.path("apply").asBoolean(false);
    return remediator.remediate(
        alarm, () -> apply ? remediator.policy() : remediator.policy().withDryRun(true));
  }

  private Report rejection(String message) {
    Rejection r = Rejection.of(Rejection.Code.INVALID_FIELD, message);
    return Report.rejected(config.environment(), r, remediator.clock().instant().toString());
  }
}
