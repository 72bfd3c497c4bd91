package com.tradai.remediation.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.guard.Decision;
import com.tradai.remediation.guard.Verdict;
import com.tradai.remediation.report.ChangeStatus;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a guarded run's result comes to, from its decision and change pairs alone. */
class ResultOutcomeTest {
  private static final Action SCALE =
      new Action.ScaleEcsService("tradai-dev", "tradai-backend-dev", 2, 3);

  private static GuardedExecutor.Result.Step allowed(Optional<ChangeStatus> status) {
    Decision d = new Decision(SCALE, SCALE, Verdict.ALLOWED, List.of());
    return new GuardedExecutor.Result.Step(
        d,
        DecisionViews.view(d, null, null),
        status.map(s -> Report.ChangeView.of(SCALE, s, "detail", null)));
  }

  private static Outcome outcomeOf(GuardedExecutor.Result.Step... steps) {
    return new GuardedExecutor.Result(List.of(steps), Optional.empty(), false).outcome();
  }

  @Test
  void aChangeTheTimeBudgetKeptFromStartingIsNeverRemediated() {
    assertThat(outcomeOf(allowed(Optional.of(ChangeStatus.NOT_STARTED))))
        .isEqualTo(Outcome.BLOCKED);
  }

  @Test
  void anAppliedChangeBesideOneNotStartedIsRemediated() {
    assertThat(
            outcomeOf(
                allowed(Optional.of(ChangeStatus.APPLIED)),
                allowed(Optional.of(ChangeStatus.NOT_STARTED))))
        .isEqualTo(Outcome.REMEDIATED);
  }

  @Test
  void aFailedChangeOutweighsAnApplied() {
    assertThat(
            outcomeOf(
                allowed(Optional.of(ChangeStatus.APPLIED)),
                allowed(Optional.of(ChangeStatus.FAILED))))
        .isEqualTo(Outcome.FAILED);
  }
}
