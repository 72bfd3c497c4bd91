package com.tradai.remediation.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradai.remediation.config.PolicyLoader;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.guard.GuardContext.Breaker;
import com.tradai.remediation.guard.GuardContext.Claims;
import com.tradai.remediation.guard.GuardContext.Facts;
import com.tradai.remediation.guard.GuardContext.Origin;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Modes and the track-record bar, as the guards apply them: pure, over plain facts. */
class TrustTest {
  private static final Instant NOW = Instant.parse("2026-11-27T10:15:00Z");
  private static final LocalDate TODAY = LocalDate.parse("2026-11-27");
  private static final PolicyLoader LOADER = new PolicyLoader(new ObjectMapper());
  private static final Policy DEV = LOADER.forEnvironment("dev");
  private static final Policy PROD = LOADER.forEnvironment("prod");
  private static final Action SCALE =
      new Action.ScaleEcsService("tradai-prod", "tradai-backend-prod", 2, 3);

  private static Decision review(Policy p, Origin origin, Facts facts) {
    GuardContext c = new GuardContext("tradai", p.environment(), NOW, origin, "api-latency", facts);
    return Guardrails.standard().review(Plan.of(SCALE), p, c).getFirst();
  }

  /** What the shell hands the guards in a shadow run: no claim taken. */
  private static Facts shadowRun(Standing s) {
    return new Facts(
        Optional.empty(), Breaker.CLOSED, Map.of(), 0, Claims.notTaken(Trust.SHADOW), s);
  }

  private static Facts granted(Standing s) {
    return Facts.quiet().withStanding(s);
  }

  private static Standing setBy(Mode mode, String who) {
    return new Standing(
        Map.of("api-latency", new Standing.ModeSetting(mode, who, NOW, "test", "shadow")),
        Map.of());
  }

  private static Standing record(long recovered, long notRecovered, long rolledBack) {
    Map<String, Long> c = new HashMap<>();
    c.put(TrackRecord.counter(TrackRecord.Tally.RECOVERED, TODAY), recovered);
    c.put(TrackRecord.counter(TrackRecord.Tally.NOT_RECOVERED, TODAY.minusDays(3)), notRecovered);
    c.put(TrackRecord.counter(TrackRecord.Tally.ROLLED_BACK, TODAY.minusDays(29)), rolledBack);
    return new Standing(Map.of(), Map.of(Standing.key("api-latency", "ecs-scale"), c));
  }

  @Test
  void theCommittedProdPolicyStartsEveryRunbookInShadowAndDevAndStagingAct() {
    for (String runbook : PolicyLoader.RUNBOOKS) {
      assertThat(PROD.rollout().modeOf(runbook)).as(runbook).isEqualTo(Mode.SHADOW);
      assertThat(DEV.rollout().modeOf(runbook)).as(runbook).isEqualTo(Mode.ACT);
      assertThat(LOADER.forEnvironment("staging").rollout().modeOf(runbook))
          .as(runbook)
          .isEqualTo(Mode.ACT);
    }
    assertThat(PROD.rollout().minTrackRecord()).contains(new Policy.Bar(0.8, 5, 30));
  }

  @Test
  void shadowStopsAfterEveryOtherGuardSaidWhatItWouldDoWithoutClaimOrLock() {
    Decision d = review(PROD, Origin.ALARM, shadowRun(Standing.NONE));
    assertThat(d.verdict()).isEqualTo(Verdict.SHADOW);
    assertThat(d.notes())
        .contains(
            "idempotency: not taken (shadow mode)",
            "lock: not taken (shadow mode)",
            "approval: not needed",
            "dry-run: off");
    assertThat(d.notes().getLast())
        .isEqualTo(
            "shadow: would apply desiredCount 2 → 3; api-latency "
                + "runs in shadow mode in prod (the policy's), so nothing is changed");
  }

