package com.tradai.remediation.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.commands.ManualCommand;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.core.Restore;
import com.tradai.remediation.guard.GuardContext.Origin;
import com.tradai.remediation.guard.Policy;
import com.tradai.remediation.report.Report;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {"command":"rollback","auditId":"…","by":"alice"}: restores an APPLIED change's {@code before}
 * through the same guarded path (kill switch, lock, caps, audit), once per audit id. A rollback may
 * lower a value; cooldown, rate limit, breaker and approval do not hold an operator back. It
 * restores only what the fix changed, on the resource as it is now ({@link Restore}): the executor
 * re-reads the resource and refuses (REFUSED, nothing changed) when someone scaled, deployed or
 * published since the fix.
 */
public final class RollbackCommand implements ManualCommand {
  private final GuardedExecutor gate;
  private final Supplier<Policy> policies;
  private final String environment;
  private final CommandFields commands;

  public RollbackCommand(GuardedExecutor gate, Supplier<Policy> policies, String environment) {
    this.gate = gate;
    this.policies = policies;
    this.environment = environment;
    this.commands = new CommandFields(environment, gate.clock());
  }

  /**
   * The operator CLI line that rolls {@code auditId} back: the alarm function refuses the command.
   */
  public String operatorLine(String auditId) {
    return "./run ops --env " + environment + " rollback " + auditId;
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
    Optional<String> auditId = CommandFields.id(body, "auditId", CommandFields.AUDIT_ID);
    if (auditId.isEmpty()) {
      return commands.rejected(
          "auditId is missing or not an audit id like 20261127T101500.000Z-1a2b3c4d; usage: "
              + usage());
    }
    Optional<String> by = CommandFields.by(body);
    if (by.isEmpty()) {
      return commands.rejected(CommandFields.BY_RULE + " (who rolls back)");
    }
    return switch (rollBack(auditId.get(), by.get())) {
      case Attempt.Refused refused -> commands.rejected(refused.why());
      case Attempt.Ran ran ->
          commands.report(
              ran.result().outcome(),
              "Rollback of "
                  + auditId.get()
                  + " ("
                  + ran.original().action().change()
                  + ") by "
                  + by.get()
                  + " — "
                  + ran.summary(),
              "rollback",
              ran.result().views(),
              ran.result().changes());
    };
  }

  /** What one rollback did: refused before the gate (nothing was changed), or the gate's result. */
  public sealed interface Attempt {
    /** Not an APPLIED record of this environment, or no ledger: nothing was changed. */
    record Refused(String why) implements Attempt {}

    /** Through the gate: applied, or blocked by a guard (kill switch, lock, duplicate, ...). */
    record Ran(AuditRecord original, GuardedExecutor.Result result) implements Attempt {
      /** "target before → after STATUS" per change, or each decision's stopping guard note. */
      public String summary() {
        return CommandFields.tail(result);
      }
    }
  }

  /**
   * Restores the {@code before} of the APPLIED change {@code auditId}, as the ledger recorded it,
   * through the guarded path; once per audit id (the idempotency key is "rollback:{auditId}"). The
   * manual command and the verifier both come here.
   */
  public Attempt rollBack(String auditId, String by) {
    if (gate.ledger().isEmpty()) {
      return new Attempt.Refused(CommandFields.NO_LEDGER);
    }
    Optional<AuditRecord> found = gate.ledger().get().audit(environment, auditId);
    if (found.isEmpty()) {
      return new Attempt.Refused(
          "auditId " + auditId + " is not an audit record of " + environment);
    }
    AuditRecord original = found.get();
    if (!AuditRecord.APPLIED.equals(original.status())) {
      return new Attempt.Refused(
          "audit "
              + auditId
              + " is "
              + original.status()
              + "; only an APPLIED change can be rolled back, nothing was changed");
    }
    return switch (Restore.of(original.action(), Optional.ofNullable(original.created()))) {
      case Restore.Bound.Unknown unknown ->
          new Attempt.Refused("audit " + auditId + ": " + unknown.why());
      case Restore.Bound.To restoring ->
          new Attempt.Ran(
              original,
              gate.run(
                  new GuardedExecutor.Request(
                      "rollback:" + auditId,
                      "rollback of " + auditId + " by " + by,
                      "rollback",
                      Origin.ROLLBACK,
                      Plan.of(restoring.action()),
                      policies.get(),
                      null,
                      auditId)));
    };
  }
}
