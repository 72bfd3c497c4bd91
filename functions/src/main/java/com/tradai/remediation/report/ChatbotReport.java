package com.tradai.remediation.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Renders a report as an AWS Chatbot (Amazon Q Developer in chat applications) custom notification:
 * {@code {"version":"1.0","source":"custom","content":{"textType":"client-markdown",
 * "title","description","nextSteps"},"metadata":{...}}}. Chatbot renders client-markdown in the
 * chat platform's own flavour, so alarm text goes through {@link Escape#chat}. The thread id is the
 * alarm key, so a fix and its verification land in one thread.
 */
public final class ChatbotReport {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ChatbotReport() {}

  public static ObjectNode render(Report r) {
    return render(r, java.util.Optional.empty());
  }

  /** With the operator command queue: a report that asks someone to decide carries its buttons. */
  public static ObjectNode render(Report r, java.util.Optional<String> commandQueue) {
    ObjectNode root = F.objectNode();
    root.put("version", "1.0");
    root.put("source", "custom");
    ObjectNode content = root.putObject("content");
    content.put("textType", "client-markdown");
    content.put("title", icon(r.severity()) + " " + titleText(r));
    content.put("description", description(r));
    ArrayNode next = content.putArray("nextSteps");
    Approval.of(r).stream()
        .filter(a -> a.planId() != null)
        .forEach(
            a -> {
              next.add("Approve by " + a.expiresAt() + ": `" + a.approveCommand() + "`");
              next.add("Reject: `" + a.rejectCommand() + "`");
            });
    if (r.verification() != null && r.verification().nextStep() != null) {
      next.add(r.verification().nextStep());
    }
    r.graphs().stream()
        .filter(g -> g.url() != null)
        .forEach(g -> next.add(g.title() + ": " + g.url()));
    ArrayNode keywords = content.putArray("keywords");
    keywords.add(r.environment());
    keywords.add(r.outcome().name());
    if (r.runbook() != null) {
      keywords.add(r.runbook());
    }
    ObjectNode meta = root.putObject("metadata");
    if (r.correlationId() != null) {
      meta.put("threadId", r.correlationId());
    }
    meta.put("summary", TextReport.subject(r));
    meta.put(
        "eventType", "tradai-remediation-" + r.outcome().name().toLowerCase(java.util.Locale.ROOT));
    ArrayNode related = meta.putArray("relatedResources");
    Set<String> targets = new LinkedHashSet<>();
    r.headlineChange().ifPresent(c -> targets.add(c.target()));
    r.changes().forEach(c -> targets.add(c.target()));
    targets.forEach(related::add);
    ObjectNode extra = meta.putObject("additionalContext");
    extra.put("env", r.environment());
    extra.put("runbook", r.runbook() == null ? "none" : r.runbook());
    extra.put("severity", r.severity().attribute());
    extra.put("outcome", r.outcome().name());
    ChatButtons.of(r, commandQueue).forEach(extra::put);
    return root;
  }

  private static String titleText(Report r) {
    String change =
        r.headlineChange()
            .map(c -> " " + c.targetFromTo())
            .orElseGet(
                () ->
                    Approval.of(r).stream()
                        .findFirst()
                        .map(a -> " " + a.actions().getFirst().target())
                        .orElse(""));
    return "[tradai-"
        + r.environment()
        + "] "
        + (r.runbook() == null ? "intake" : r.runbook())
        + ": "
        + r.outcome()
        + change;
  }

  private static String icon(Severity s) {
    return switch (s) {
      case HIGH -> ":rotating_light:";
      case MEDIUM -> ":warning:";
      case LOW -> ":white_check_mark:";
    };
  }

