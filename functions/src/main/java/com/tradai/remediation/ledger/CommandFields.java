package com.tradai.remediation.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.alarm.Rejection;
import com.tradai.remediation.report.ChangeStatus;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Not a command: what the ledger's manual commands ({@link ResetBreakerCommand}, {@link
 * ListActionsCommand}, {@link ApprovalCommands}, {@link RollbackCommand}, {@link ModeCommands})
 * share: field checks that name the field, and their reports.
 */
final class CommandFields {
  static final Pattern AUDIT_ID = Pattern.compile("^\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{8}$");
  static final Pattern PLAN_ID = Pattern.compile("^p-\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{8}$");

  /** A name, or an IAM/STS ARN such as arn:aws:sts::123456789012:assumed-role/oncall/alice. */
  private static final Pattern WHO = Pattern.compile("^[A-Za-z0-9@._+=,:/-]{1,256}$");

  private static final Pattern NOTE = Pattern.compile("^[A-Za-z0-9@._+-]{1,64}$");

  private final String environment;
  private final Clock clock;

  CommandFields(String environment, Clock clock) {
    this.environment = environment;
    this.clock = clock;
  }

  /** A required id field, or why not. */
  static Optional<String> id(JsonNode body, String field, Pattern shape) {
    JsonNode v = body.path(field);
    return v.isTextual() && shape.matcher(v.asText()).matches()
        ? Optional.of(v.asText())
        : Optional.empty();
  }

  /**
   * Who asks: "by", default "operator". At the operator function it is the identity AWS
   * authenticated (an ARN, set by the function over whatever the sender wrote), with the sender's
   * own word appended as "(note: …)"; elsewhere a name. Letters, digits and @._+=,:/- only.
   */
  static final String BY_RULE =
      "by must be 1-256 letters, digits or @._+=,:/- and note 1-64" + " letters, digits or @._+-";

  static Optional<String> by(JsonNode body) {
    JsonNode v = body.path("by");
    if (v.isMissingNode() || v.isNull()) {
      return Optional.of("operator");
    }
    if (!v.isTextual() || !WHO.matcher(v.asText()).matches()) {
      return Optional.empty();
    }
    JsonNode note = body.path("note");
    if (note.isMissingNode() || note.isNull()) {
      return Optional.of(v.asText());
    }
    return note.isTextual() && NOTE.matcher(note.asText()).matches()
        ? Optional.of(v.asText() + " (note: " + note.asText() + ")")
        : Optional.empty();
  }

  Report rejected(String message) {
    Rejection r = Rejection.of(Rejection.Code.INVALID_FIELD, message);
    return Report.rejected(environment, r, clock.instant().toString());
  }

  /** Runs a command; a ledger that fails mid-way answers FAILED instead of a stack trace. */
  Report safely(java.util.function.Supplier<Report> command) {
    try {
      return command.get();
    } catch (RuntimeException e) {
      String why = com.tradai.remediation.core.LogSafe.clean(e.getMessage());
      LoggerHolder.LOG.error("command failed: {}", why);
      return report(
          Outcome.FAILED, "The command could not finish: " + why, null, List.of(), List.of());
    }
  }

  private static final class LoggerHolder {
    static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CommandFields.class);
  }

  static final String NO_LEDGER =
      "this function has no ledger (LEDGER_TABLE is not set), so there"
          + " is nothing to approve, roll back, reset or list";

  Report noLedger() {
    return rejected(NO_LEDGER);
  }

  Report report(
      Outcome outcome,
      String summary,
      String runbook,
      List<Report.DecisionView> decisions,
      List<Report.ChangeView> changes) {
    return Report.builder(environment, outcome, summary)
        .runbook(runbook)
        .decisions(decisions)
        .changes(changes)
        .generatedAt(clock.instant().toString())
        .build();
  }

  /** "target before → after STATUS" per change, or each decision's last guard note. */
  static String tail(GuardedExecutor.Result result) {
    if (!result.changes().isEmpty()) {
      return String.join(
          "; ",
          result.changes().stream()
              .map(
                  c ->
                      c.targetFromTo()
                          + " "
                          + c.status()
                          + (c.status() == ChangeStatus.REFUSED ? ": " + c.detail() : ""))
              .toList());
    }
    return String.join(
        "; ",
        result.decisions().stream()
            .map(d -> d.effective().target() + " " + d.verdict() + " (" + d.notes().getLast() + ")")
            .toList());
  }
}
