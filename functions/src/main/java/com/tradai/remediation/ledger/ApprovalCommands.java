package com.tradai.remediation.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.commands.ManualCommand;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.guard.GuardContext.Origin;
import com.tradai.remediation.guard.Policy;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {"command":"approve"|"reject","planId":"p-…","by":"alice"}: decides a pending plan once. An
 * approval re-runs every guard (kill switch, breaker, lock, cooldown, rate limit, caps) on the same
 * guarded path before acting; if a guard holds it back, nothing is applied and the plan stays
 * pending. An expired plan is refused and marked EXPIRED.
 */
public final class ApprovalCommands implements ManualCommand {
  private final boolean approve;
  private final GuardedExecutor gate;
  private final Supplier<Policy> policies;
  private final String environment;
  private final CommandFields commands;

  private ApprovalCommands(
      boolean approve, GuardedExecutor gate, Supplier<Policy> policies, String environment) {
    this.approve = approve;
    this.gate = gate;
    this.policies = policies;
    this.environment = environment;
    this.commands = new CommandFields(environment, gate.clock());
  }

  public static ManualCommand approve(GuardedExecutor gate, Supplier<Policy> policies, String env) {
    return new ApprovalCommands(true, gate, policies, env);
  }

  public static ManualCommand reject(GuardedExecutor gate, Supplier<Policy> policies, String env) {
    return new ApprovalCommands(false, gate, policies, env);
  }

  @Override
  public String name() {
    return approve ? "approve" : "reject";
  }

  @Override
  public String usage() {
    return "{\"command\":\""
        + name()
        + "\",\"planId\":\"p-20261127T101500.000Z-1a2b3c4d\",\"by\":\"alice\"}";
  }

  @Override
  public Report run(JsonNode body) {
    return commands.safely(() -> decide(body));
  }

  private Report decide(JsonNode body) {
    if (gate.ledger().isEmpty()) {
      return commands.noLedger();
    }
    Ledger ledger = gate.ledger().get();
    Optional<String> planId = CommandFields.id(body, "planId", CommandFields.PLAN_ID);
    if (planId.isEmpty()) {
      return commands.rejected(
          "planId is missing or not a plan id like p-20261127T101500.000Z-1a2b3c4d; usage: "
              + usage());
    }
    Optional<String> by = CommandFields.by(body);
    if (by.isEmpty()) {
      return commands.rejected(CommandFields.BY_RULE + " (who decides)");
    }
    String id = planId.get();
    Optional<PendingApproval> found = ledger.approval(environment, id);
    if (found.isEmpty()) {
      return commands.rejected("planId " + id + " is not a plan of " + environment);
    }
    PendingApproval plan = found.get();
    if (!PendingApproval.PENDING.equals(plan.status())) {
      return commands.rejected(
          "plan "
              + id
              + " is already "
              + plan.status()
              + (plan.decidedBy() == null ? "" : " (by " + plan.decidedBy() + ")")
              + "; nothing was changed");
    }
    Instant now = gate.clock().instant();
    if (now.isAfter(plan.expiresAt())) {
      ledger.decideApproval(
          environment, id, PendingApproval.PENDING, PendingApproval.EXPIRED, by.get(), now);
      return commands.rejected(
          "plan "
              + id
              + " expired at "
              + plan.expiresAt()
              + "; nothing was changed (a new alarm transition plans afresh)");
    }
    String to = approve ? PendingApproval.APPROVED : PendingApproval.REJECTED;
    if (!ledger.decideApproval(environment, id, PendingApproval.PENDING, to, by.get(), now)) {
      return commands.rejected(
          "plan " + id + " was decided by someone else a moment ago; nothing was changed");
    }
    if (!approve) {
      return commands.report(
          Outcome.BLOCKED,
          "Plan " + id + " rejected by " + by.get() + "; nothing was changed",
          plan.runbook(),
          List.of(),
          List.of());
    }
    // Once-only is the PENDING → APPROVED move above; each attempt has its own claim key, so a
    // plan a guard held back (kill switch, lock, cooldown, breaker) can be approved again.
    GuardedExecutor.Result result =
        gate.run(
            new GuardedExecutor.Request(
                "approve:" + id + "@" + now.toEpochMilli(),
                plan.alarmName(),
                plan.runbook(),
                Origin.APPROVED,
                new Plan(plan.actions()),
                policies.get(),
                id,
                null));
    boolean reopened =
        result.changes().isEmpty()
            && ledger.decideApproval(
                environment,
                id,
                PendingApproval.APPROVED,
                PendingApproval.PENDING,
                by.get(),
                gate.clock().instant());
    return commands.report(
        result.outcome(),
        "Plan "
            + id
            + " approved by "
            + by.get()
            + " — "
            + CommandFields.tail(result)
            + (reopened
                ? "; nothing was applied, the plan stays pending until " + plan.expiresAt()
                : ""),
        plan.runbook(),
        result.views(),
        result.changes());
  }
}
