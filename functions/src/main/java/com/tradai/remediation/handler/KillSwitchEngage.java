package com.tradai.remediation.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.alarm.Rejection;
import com.tradai.remediation.commands.ManualCommand;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * {"command":"kill-switch","state":"on","by":"…"}: engages the kill switch (its SSM parameter), as
 * {@code ./run ops kill-switch on REASON} does. Only "on": a click may stop changes, never let them
 * go again; switching it off stays with the CLI and its operator's own credentials.
 */
final class KillSwitchEngage implements ManualCommand {
  private final Optional<String> parameter;
  private final BiConsumer<String, String> put;
  private final String environment;
  private final Clock clock;

  /**
   * @param put writes (parameter name, value), overwriting
   */
  KillSwitchEngage(
      Optional<String> parameter, BiConsumer<String, String> put, String environment, Clock clock) {
    this.parameter = parameter;
    this.put = put;
    this.environment = environment;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "kill-switch";
  }

  @Override
  public String usage() {
    return "{\"command\":\"kill-switch\",\"state\":\"on\",\"by\":\"alice\"}";
  }

  @Override
  public Report run(JsonNode body) {
    if (parameter.isEmpty()) {
      return rejected("this function has no kill switch (KILL_SWITCH_PARAMETER is not set)");
    }
    if (!"on".equals(body.path("state").asText())) {
      return rejected(
          "state must be \"on\": a kill switch is switched off with ./run ops --env "
              + environment
              + " kill-switch off");
    }
    String by = body.path("by").asText("");
    if (!by.matches("[A-Za-z0-9@._+-]{1,64}")) {
      return rejected("by must be 1-64 letters, digits or @._+- (who engages it)");
    }
    String at = clock.instant().toString();
    put.accept(parameter.get(), "on: engaged from chat by " + by + " at " + at);
    return Report.builder(
            environment,
            Outcome.RECORDED_OK,
            "Kill switch in "
                + environment
                + " ENGAGED by "
                + by
                + " at "
                + at
                + " ("
                + parameter.get()
                + "): no fix is applied until"
                + " ./run ops --env "
                + environment
                + " kill-switch off")
        .generatedAt(at)
        .build();
  }

  private Report rejected(String message) {
    return Report.rejected(
        environment,
        Rejection.of(Rejection.Code.INVALID_FIELD, message),
        clock.instant().toString());
  }
}
