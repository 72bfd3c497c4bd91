package com.tradai.remediation.report;

import com.tradai.remediation.core.Finding;
import java.util.List;

/** Renders a report as plain text for email: a subject line and a body a person reads top-down. */
public final class TextReport {
  private TextReport() {}

  /**
   * {@code [tradai-prod] <runbook>: <outcome> <resource> <before -> after>}. SNS subjects must be
   * ASCII, under 100 characters, with no line breaks, so the arrow is "->".
   */
  public static String subject(Report r) {
    String change =
        r.headlineChange()
            .map(c -> " " + c.target() + " " + c.fromTo(" -> "))
            .orElseGet(
                () ->
                    Approval.of(r).stream()
                        .findFirst()
                        .map(a -> " " + a.actions().getFirst().target())
                        .orElse(""));
    String s =
        "[tradai-"
            + r.environment()
            + "] "
            + (r.runbook() == null ? "intake" : r.runbook())
            + ": "
            + r.outcome()
            + change;
    s = s.replaceAll("[^\\x20-\\x7E]", "?");
    return s.length() > 99 ? s.substring(0, 99) : s;
  }

  public static String body(Report r) {
    StringBuilder b = new StringBuilder();
    b.append(Escape.plain(r.summary())).append("\n\n");
    row(b, "Severity", r.severity().name());
    if (r.alarm() != null) {
      Report.AlarmView a = r.alarm();
      row(
          b,
          "Alarm",
          Escape.plain(a.name())
              + " ("
              + a.state()
              + (a.previousState() == null ? "" : ", was " + a.previousState())
              + ") via "
              + a.delivery());
      row(b, "Changed at", a.stateChangeTime());
      if (a.metric() != null) {
        row(b, "Metric", Escape.plain(a.metric()));
      }
      if (a.reason() != null && !a.reason().isBlank()) {
        row(b, "Reason", Escape.plain(a.reason()));
      }
    }
    if (r.correlationId() != null) {
      row(b, "Key", Escape.plain(r.correlationId()));
    }
    if (r.rejection() != null) {
      row(b, "Rejected", r.rejection().code() + ": " + Escape.plain(r.rejection().message()));
    }
    if (r.runbook() != null) {
      row(b, "Runbook", r.runbookTitle() + " (" + r.runbook() + ")");
    }
    if (r.cause() != null) {
      row(b, "Cause", r.cause());
      row(b, "Why", r.why());
      row(b, "Runbook fix", r.seedFix());
    }
    if (r.trackRecord() != null) {
      if (r.trackRecord().mode() != null) {
        row(b, "Mode", r.trackRecord().mode());
      }
      row(b, "Record", r.trackRecord().line());
    }
    Approval.of(r).forEach(a -> approval(b, r, a));
    if (!r.evidence().isEmpty()) {
      b.append("\nEvidence (value against threshold)\n");
      table(
          b,
          List.of("Indicator", "Value", "Threshold", "Breached"),
          r.evidence().stream().map(TextReport::evidenceRow).toList());
    }
    if (!r.decisions().isEmpty()) {
      b.append("\nGuards\n");
      for (Report.DecisionView d : r.decisions()) {
        b.append("  ")
            .append(d.action())
            .append(' ')
            .append(d.target())
            .append(": ")
            .append(d.effective())
            .append(" -> ")
            .append(d.verdict())
            .append('\n');
        d.guards().forEach(g -> b.append("    - ").append(g.line()).append('\n'));
      }
    }
    if (!r.changes().isEmpty()) {
      b.append("\nChanges (before -> after)\n");
      r.changes().forEach(c -> change(b, c));
    }
    if (r.verification() != null) {
      verification(b, r.verification());
    }
    if (r.incident() != null) {
      b.append("\nIncident closed\n");
      b.append("  ALARM at ")
          .append(r.incident().alarmAt())
          .append(", OK at ")
          .append(r.incident().okAt())
          .append(": time to recover ")
          .append(duration(r.incident().timeToRecoverSeconds()))
          .append('\n');
      r.incident().actionsTaken().forEach(a -> b.append("  action taken: ").append(a).append('\n'));
    }
    List<Report.GraphView> drawn = r.graphs().stream().filter(g -> g.sparkline() != null).toList();
    if (!drawn.isEmpty()) {
      b.append("\nEvidence series (highest value per slice of the window")
          .append(
              drawn.stream().anyMatch(g -> g.sparkline().contains("["))
                  ? "; [ ] = the alarm's breach)\n"
                  : ")\n");
      table(
          b,
          List.of("Series", "Sparkline, first → last (max)"),
          drawn.stream().map(g -> List.of(g.title(), g.sparkline())).toList());
    }
    List<Report.GraphView> links = r.graphs().stream().filter(g -> g.url() != null).toList();
    if (!links.isEmpty()) {
      b.append("\nGraphs (CloudWatch console)\n");
      links.forEach(
          g -> b.append("  ").append(g.title()).append(": ").append(g.url()).append('\n'));
    }
    b.append("\nReport schema v")
        .append(r.schemaVersion())
        .append(", generated ")
        .append(r.generatedAt())
        .append('\n');
    return b.toString();
  }

