package com.tradai.remediation.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.alarm.AlarmState;
import com.tradai.remediation.alarm.Delivery;
import com.tradai.remediation.commands.ManualCommand;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.report.Report;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {"command":"health-check"} runs the on-call runbook's quick performance checks now (or "at" an
 * instant, for replayed metrics). It routes like an alarm named {project}-{env}-health-check, so it
 * goes through the same shell and report; the check never plans a change.
 */
final class HealthCheckCommand implements ManualCommand {
  private final Remediator remediator;
  private final Config config;

  HealthCheckCommand(Remediator remediator, Config config) {
    this.remediator = remediator;
    this.config = config;
  }

  @Override
  public String name() {
    return "health-check";
  }

  @Override
  public String usage() {
    return "{\"command\":\"health-check\",\"at\":\"2026-11-27T10:15:00Z\"}";
  }

  @Override
  public boolean readOnly() {
    return true;
  }

  @Override
  public Report run(JsonNode body) {
    Instant at;
    try {
      at =
          body.hasNonNull("at")
              ? Instant.parse(body.get("at").asText())
              : remediator.clock().instant();
    } catch (java.time.format.DateTimeParseException e) {
      com.tradai.remediation.alarm.Rejection r =
          com.tradai.remediation.alarm.Rejection.of(
              com.tradai.remediation.alarm.Rejection.Code.INVALID_FIELD,
              "at '"
                  + body.get("at").asText()
                  + "' is not an ISO-8601 instant like 2026-11-27T10:15:00Z");
      return Report.rejected(config.environment(), r, remediator.clock().instant().toString());
    }
    String name = config.project() + "-" + config.environment() + "-health-check";
    Alarm alarm =
        new Alarm(
            name,
            config.environment(),
            AlarmState.ALARM,
            Optional.empty(),
            "quick health check",
            at,
            "arn:aws:cloudwatch:" + config.region() + ":000000000000:alarm:" + name,
            "000000000000",
            config.region(),
            Delivery.MANUAL,
            Optional.empty(),
            List.of(),
            List.of(),
            "quick health check");
    return remediator.remediate(alarm, () -> remediator.policy().withDryRun(true));
  }
}
