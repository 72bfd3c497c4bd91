package com.tradai.remediation.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.guard.GuardNote;
import com.tradai.remediation.guard.Verdict;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which reports page a person: pure, over every outcome and the decisions a report can carry. */
class EscalationTest {

  private static Report report(Outcome outcome, Report.DecisionView... decisions) {
    return Report.builder("prod", outcome, "x")
        .runbook("api-latency")
        .runbookTitle("High API Latency")
        .decisions(List.of(decisions))
        .generatedAt("2026-12-05T10:00:00Z")
        .build();
  }

  private static Report.DecisionView decision(Verdict verdict, GuardNote... guards) {
    return new Report.DecisionView(
        "ScaleEcsService", "tradai-backend-prod", "2 -> 3", "2 -> 3", verdict, List.of(guards));
  }

  @Test
  void failedAndNotRecoveredEscalateAndNoOtherOutcomeAloneDoes() {
    Set<String> escalated =
        Arrays.stream(Outcome.values())
            .filter(o -> Escalation.needed(report(o)))
            .map(Outcome::name)
            .collect(Collectors.toSet());
    // NEEDS_APPROVAL is listed by name: it escalates too once it is an outcome of its own
    assertThat(escalated)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Outcome.values())
                .map(Outcome::name)
                .filter(Set.of("FAILED", "NOT_RECOVERED", "NEEDS_APPROVAL", "REFUSED")::contains)
                .toList());
    assertThat(Escalation.reason(report(Outcome.FAILED))).contains("outcome FAILED");
  }

  @Test
  void aPlanWaitingForApprovalEscalatesWhateverTheOutcomeSays() {
    Report waiting =
        report(
            Outcome.BLOCKED,
            decision(Verdict.NEEDS_APPROVAL, GuardNote.said("approval", "required")));
    assertThat(Escalation.reason(waiting)).contains("a decision waits for approval");
  }

  @Test
  void anOpenBreakerEscalatesAndAClosedOneDoesNot() {
    Report open =
        report(
            Outcome.BLOCKED,
            decision(
                Verdict.BLOCKED,
                GuardNote.said("kill switch", "off"),
                GuardNote.breakerOpen(
                    "3 failed fixes in 60 min (max 3)",
                    "; no fix runs in prod until an operator resets it")));
    Report closed =
        report(
            Outcome.BLOCKED,
            decision(
                Verdict.BLOCKED,
                GuardNote.said("circuit breaker", "closed (0 failures, 0 fixes in the window)"),
                GuardNote.said("cooldown", "2 min left")));
    assertThat(Escalation.reason(open)).contains("the circuit breaker is open");
    assertThat(Escalation.breakerOpen(open)).isTrue();
    assertThat(Escalation.needed(closed)).isFalse();
    assertThat(Escalation.needed(report(Outcome.REMEDIATED, decision(Verdict.ALLOWED)))).isFalse();
  }

  @Test
  void theBreakersOwnNoteEscalatesNotTextThatReadsLikeIt() {
    GuardNote open =
        GuardNote.breakerOpen("3 failed fixes in 60 min (max 3)", ", but a rollback may act");
    assertThat(open.line())
        .isEqualTo(
            "circuit breaker: open (3 failed fixes in 60 min (max 3)), but a rollback may act");
    assertThat(Escalation.breakerOpen(report(Outcome.REMEDIATED, decision(Verdict.ALLOWED, open))))
        .as("a rollback let through an open breaker")
        .isTrue();
    // the ledger's own words beside the guards' notes never open the breaker, whatever they say
    GuardNote lookalike = GuardNote.unnamed(open.line());
    assertThat(lookalike.line()).isEqualTo(open.line());
    assertThat(Escalation.needed(report(Outcome.REMEDIATED, decision(Verdict.ALLOWED, lookalike))))
        .isFalse();
  }
}
