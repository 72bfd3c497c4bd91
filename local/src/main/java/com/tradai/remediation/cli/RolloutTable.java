package com.tradai.remediation.cli;

import com.tradai.remediation.config.PolicyLoader;
import com.tradai.remediation.guard.Policy;
import com.tradai.remediation.guard.Standing;
import com.tradai.remediation.guard.TrackRecord;
import com.tradai.remediation.guard.Trust;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Pure: {@code ops status}'s rollout table, one row per runbook and fix kind with a record (a
 * runbook without one gets a row of its own, kind "-"): its mode and where it comes from, and its
 * track record over the policy's window.
 */
final class RolloutTable {
  private RolloutTable() {}

  record Row(
      String runbook,
      String mode,
      String modeFrom,
      String kind,
      int days,
      long recovered,
      long judged,
      long rolledBack,
      long improving,
      long shadowCleared,
      long shadowJudged) {}

  static List<Row> rows(Policy policy, Standing standing, Instant now) {
    int days = policy.rollout().minTrackRecord().map(Policy.Bar::days).orElse(30);
    LocalDate today = Trust.day(now);
    List<Row> rows = new ArrayList<>();
    for (String runbook : PolicyLoader.RUNBOOKS) {
      String mode = policy.dryRun() ? "dry-run" : Trust.mode(policy, runbook, standing).label();
      String from =
          policy.dryRun()
              ? "policy dryRun"
              : standing.modes().containsKey(runbook)
                  ? "set by "
                      + standing.modes().get(runbook).by()
                      + " at "
                      + standing.modes().get(runbook).at()
                  : "policy";
      TreeSet<String> kinds = new TreeSet<>();
      standing.counters().keySet().stream()
          .filter(k -> k.startsWith(runbook + "#"))
          .forEach(k -> kinds.add(k.substring(runbook.length() + 1)));
      if (kinds.isEmpty()) {
        rows.add(new Row(runbook, mode, from, "-", days, 0, 0, 0, 0, 0, 0));
      }
      for (String kind : kinds) {
        TrackRecord r = standing.record(runbook, kind, today, days);
        rows.add(
            new Row(
                runbook,
                mode,
                from,
                kind,
                days,
                r.recovered(),
                r.judged(),
                r.rolledBack(),
                r.improving(),
                r.shadowCleared(),
                r.shadowJudged()));
      }
    }
    return rows;
  }

  static void render(StringBuilder b, List<Row> rows) {
    b.append(
        String.format(
            "%-14s %s%n",
            "Rollout",
            rows.isEmpty()
                ? "-"
                : "modes and track records (" + rows.getFirst().days() + " days)"));
    OpsView.table(
        b,
        List.of(
            "RUNBOOK",
            "MODE",
            "KIND",
            "RECOVERED",
            "ROLLED BACK",
            "SHADOW: CLEARED ALONE",
            "MODE FROM"),
        rows.stream()
            .map(
                r ->
                    List.of(
                        r.runbook(),
                        r.mode(),
                        r.kind(),
                        r.recovered() + " of " + r.judged(),
                        String.valueOf(r.rolledBack()),
                        r.shadowCleared() + " of " + r.shadowJudged(),
                        r.modeFrom()))
            .toList());
  }
}