  private static String description(Report r) {
    StringBuilder b = new StringBuilder();
    b.append(Escape.chat(r.summary())).append('\n');
    if (r.alarm() != null) {
      b.append("*Alarm* ")
          .append(Escape.chat(r.alarm().name()))
          .append(
              "VERIFICATION".equals(r.alarm().delivery())
                  ? " is " + r.alarm().state() + " (fired at "
                  : " → " + r.alarm().state() + " (at ")
          .append(r.alarm().stateChangeTime())
          .append(")\n");
      if (r.alarm().reason() != null && !r.alarm().reason().isBlank()) {
        b.append("*Reason* ").append(Escape.chat(r.alarm().reason())).append('\n');
      }
    }
    if (r.cause() != null) {
      b.append("*Cause* ").append(e(r.cause())).append(": ").append(e(r.why())).append('\n');
    }
    if (r.trackRecord() != null) {
      b.append(r.trackRecord().mode() == null ? "" : "*Mode* " + r.trackRecord().mode() + "; ")
          .append(e(r.trackRecord().line()))
          .append('\n');
    }
    r.evidence().stream()
        .filter(f -> f.breached())
        .forEach(
            f ->
                b.append("• ")
                    .append(e(f.name()))
                    .append(' ')
                    .append(e(f.value()))
                    .append(" (threshold ")
                    .append(e(f.threshold()))
                    .append(")\n"));
    // a code span keeps the bars monospaced and the breach's brackets from reading as a link
    r.graphs().stream()
        .filter(g -> g.sparkline() != null)
        .forEach(
            g ->
                b.append('`').append(g.sparkline()).append("` ").append(e(g.title())).append('\n'));
    r.decisions()
        .forEach(
            d ->
                b.append("*Guards* ")
                    .append(e(d.effective()))
                    .append(" → ")
                    .append(d.verdict())
                    .append('\n'));
    Approval.of(r)
        .forEach(
            a -> {
              a.actions()
                  .forEach(
                      d ->
                          b.append("*Needs approval* ")
                              .append(e(d.target()))
                              .append(' ')
                              .append(e(d.effective()))
                              .append(" (")
                              .append(e(Approval.heldBecause(d)))
                              .append(")\n"));
              b.append(
                  a.planId() == null
                      ? "*No plan stored* (no ledger): nothing can be approved\n"
                      : "*Plan* "
                          + a.planId()
                          + " expires "
                          + a.expiresAt()
                          + ": approve with `"
                          + a.approveCommand()
                          + "`, reject with `"
                          + a.rejectCommand()
                          + "`\n");
            });
    r.changes()
        .forEach(
            c ->
                b.append("*Changed* ")
                    .append(c.target())
                    .append(' ')
                    .append(c.fromTo(" → "))
                    .append(" (")
                    .append(c.status())
                    .append(")\n"));
    Report.VerificationView v = r.verification();
    if (v != null) {
      if (v.status().scheduled()) {
        b.append("*Verification* at ").append(v.checkAt()).append('\n');
      } else {
        b.append("*Verification* ")
            .append(v.status())
            .append(" (check ")
            .append(v.attempt())
            .append(" of ")
            .append(v.maxAttempts())
            .append(", alarm ")
            .append(v.alarmState())
            .append(")\n");
        v.checks()
            .forEach(
                c ->
                    b.append(c.passed() ? "• ok " : "• NOT ok ")
                        .append(e(c.name()))
                        .append(": ")
                        .append(e(c.before()))
                        .append(" → ")
                        .append(e(c.now()))
                        .append(" (healthy ")
                        .append(e(c.threshold()))
                        .append(")\n"));
      }
    }
    if (r.incident() != null) {
      b.append("*Recovered* in ")
          .append(TextReport.duration(r.incident().timeToRecoverSeconds()))
          .append('\n');
    }
    if (r.rejection() != null) {
      b.append("*Rejected* ")
          .append(r.rejection().code())
          .append(": ")
          .append(Escape.chat(r.rejection().message()))
          .append('\n');
    }
    return b.toString().stripTrailing();
  }

  /**
   * The system's own text still goes through entity escaping: "< 70%" must not open a Slack link.
   */
  private static String e(String own) {
    return Escape.entities(own);
  }
}
