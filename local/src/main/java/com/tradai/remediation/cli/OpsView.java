package com.tradai.remediation.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.ledger.AuditRecord;
import com.tradai.remediation.ledger.PendingApproval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Pure: what `ops` prints, as records (for --json) and as readable tables. */
final class OpsView {
  private OpsView() {}

  record KillSwitchState(String parameter, String value, boolean engaged) {}

  record BreakerState(
      boolean open,
      String why,
      int failures,
      int fixes,
      int maxFailures,
      int maxFixes,
      long windowMinutes) {}

  record PlanRow(
      String planId,
      String expiresAt,
      boolean expired,
      String alarm,
      String runbook,
      List<String> actions) {}

  record ActionRow(
      String at,
      String auditId,
      String status,
      String origin,
      String action,
      String target,
      long before,
      long after,
      String alarm) {}

  record Status(
      String stack,
      KillSwitchState killSwitch,
      BreakerState breaker,
      List<PlanRow> pendingPlans,
      List<ActionRow> lastActions,
      List<RolloutTable.Row> rollout) {}

  static PlanRow plan(PendingApproval p, Instant now) {
    return new PlanRow(
        p.planId(),
        p.expiresAt().toString(),
        now.isAfter(p.expiresAt()),
        p.alarmName(),
        p.runbook(),
        p.actions().stream().map(a -> a.target() + " " + a.change()).toList());
  }

  static ActionRow action(AuditRecord r) {
    return new ActionRow(
        r.at().toString(),
        r.auditId(),
        r.status(),
        r.origin(),
        r.action().getClass().getSimpleName(),
        r.action().target(),
        r.action().before(),
        r.action().after(),
        r.alarmName());
  }

  static String status(Status s) {
    StringBuilder b = new StringBuilder(s.stack()).append('\n');
    KillSwitchState k = s.killSwitch();
    b.append(
        String.format(
            "%-14s %s (%s = %s)%n",
            "Kill switch",
            k.engaged() ? "ENGAGED" : "off",
            k.parameter(),
            k.value() == null ? "missing" : "'" + k.value() + "'"));
    BreakerState br = s.breaker();
    b.append(
        String.format(
            "%-14s %s, %d of %d failures and %d of %d fixes in the last %d min%n",
            "Breaker",
            br.open() ? "OPEN (" + br.why() + ")" : "closed",
            br.failures(),
            br.maxFailures(),
            br.fixes(),
            br.maxFixes(),
            br.windowMinutes()));
    RolloutTable.render(b, s.rollout());
    b.append(String.format("%-14s %d%n", "Pending plans", s.pendingPlans().size()));
    if (!s.pendingPlans().isEmpty()) {
      table(
          b,
          List.of("PLAN", "EXPIRES", "ALARM", "WOULD CHANGE"),
          s.pendingPlans().stream()
              .map(
                  p ->
                      List.of(
                          p.planId(),
                          p.expiresAt() + (p.expired() ? " (expired)" : ""),
                          String.valueOf(p.alarm()),
                          String.join("; ", p.actions())))
              .toList());
    }
    b.append(String.format("%-14s %d%n", "Last actions", s.lastActions().size()));
    if (!s.lastActions().isEmpty()) {
      actions(b, s.lastActions());
    }
    return b.toString();
  }

  static void actions(StringBuilder b, List<ActionRow> rows) {
    table(
        b,
        List.of("AT", "STATUS", "ORIGIN", "TARGET", "CHANGE", "AUDIT ID"),
        rows.stream()
            .map(
                a ->
                    List.of(
                        a.at(),
                        a.status(),
                        String.valueOf(a.origin()),
                        a.target(),
                        a.action() + " " + a.before() + " -> " + a.after(),
                        a.auditId()))
            .toList());
  }

  /** A command's report: outcome and summary (a rejection's says why), then its changes. */
  static String report(JsonNode report) {
    StringBuilder b =
        new StringBuilder(report.path("outcome").asText())
            .append("  ")
            .append(report.path("summary").asText())
            .append('\n');
    JsonNode rejection = report.path("rejection");
    if (rejection.isObject()) {
      b.append("  code ").append(rejection.path("code").asText()).append('\n');
    }
    List<List<String>> rows = new ArrayList<>();
    report
        .path("changes")
        .forEach(
            c ->
                rows.add(
                    List.of(
                        c.path("status").asText(),
                        c.path("target").asText(),
                        c.path("action").asText()
                            + " "
                            + c.path("before").asText()
                            + " -> "
                            + c.path("after").asText(),
                        c.path("auditId").asText(),
                        c.path("detail").asText())));
    if (!rows.isEmpty()) {
      table(b, List.of("STATUS", "TARGET", "CHANGE", "AUDIT ID", "DETAIL"), rows);
    }
    return b.toString();
  }

  static void table(StringBuilder b, List<String> header, List<List<String>> rows) {
    int[] width = new int[header.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = header.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (List<String> r : all) {
      StringBuilder line = new StringBuilder(" ");
      for (int i = 0; i < r.size(); i++) {
        line.append(' ').append(String.format("%-" + width[i] + "s", r.get(i)));
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
  }
}
