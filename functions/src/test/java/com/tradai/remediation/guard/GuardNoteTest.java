package com.tradai.remediation.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.guard.GuardContext.Breaker;
import com.tradai.remediation.guard.GuardContext.Claims;
import com.tradai.remediation.guard.GuardContext.Facts;
import com.tradai.remediation.guard.GuardContext.Origin;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The guards mark the notes code decides on (open breaker, approval needed, claims not taken) with
 * their kind and reason, and each note still reads as the line reports and audit records show.
 */
class GuardNoteTest {
  private static final Policy DEV = LedgerGuardsTest.DEV;
  private static final Policy PROD = LedgerGuardsTest.PROD;
  private static final Action SCALE = LedgerGuardsTest.SCALE;

  private static Decision review(Action a, Policy p, Origin origin, Facts facts) {
    return LedgerGuardsTest.review(a, p, origin, facts);
  }

  @Test
  void anOpenBreakerIsMarkedWithWhatOpenedIt() {
    Facts f =
        new Facts(
            Optional.empty(),
            new Breaker(true, "3 failed fixes", 3, 3),
            Map.of(),
            0,
            Claims.granted());
    GuardNote blocked = review(SCALE, DEV, Origin.ALARM, f).guardNotes().getLast();
    assertThat(blocked.kind()).isEqualTo(GuardNote.Kind.BREAKER_OPEN);
    assertThat(blocked.reason()).isEqualTo("3 failed fixes");
    assertThat(blocked.line())
        .isEqualTo(
            "circuit breaker: open (3 failed fixes); no fix runs in dev"
                + " until an operator resets it");

    List<GuardNote> rollback = review(SCALE.inverse(), DEV, Origin.ROLLBACK, f).guardNotes();
    assertThat(rollback)
        .filteredOn(n -> n.is(GuardNote.Kind.BREAKER_OPEN))
        .singleElement()
        .extracting(GuardNote::line)
        .isEqualTo("circuit breaker: open (3 failed fixes), but a rollback may act");
  }

  @Test
  void aClosedBreakerIsOnlySaid() {
    assertThat(review(SCALE, DEV, Origin.ALARM, Facts.quiet()).guardNotes())
        .noneMatch(n -> n.is(GuardNote.Kind.BREAKER_OPEN))
        .noneMatch(n -> n.is(GuardNote.Kind.APPROVAL_NEEDED))
        .noneMatch(n -> n.is(GuardNote.Kind.NOT_CLAIMED));
  }

  @Test
  void anApprovalHoldCarriesThePolicysRuleAsItsReason() {
    Action rds =
        new Action.ChangeRdsInstanceClass("tradai-rds-prod", "db.t4g.medium", "db.t4g.large", 0, 1);
    Decision held = review(rds, PROD, Origin.ALARM, Facts.quiet());
    assertThat(held.verdict()).isEqualTo(Verdict.NEEDS_APPROVAL);
    GuardNote note = held.guardNotes().getLast();
    assertThat(note.kind()).isEqualTo(GuardNote.Kind.APPROVAL_NEEDED);
    assertThat(note.reason())
        .isEqualTo("rds-instance-class always needs an operator's approval in prod");
    assertThat(note.line()).isEqualTo("approval: needed (" + note.reason() + ")");
    // a dry-run only says it would be needed: nothing waits, so nothing is marked
    assertThat(review(rds, PROD.withDryRun(true), Origin.ALARM, Facts.quiet()).guardNotes())
        .noneMatch(n -> n.is(GuardNote.Kind.APPROVAL_NEEDED))
        .extracting(GuardNote::line)
        .contains(
            "approval: would be needed (rds-instance-class always"
                + " needs an operator's approval in prod)");
  }

  @Test
  void claimsNotTakenNameWhyNot() {
    Facts f = Facts.quiet().withClaims(Claims.notTaken("ledger unavailable: throttled"));
    GuardNote note = review(SCALE, DEV, Origin.ALARM, f).guardNotes().getLast();
    assertThat(note.guard()).isEqualTo("idempotency");
    assertThat(note.kind()).isEqualTo(GuardNote.Kind.NOT_CLAIMED);
    assertThat(note.reason()).isEqualTo("ledger unavailable: throttled");
    assertThat(note.line())
        .isEqualTo(
            "idempotency: not taken (ledger unavailable: throttled); nothing"
                + " is applied without it");
  }

  @Test
  void decisionNotesAreTheLinesInOrder() {
    Decision d = review(SCALE, DEV, Origin.ALARM, Facts.quiet());
    assertThat(d.notes()).isEqualTo(d.guardNotes().stream().map(GuardNote::line).toList());
    assertThat(GuardNote.unnamed("pending audit a-1 left PENDING").line())
        .isEqualTo("pending audit a-1 left PENDING");
  }
}
