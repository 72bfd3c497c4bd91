package com.tradai.remediation.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.commands.ManualCommand;
import com.tradai.remediation.report.ChangeStatus;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {"command":"list-actions","target":"tradai-backend-dev","limit":20}: the newest audit records of
 * the environment (or of one resource), as the report's changes, each with its audit id. Reads
 * only.
 */
public final class ListActionsCommand implements ManualCommand {
  private static final Pattern TARGET = Pattern.compile("^[A-Za-z0-9._/-]{1,128}$");

  private final GuardedExecutor gate;
  private final String environment;
  private final CommandFields commands;

  public ListActionsCommand(GuardedExecutor gate, String environment) {
    this.gate = gate;
    this.environment = environment;
    this.commands = new CommandFields(environment, gate.clock());
  }

  @Override
  public String name() {
    return "list-actions";
  }

  @Override
  public String usage() {
    return "{\"command\":\"list-actions\",\"target\":\"tradai-backend-dev\",\"limit\":20}";
  }

  @Override
  public boolean readOnly() {
    return true;
  }

  @Override
  public Report run(JsonNode body) {
    return commands.safely(() -> list(body));
  }

  private Report list(JsonNode body) {
    if (gate.ledger().isEmpty()) {
      return commands.noLedger();
    }
    JsonNode t = body.path("target");
    if (!t.isMissingNode() && !(t.isTextual() && TARGET.matcher(t.asText()).matches())) {
      return commands.rejected("target must be a resource name like tradai-backend-" + environment);
    }
    JsonNode l = body.path("limit");
    if (!l.isMissingNode() && !(l.isInt() && l.asInt() >= 1 && l.asInt() <= 100)) {
      return commands.rejected("limit must be a whole number from 1 to 100, got " + l);
    }
    Optional<String> target = t.isTextual() ? Optional.of(t.asText()) : Optional.empty();
    List<AuditRecord> records = gate.ledger().get().recent(environment, target, l.asInt(20));
    List<Report.ChangeView> rows =
        records.stream()
            .map(
                r ->
                    Report.ChangeView.of(
                        r.action(), ChangeStatus.ofRecord(r.status()), row(r), r.auditId()))
            .toList();
    return commands.report(
        Outcome.RECORDED_OK,
        records.size()
            + " recent action(s) in "
            + environment
            + target.map(x -> " on " + x).orElse(""),
        null,
        List.of(),
        rows);
  }

  /** When, from where and by which runbook, then what became of it. */
  private static String row(AuditRecord r) {
    return r.at()
        + " "
        + r.origin()
        + " "
        + r.runbook()
        + (r.rollbackOf() == null ? "" : " rollback of " + r.rollbackOf())
        + (r.error() == null ? "" : " error: " + r.error())
        + (r.detail() == null ? "" : " — " + r.detail());
  }
}