  /** What a person needs to decide: what would change and why, until when, and the two commands. */
  private static void approval(StringBuilder b, Report r, Approval a) {
    if (a.planId() == null) {
      b.append(
          "\nNeeds approval, but no plan was stored (no ledger): nothing can be approved;"
              + " the next alarm transition plans afresh\n");
    } else {
      b.append("\nWaiting for your approval: plan ")
          .append(a.planId())
          .append(", expires ")
          .append(a.expiresAt())
          .append('\n');
    }
    for (Report.DecisionView d : a.actions()) {
      b.append("  Would change: ")
          .append(d.action())
          .append(' ')
          .append(d.target())
          .append(": ")
          .append(d.effective())
          .append('\n');
      b.append("  Waits because ").append(Approval.heldBecause(d)).append('\n');
    }
    if (r.cause() != null) {
      b.append("  Why this fix: ").append(r.cause()).append(" (").append(r.why()).append(")\n");
    }
    if (a.planId() != null) {
      b.append("  Approve: ").append(a.approveCommand()).append('\n');
      b.append("  Reject:  ").append(a.rejectCommand()).append('\n');
      b.append("  Approving re-runs every guard first; after the expiry the plan is refused.\n");
    }
  }

  private static void verification(StringBuilder b, Report.VerificationView v) {
    b.append("\nVerification\n");
    if (v.status().scheduled()) {
      b.append("  Runs at ")
          .append(v.checkAt())
          .append(" (in ")
          .append(v.delaySeconds())
          .append(" s), check ")
          .append(v.attempt())
          .append(" of ")
          .append(v.maxAttempts())
          .append(": the alarm's metric against its threshold, the on-call runbook's checklist,")
          .append(" the alarm state\n");
    } else {
      b.append("  ")
          .append(v.status())
          .append(" at check ")
          .append(v.attempt())
          .append(" of ")
          .append(v.maxAttempts())
          .append(" (")
          .append(v.checkAt())
          .append("); alarm state ")
          .append(v.alarmState())
          .append('\n');
    }
    if (!v.fix().isEmpty() && !v.status().scheduled()) {
      b.append("  Fix under verification:\n");
      v.fix().forEach(c -> change(b, c));
    }
    if (!v.checks().isEmpty()) {
      table(
          b,
          List.of("Check", "Before", "Now", "Healthy when", "OK"),
          v.checks().stream()
              .map(
                  c ->
                      List.of(
                          c.name(), c.before(), c.now(), c.threshold(), c.passed() ? "yes" : "NO"))
              .toList());
    }
    if (v.nextStep() != null && !v.status().scheduled()) {
      b.append("  Next: ").append(v.nextStep()).append('\n');
    }
  }

  private static void change(StringBuilder b, Report.ChangeView c) {
    b.append("  ")
        .append(c.action())
        .append(' ')
        .append(c.target())
        .append(": ")
        .append(c.fromTo(" -> "))
        .append(" [")
        .append(c.status())
        .append(']')
        .append(c.detail() == null ? "" : " " + Escape.plain(c.detail()))
        .append('\n');
  }

  static String duration(long seconds) {
    return seconds >= 60 ? (seconds / 60) + "m " + (seconds % 60) + "s" : seconds + "s";
  }

  private static List<String> evidenceRow(Finding f) {
    return List.of(f.name(), f.value(), f.threshold(), f.breached() ? "YES" : "no");
  }

  private static void row(StringBuilder b, String label, String value) {
    b.append(String.format("%-11s %s%n", label, value == null ? "" : value));
  }

  private static void table(StringBuilder b, List<String> header, List<List<String>> rows) {
    int[] w = new int[header.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = header.get(i).length();
      for (List<String> r : rows) {
        w[i] = Math.max(w[i], r.get(i).length());
      }
    }
    line(b, header, w);
    for (List<String> r : rows) {
      line(b, r, w);
    }
  }

  private static void line(StringBuilder b, List<String> cells, int[] w) {
    StringBuilder l = new StringBuilder(" ");
    for (int i = 0; i < cells.size(); i++) {
      l.append(' ').append(String.format("%-" + w[i] + "s", cells.get(i)));
    }
    b.append(l.toString().stripTrailing()).append('\n');
  }
}
