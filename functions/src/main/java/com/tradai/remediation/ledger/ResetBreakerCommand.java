package com.tradai.remediation.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.commands.ManualCommand;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {"command":"reset-breaker","by":"alice"}: closes the environment's circuit breaker, so failures
 * and fixes are counted afresh.
 */
public final class ResetBreakerCommand implements ManualCommand {
  private final GuardedExecutor gate;
  private final String environment;
  private final CommandFields commands;

  public ResetBreakerCommand(GuardedExecutor gate, String environment) {
    this.gate = gate;
    this.environment = environment;
    this.commands = new CommandFields(environment, gate.clock());
  }

  @Override
  public String name() {
    return "reset-breaker";
  }

  @Override
  public String usage() {
    return "{\"command\":\"reset-breaker\",\"by\":\"alice\"}";
  }

  @Override
  public Report run(JsonNode body) {
    return commands.safely(() -> reset(body));
  }

  private Report reset(JsonNode body) {
    if (gate.ledger().isEmpty()) {
      return commands.noLedger();
    }
    Optional<String> by = CommandFields.by(body);
    if (by.isEmpty()) {
      return commands.rejected(CommandFields.BY_RULE + " (who resets)");
    }
    Instant now = gate.clock().instant();
    gate.ledger().get().resetBreaker(environment, by.get(), now);
    return commands.report(
        Outcome.RECORDED_OK,
        "Circuit breaker in "
            + environment
            + " reset by "
            + by.get()
            + " at "
            + now
            + "; failures and fixes are counted afresh",
        null,
        List.of(),
        List.of());
  }
}
