package com.tradai.remediation.report;

import com.tradai.remediation.alarm.LogSafe;
import com.tradai.remediation.core.Finding;
import java.util.List;

/** Renders a report as plain text for email: a subject line and a body a person reads top-down. */
public final class TextReport {
  private TextReport() {}

  /** SNS subjects must be ASCII, under 100 characters, with no line breaks. */
  public static String subject(Report r) {
    String change = r.changes().isEmpty() ? "" : " " + r.changes().getFirst().target() + " "
        + r.changes().getFirst().before() + " -> " + r.changes().getFirst().after();
    String s = "[tradai-" + r.environment() + "] " + (r.runbook() == null ? "intake" : r.runbook())
        + ": " + r.outcome() + change;
    s = s.replaceAll("[^\\x20-\\x7E]", "?");
    return s.length() > 99 ? s.substring(0, 99) : s;
  }

  public static String body(Report r) {
    StringBuilder b = new StringBuilder();
    b.append(r.summary()).append("\n\n");
    if (r.alarm() != null) {
      Report.AlarmView a = r.alarm();
      row(b, "Alarm", safe(a.name()) + " (" + a.state()
          + (a.previousState() == null ? "" : ", was " + a.previousState()) + ") via " + a.delivery());
      row(b, "Changed at", a.stateChangeTime());
      if (a.metric() != null) {
        row(b, "Metric", safe(a.metric()));
      }
      row(b, "Reason", safe(a.reason()));
    }
    if (r.rejection() != null) {
      row(b, "Rejected", r.rejection().code() + ": " + r.rejection().message());
    }
    if (r.runbook() != null) {
      row(b, "Runbook", r.runbookTitle() + " (" + r.runbook() + ")");
    }
    if (r.cause() != null) {
      row(b, "Cause", r.cause());
      row(b, "Why", r.why());
      row(b, "Seed fix", r.seedFix());
    }
    if (!r.evidence().isEmpty()) {
      b.append("\nEvidence\n");
      table(b, List.of("Indicator", "Value", "Threshold", "Breached"),
          r.evidence().stream().map(TextReport::evidenceRow).toList());
    }
    if (!r.decisions().isEmpty()) {
      b.append("\nGuards\n");
      for (Report.DecisionView d : r.decisions()) {
        b.append("  ").append(d.action()).append(' ').append(d.target()).append(": ")
            .append(d.effective()).append(" -> ").append(d.verdict()).append('\n');
        d.guards().forEach(g -> b.append("    - ").append(g).append('\n'));
      }
    }
    if (!r.changes().isEmpty()) {
      b.append("\nChanges\n");
      for (Report.ChangeView c : r.changes()) {
        b.append("  ").append(c.action()).append(' ').append(c.target()).append(": ")
            .append(c.before()).append(" -> ").append(c.after()).append(" [").append(c.status())
            .append("] ").append(c.detail() == null ? "" : c.detail()).append('\n');
      }
    }
    b.append("\nReport schema v").append(r.schemaVersion()).append(", generated ")
        .append(r.generatedAt()).append('\n');
    return b.toString();
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
    b.append(' ');
    for (int i = 0; i < cells.size(); i++) {
      b.append(' ').append(String.format("%-" + w[i] + "s", cells.get(i)));
    }
    b.append('\n');
  }

  private static String safe(String alarmText) {
    return LogSafe.clean(alarmText);
  }
}