  @Test
  void aShadowPlanThatWouldNeedApprovalSaysSoAndStillOnlyShadows() {
    Action rds =
        new Action.ChangeRdsInstanceClass("tradai-prod", "db.t4g.medium", "db.t4g.large", 0, 1);
    GuardContext c =
        new GuardContext(
            "tradai", "prod", NOW, Origin.ALARM, "rds-slow-queries", shadowRun(Standing.NONE));
    Decision d = Guardrails.standard().review(Plan.of(rds), PROD, c).getFirst();
    assertThat(d.verdict()).isEqualTo(Verdict.SHADOW);
    assertThat(d.notes())
        .contains(
            "approval: would be needed (rds-instance-class always needs an "
                + "operator's approval in prod)");
  }

  @Test
  void approveModeSendsEveryAlarmFixToApprovalButAnApprovalActs() {
    Decision held = review(PROD, Origin.ALARM, granted(setBy(Mode.APPROVE, "alice")));
    assertThat(held.verdict()).isEqualTo(Verdict.NEEDS_APPROVAL);
    assertThat(held.notes().getLast())
        .isEqualTo(
            "approval: needed (api-latency runs in approve mode"
                + " in prod: every fix waits for an operator)");
    assertThat(review(PROD, Origin.APPROVED, granted(setBy(Mode.APPROVE, "alice"))).verdict())
        .isEqualTo(Verdict.ALLOWED);
  }

  @Test
  void aRunTimeModeOutranksThePolicysAndActIsTodaysBehaviourWithoutAModeNote() {
    Decision d = review(PROD, Origin.ALARM, granted(setBy(Mode.ACT, "alice")));
    assertThat(d.verdict()).isEqualTo(Verdict.ALLOWED);
    assertThat(d.notes()).noneMatch(n -> n.startsWith("shadow"));
    // and the other way: a run-time shadow over dev's act
    GuardContext c =
        new GuardContext(
            "tradai",
            "dev",
            NOW,
            Origin.ALARM,
            "api-latency",
            shadowRun(setBy(Mode.SHADOW, "bob")));
    Decision dev =
        Guardrails.standard()
            .review(
                Plan.of(new Action.ScaleEcsService("tradai-dev", "tradai-backend-dev", 2, 3)),
                DEV,
                c)
            .getFirst();
    assertThat(dev.verdict()).isEqualTo(Verdict.SHADOW);
    assertThat(dev.notes().getLast())
        .endsWith("runs in shadow mode in dev (set by bob), so nothing is changed");
  }

  @Test
  void dryRunIsTighterThanEveryModeAndTheShellTakesNoShadowClaimForIt() {
    Policy dry = PROD.withDryRun(true);
    assertThat(Trust.shadows(dry, Origin.ALARM, "api-latency", Standing.NONE)).isFalse();
    Decision d =
        review(
            dry,
            Origin.ALARM,
            new Facts(Optional.empty(), Breaker.CLOSED, Map.of(), 0, Claims.notTaken("dry-run")));
    assertThat(d.verdict()).isEqualTo(Verdict.DRY_RUN);
  }

  @Test
  void aRecordBelowTheBarSendsTheFixToApprovalNamingTheNumbers() {
    Policy acting = PROD.withEveryRunbookIn(Mode.ACT);
    Decision d = review(acting, Origin.ALARM, granted(record(3, 2, 1)));
    assertThat(d.verdict()).isEqualTo(Verdict.NEEDS_APPROVAL);
    assertThat(d.notes().getLast())
        .isEqualTo(
            "approval: needed (track record: ecs-scale fixes of "
                + "api-latency recovered 3 of 6 in prod (30 days), below the bar of 80% over at least 5 "
                + "verdicts in 30 days)");
  }

  @Test
  void aRecordAtTheBarOrWithTooFewVerdictsActs() {
    Policy acting = PROD.withEveryRunbookIn(Mode.ACT);
    assertThat(review(acting, Origin.ALARM, granted(record(4, 1, 0))).verdict())
        .isEqualTo(Verdict.ALLOWED);
    assertThat(review(acting, Origin.ALARM, granted(record(1, 2, 1))).verdict())
        .isEqualTo(Verdict.ALLOWED);
  }
}
