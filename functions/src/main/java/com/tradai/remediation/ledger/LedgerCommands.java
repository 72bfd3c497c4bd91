package com.tradai.remediation.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.commands.ManualCommand;
import com.tradai.remediation.report.ChangeStatus;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Two of the ledger's manual commands, {"command":"reset-breaker"} and {"command":"list-actions"};
 * approve/reject, rollback and mode/promote have their own classes, and {@code CommandFields} their
 * shared field checks.
 */
public final class LedgerCommands {
  private static final Pattern TARGET = Pattern.compile("^[A-Za-z0-9._/-]{1,128}$");

  private LedgerCommands() {}

  /**
   * {"command":"reset-breaker","by":"alice"}: closes the circuit breaker; counting starts afresh.
   */
  public static ManualCommand resetBreaker(GuardedExecutor gate, String env) {
    CommandFields commands = new CommandFields(env, gate.clock());
    return new ManualCommand() {
      public String name() {
        return "reset-breaker";
      }

      public String usage() {
        return "{\"command\":\"reset-breaker\",\"by\":\"alice\"}";
      }

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
        gate.ledger().get().resetBreaker(env, by.get(), now);
        return commands.report(
            Outcome.RECORDED_OK,
            "Circuit breaker in "
                + env
                + " reset by "
                + by.get()
                + " at "
                + now
                + "; failures and fixes are counted afresh",
            null,
            List.of(),
            List.of());
      }
    };
  }

  /**
   * {"command":"list-actions","target":"tradai-backend-dev","limit":20}: the newest audit records
   * of the environment (or of one resource), as the report's changes, each with its audit id.
   */
  public static ManualCommand listActions(GuardedExecutor gate, String env) {
    CommandFields commands = new CommandFields(env, gate.clock());
    return new ManualCommand() {
      public String name() {
        return "list-actions";
      }

      public String usage() {
        return "{\"command\":\"list-actions\",\"target\":\"tradai-backend-dev\",\"limit\":20}";
      }

      @Override
      public boolean readOnly() {
        return true;
      }

      public Report run(JsonNode body) {
        return commands.safely(() -> list(body));
      }

      private Report list(JsonNode body) {
        if (gate.ledger().isEmpty()) {
          return commands.noLedger();
        }
        JsonNode t = body.path("target");
        if (!t.isMissingNode() && !(t.isTextual() && TARGET.matcher(t.asText()).matches())) {
          return commands.rejected("target must be a resource name like tradai-backend-" + env);
        }
        JsonNode l = body.path("limit");
        if (!l.isMissingNode() && !(l.isInt() && l.asInt() >= 1 && l.asInt() <= 100)) {
          return commands.rejected("limit must be a whole number from 1 to 100, got " + l);
        }
        Optional<String> target = t.isTextual() ? Optional.of(t.asText()) : Optional.empty();
        List<AuditRecord> records = gate.ledger().get().recent(env, target, l.asInt(20));
        List<Report.ChangeView> rows =
            records.stream()
                .map(
                    r ->
                        Report.ChangeView.of(
                            r.action(),
                            ChangeStatus.ofRecord(r.status()),
                            r.at()
                                + " "
                                + r.origin()
                                + " "
                                + r.runbook()
                                + (r.rollbackOf() == null ? "" : " rollback of " + r.rollbackOf())
                                + (r.error() == null ? "" : " error: " + r.error())
                                + (r.detail() == null ? "" : " — " + r.detail()),
                            r.auditId()))
                .toList();
        return commands.report(
            Outcome.RECORDED_OK,
            records.size() + " recent action(s) in " + env + target.map(x -> " on " + x).orElse(""),
            null,
            List.of(),
            rows);
      }
    };
  }
}
