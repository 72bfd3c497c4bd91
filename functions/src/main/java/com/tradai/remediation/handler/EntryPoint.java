package com.tradai.remediation.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.alarm.Rejection;
import com.tradai.remediation.commands.ManualCommand;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.report.Report;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which function a request arrived at. Alarms go to the remediation function, whose invoke
 * permission is held by CloudWatch, SNS and EventBridge; a person's commands go to the operator
 * function, whose invoke permission is held only by the operator roles the infra config names. Each
 * refuses what belongs to the other, so approving a prod change takes an operator role.
 */
public enum EntryPoint {
  ALARMS,
  OPERATOR;

  private static final Logger LOG = LoggerFactory.getLogger(EntryPoint.class);

  /**
   * The commands only the operator function runs: each can change something (approve, rollback,
   * reset-breaker, diagnose with "apply") or reads the ledger's audit trail (list-actions, reject
   * decides a plan). {@code health-check} stays on both: it reads, changes nothing, and publishes
   * the summary the schedule publishes anyway, so refusing it would protect nothing.
   */
  public static final List<String> OPERATOR_COMMANDS =
      List.of(
          "diagnose",
          "approve",
          "reject",
          "rollback",
          "reset-breaker",
          "list-actions",
          "mode",
          "promote");

  /** {@code tradai-remediation-operator-dev}: the operator function's name (the stack's too). */
  public static String operatorFunction(Config config) {
    return config.project() + "-remediation-operator-" + config.environment();
  }

  /** {@code tradai-remediation-dev}: the function alarms are delivered to. */
  public static String alarmFunction(Config config) {
    return config.project() + "-remediation-" + config.environment();
  }

  /** On the alarm function, each operator command answers with a rejection naming where it goes. */
  static void refuseOperatorCommands(Remediator remediator, Config config, Clock clock) {
    for (String name : OPERATOR_COMMANDS) {
      remediator.register(
          new ManualCommand() {
            @Override
            public String name() {
              return name;
            }

            @Override
            public String usage() {
              return "{\"command\":\""
                  + name
                  + "\"} (operator function "
                  + operatorFunction(config)
                  + " only)";
            }

            @Override
            public Report run(JsonNode body) {
              return refused(
                  config,
                  clock,
                  "command '"
                      + name
                      + "' is taken only by the operator function "
                      + operatorFunction(config)
                      + ", which only the operator roles may invoke; use `./run ops --env "
                      + config.environment()
                      + " ...` (see ./run ops --help)");
            }
          });
    }
  }

  /** The answer to a request that came to the wrong function: REJECTED, nothing read or changed. */
  static Report refused(Config config, Clock clock, String why) {
    return refused(config, clock, Rejection.Code.WRONG_ENTRY_POINT, why);
  }

  /** A request refused before anything ran: REJECTED with this code, nothing read or changed. */
  static Report refused(Config config, Clock clock, Rejection.Code code, String why) {
    Rejection rejection = Rejection.of(code, why + "; nothing was changed");
    LOG.warn("rejected: {} {}", rejection.code(), rejection.message());
    return Report.rejected(config.environment(), rejection, clock.instant().toString());
  }
}
