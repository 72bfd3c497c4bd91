package com.tradai.remediation.report;

import com.tradai.remediation.guard.GuardNote;
import com.tradai.remediation.guard.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pending plan a report asks a person to decide: the actions it would change, why each waits,
 * by when it expires, and the operator CLI lines that approve or reject it. Pure; both the email
 * and the chat rendering read it, so they say the same thing.
 *
 * @param planId null when nothing could be stored (no ledger): then there is nothing to approve
 */
public record Approval(
    String planId,
    String expiresAt,
    List<Report.DecisionView> actions,
    String approveCommand,
    String rejectCommand) {

  public Approval {
    actions = List.copyOf(actions);
  }

  /** The report's approvals, one per pending plan, in decision order; empty when none waits. */
  public static List<Approval> of(Report r) {
    Map<String, List<Report.DecisionView>> byPlan = new LinkedHashMap<>();
    for (Report.DecisionView d : r.decisions()) {
      if (d.verdict() == Verdict.NEEDS_APPROVAL) {
        byPlan
            .computeIfAbsent(d.planId() == null ? "" : d.planId(), k -> new java.util.ArrayList<>())
            .add(d);
      }
    }
    return byPlan.entrySet().stream()
        .map(
            e -> {
              String plan = e.getKey().isEmpty() ? null : e.getKey();
              Report.DecisionView first = e.getValue().getFirst();
              return new Approval(
                  plan,
                  first.approvalExpiresAt(),
                  e.getValue(),
                  plan == null ? null : command(r, "approve", plan),
                  plan == null ? null : command(r, "reject", plan));
            })
        .toList();
  }

  /**
   * Why the approval guard held this action, e.g. "rds-instance-class always needs an operator's
   * approval in prod".
   */
  public static String heldBecause(Report.DecisionView d) {
    return d.guards().stream()
        .filter(g -> g.is(GuardNote.Kind.APPROVAL_NEEDED))
        .map(GuardNote::reason)
        .findFirst()
        .orElse("the policy asks for an operator's approval");
  }

  /**
   * What the operator types, from a checkout of this repository (see docs/operations.md, "Operator
   * CLI").
   */
  static String command(Report r, String verb, String planId) {
    // the region comes from the alarm's text: only a region's shape reaches a command line
    String region =
        r.alarm() == null
                || r.alarm().region() == null
                || !r.alarm().region().matches("[a-z]{2}(-[a-z]+)+-\\d{1,2}")
            ? ""
            : " --region " + r.alarm().region();
    return "./run ops --env " + r.environment() + region + " " + verb + " " + planId;
  }
}
