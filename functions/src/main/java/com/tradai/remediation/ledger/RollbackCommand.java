package com.tradai.remediation.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.guard.GuardContext.Origin;
import com.tradai.remediation.guard.Policy;
import com.tradai.remediation.handler.ManualCommand;
import com.tradai.remediation.report.Report;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {"command":"rollback","auditId":"…","by":"alice"}: restores an APPLIED change's {@code before}
 * through the same guarded path (kill switch, lock, caps, audit), once per audit id. A rollback may
 * lower a value; cooldown, rate limit, breaker and approval do not hold an operator back.
 */
public final class RollbackCommand implements ManualCommand {
  private final GuardedExecutor gate;
  private final Supplier<Policy> policies;
  private final String environment;
  private final Commands commands;

  public RollbackCommand(GuardedExecutor gate, Supplier<Policy> policies, String environment) {
    this.gate = gate;
    this.policies = policies;
    this.environment = environment;
    this.commands = new Commands(environment, gate.clock());
  }

  @Override
  public String name() {
    return "rollback";
  }

  @Override
  public String usage() {
    return "{\"command\":\"rollback\",\"auditId\":\"20261127T101500.000Z-1a2b3c4d\",\"by\":\"alice\"}";
  }

  @Override
  public Report run(JsonNode body) {
    return commands.safely(() -> decide(body));
  }

  private Report decide(JsonNode body) {
    if (gate.ledger().isEmpty()) {
      return commands.noLedger();
    }
    Optional<String> auditId = Commands.id(body, "auditId", Commands.AUDIT_ID);
    if (auditId.isEmpty()) {
      return commands.rejected("auditId is missing or not an audit id like 20261127T101500.000Z-1a2b3c4d; usage: " + usage());
    }
    Optional<String> by = Commands.by(body);
    if (by.isEmpty()) {
      return commands.rejected("by must be 1-64 letters, digits or @._+- (who rolls back)");
    }
    Optional<AuditRecord> found = gate.ledger().get().audit(environment, auditId.get());
    if (found.isEmpty()) {
      return commands.rejected("auditId " + auditId.get() + " is not an audit record of " + environment);
    }
    AuditRecord original = found.get();
    if (!AuditRecord.APPLIED.equals(original.status())) {
      return commands.rejected("audit " + auditId.get() + " is " + original.status()
          + "; only an APPLIED change can be rolled back, nothing was changed");
    }
    GuardedExecutor.Result result = gate.run(new GuardedExecutor.Request(
        "rollback:" + auditId.get(), "rollback of " + auditId.get() + " by " + by.get(),
        "rollback", Origin.ROLLBACK, Plan.of(original.action().inverse()), policies.get(), null,
        auditId.get()));
    return commands.report(result.outcome(), "Rollback of " + auditId.get() + " ("
        + original.action().change() + ") by " + by.get() + " — " + Commands.tail(result),
        "rollback", result.views(), result.changes());
  }
}
