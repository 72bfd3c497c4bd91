package com.tradai.remediation.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GuardrailsTest {
  private final Guardrails guardrails = Guardrails.standard();

  private Decision review(Action a, Policy p) {
    return guardrails.review(Plan.of(a), p, Fixtures.DEV_NOW).getFirst();
  }

  @Test
  void scaleOutWithinTheCapIsAllowed() {
    Decision d =
        review(
            new Action.ScaleEcsService("tradai-dev", "tradai-backend-dev", 2, 3),
            Fixtures.policy(6, false));
    assertThat(d.verdict()).isEqualTo(Verdict.ALLOWED);
    assertThat(d.effective().after()).isEqualTo(3);
  }

  @Test
  void scaleOutPastTheCapIsClampedToIt() {
    Decision d =
        review(
            new Action.ScaleEcsService("tradai-dev", "tradai-backend-dev", 5, 8),
            Fixtures.policy(6, false));
    assertThat(d.verdict()).isEqualTo(Verdict.ALLOWED);
    assertThat(d.effective())
        .isEqualTo(new Action.ScaleEcsService("tradai-dev", "tradai-backend-dev", 5, 6));
    assertThat(d.notes()).contains("cap: 8 exceeds the cap 6, clamped");
  }

  @Test
  void neverScalesDown() {
    Decision d =
        review(
            new Action.ScaleEcsService("tradai-dev", "tradai-backend-dev", 4, 2),
            Fixtures.policy(6, false));
    assertThat(d.verdict()).isEqualTo(Verdict.BLOCKED);
    assertThat(d.notes().getLast()).startsWith("no scale-down");
  }

  @Test
  void dryRunChangesTheVerdictNotThePlan() {
    Decision d =
        review(
            new Action.ScaleEcsService("tradai-dev", "tradai-backend-dev", 2, 3),
            Fixtures.policy(6, true));
    assertThat(d.verdict()).isEqualTo(Verdict.DRY_RUN);
    assertThat(d.mayApply()).isFalse();
    assertThat(d.notes().getLast()).isEqualTo("dry-run: would apply desiredCount 2 → 3");
  }

  @ParameterizedTest(name = "target ''{0}'' is refused in dev")
  @ValueSource(
      strings = {
        "",
        " ",
        "*",
        "tradai-backend-prod",
        "tradai-*-dev",
        "other-backend-dev",
        "tradai-dev"
      })
  void onlyThisEnvironmentsNamedResources(String target) {
    Decision d =
        review(new Action.ScaleEcsService("tradai-dev", target, 2, 3), Fixtures.policy(6, false));
    assertThat(d.verdict()).isEqualTo(Verdict.BLOCKED);
    assertThat(d.notes().getFirst()).startsWith("allow-list:");
  }

  @Test
  void memoryAboveTheCapIsBlockedNotClampedOffTheFargateLadder() {
    Decision d =
        review(
            new Action.RaiseEcsTaskMemory(
                "tradai-dev", "tradai-backend-dev", "td", 4096, 8192, 9216),
            Fixtures.policy(6, false));
    assertThat(d.verdict()).isEqualTo(Verdict.BLOCKED);
    assertThat(d.notes().getLast())
        .isEqualTo("cap: task memory 8192 MB → 9216 MB exceeds the cap 8192");
  }

  @Test
  void adviceIsNeverApplied() {
    Decision d =
        review(
            new Action.NotifyOnly("Database slow", "Check slow queries"),
            Fixtures.policy(6, false));
    assertThat(d.verdict()).isEqualTo(Verdict.ADVICE);
  }
}
