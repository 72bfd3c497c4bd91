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
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ledger-fed guards, table-driven over plain facts: no DynamoDB, no mocks. */
class LedgerGuardsTest {
  private static final Instant NOW = Instant.parse("2026-11-27T10:15:00Z");
  private static final PolicyLoader LOADER = new PolicyLoader(new ObjectMapper());
  static final Policy DEV = LOADER.forEnvironment("dev");

  /**
   * Prod's guards as they stand once its runbooks act (the committed policy starts them in shadow).
   */
  static final Policy PROD = LOADER.forEnvironment("prod").withEveryRunbookIn(Mode.ACT);

  static final Action SCALE = new Action.ScaleEcsService("tradai-dev", "tradai-backend-dev", 2, 3);

  static Decision review(Action a, Policy p, Origin origin, Facts facts) {
    GuardContext c = new GuardContext("tradai", p.environment(), NOW, origin, "api-latency", facts);
    return Guardrails.standard().review(Plan.of(a), p, c).getFirst();
  }

  private static Decision review(Action a, Policy p, Facts facts) {
    return review(a, p, Origin.ALARM, facts);
  }

  private static Facts quiet() {
    return Facts.quiet();
  }

  @Test
  void aQuietWorldAllowsAndEveryGuardSpeaksInOrder() {
    Decision d = review(SCALE, DEV, quiet());
    assertThat(d.verdict()).isEqualTo(Verdict.ALLOWED);
    assertThat(d.notes())
        .extracting(n -> n.substring(0, n.indexOf(':')))
        .containsExactly(
            "allow-list",
            "no scale-down",
            "cap",
            "kill switch",
            "circuit breaker",
            "idempotency",
            "lock",
            "cooldown",
            "rate limit",
            "approval",
            "dry-run");
  }

  @Test
  void killSwitchStopsAndSaysWhy() {
    Facts f =
        new Facts(
            Optional.of("SSM /tradai/dev/remediation/kill-switch = 'on: incident 4711'"),
            Breaker.CLOSED,
            Map.of(),
            0,
            Claims.notTaken("kill switch engaged"));
    Decision d = review(SCALE, DEV, f);
    assertThat(d.verdict()).isEqualTo(Verdict.BLOCKED);
    assertThat(d.notes().getLast())
        .isEqualTo(
            "kill switch: engaged (SSM /tradai/dev/remediation/"
                + "kill-switch = 'on: incident 4711'); nothing is changed until it is turned off");
  }

  @Test
  void killSwitchStopsARollbackToo() {
    Facts f = new Facts(Optional.of("x"), Breaker.CLOSED, Map.of(), 0, Claims.granted());
    assertThat(review(SCALE.inverse(), DEV, Origin.ROLLBACK, f).verdict())
        .isEqualTo(Verdict.BLOCKED);
  }

  @ParameterizedTest(name = "cooldown: last change {0} min ago → {1}")
  @CsvSource({"1, BLOCKED", "4, BLOCKED", "5, ALLOWED", "30, ALLOWED"})
  void cooldownPerResourceAndKind(int minutesAgo, Verdict verdict) {
    Facts f =
        new Facts(
            Optional.empty(),
            Breaker.CLOSED,
            Map.of("ecs-scale#tradai-backend-dev", NOW.minusSeconds(60L * minutesAgo)),
            0,
            Claims.granted());
    Decision d = review(SCALE, DEV, f);
    assertThat(d.verdict()).isEqualTo(verdict);
    if (verdict == Verdict.BLOCKED) {
      assertThat(d.notes().getLast())
          .startsWith("cooldown: ecs-scale on tradai-backend-dev last changed at");
    }
  }

  @Test
  void cooldownOfAnotherKindOrResourceDoesNotHold() {
    Facts f =
        new Facts(
            Optional.empty(),
            Breaker.CLOSED,
            Map.of(
                "ecs-task-memory#tradai-backend-dev",
                NOW,
                "ecs-scale#tradai-strategy-service-dev",
                NOW),
            0,
            Claims.granted());
    assertThat(review(SCALE, DEV, f).verdict()).isEqualTo(Verdict.ALLOWED);
  }

  @ParameterizedTest(name = "rate limit: {0} earlier fixes → {1}")
  @CsvSource({"0, ALLOWED", "5, ALLOWED", "6, BLOCKED", "9, BLOCKED"})
  void rateLimitPerRunbookAndEnvironment(int earlier, Verdict verdict) {
    Facts f = new Facts(Optional.empty(), Breaker.CLOSED, Map.of(), earlier, Claims.granted());
    Decision d = review(SCALE, DEV, f);
    assertThat(d.verdict()).isEqualTo(verdict);
    if (verdict == Verdict.BLOCKED) {
      assertThat(d.notes().getLast())
          .isEqualTo(
              "rate limit: api-latency acted "
                  + earlier
                  + " times in dev in the last 60 min (max 6)");
    }
  }

  @ParameterizedTest(name = "breaker: {0} failures, {1} fixes, open={2} → {3}")
  @CsvSource({
    "0, 0, false, ALLOWED",
    "2, 19, false, ALLOWED",
    "3, 3, false, BLOCKED",
    "0, 20, false, BLOCKED",
    "0, 0, true, BLOCKED"
  })
  void circuitBreakerTripsOnFailuresOrFixesAndStaysOpen(
      int failures, int fixes, boolean open, Verdict verdict) {
    Facts f =
        new Facts(
            Optional.empty(),
            new Breaker(open, open ? "3 failed fixes" : null, failures, fixes),
            Map.of(),
            0,
            Claims.granted());
    Decision d = review(SCALE, DEV, f);
    assertThat(d.verdict()).isEqualTo(verdict);
    if (verdict == Verdict.BLOCKED) {
      assertThat(d.notes().getLast())
          .startsWith("circuit breaker: open (")
          .endsWith("no fix runs in dev until an operator resets it");
    }
  }

  @Test
  void duplicateTransitionIsBlockedByIdempotency() {
    Facts f = quiet().withClaims(Claims.duplicateOf("transition X was already handled"));
    Decision d = review(SCALE, DEV, f);
    assertThat(d.verdict()).isEqualTo(Verdict.BLOCKED);
    assertThat(d.notes().getLast())
        .isEqualTo("idempotency: duplicate; transition X was already handled");
  }

  @Test
  void aResourceLockedElsewhereIsBlocked() {
    Facts f =
        quiet()
            .withClaims(
                new Claims(
                    true,
                    null,
                    Optional.empty(),
                    Map.of(
                        "tradai-backend-dev",
                        "another invocation (tradai-dev-cpu-high) until 2026-11-27T10:20:00Z")));
    Decision d = review(SCALE, DEV, f);
    assertThat(d.verdict()).isEqualTo(Verdict.BLOCKED);
    assertThat(d.notes().getLast())
        .isEqualTo(
            "lock: tradai-backend-dev is locked by another "
                + "invocation (tradai-dev-cpu-high) until 2026-11-27T10:20:00Z");
  }

  @Test
  void withoutClaimsNothingIsAppliedButADryRunStillPlans() {
    Facts f = quiet().withClaims(Claims.notTaken("no ledger: LEDGER_TABLE is not set"));
    assertThat(review(SCALE, DEV, f).notes().getLast())
        .isEqualTo(
            "idempotency: not taken (no ledger: LEDGER_TABLE is not set); nothing is applied without it");
    Decision dry = review(SCALE, DEV.withDryRun(true), f);
    assertThat(dry.verdict()).isEqualTo(Verdict.DRY_RUN);
    assertThat(dry.notes())
        .contains("idempotency: not taken (dry-run)", "lock: not taken (dry-run)");
  }

  @Test
  void prodScalesOutAndRaisesLambdaMemoryAndTimeoutWithoutApproval() {
    Facts f = quiet();
    assertThat(
            review(new Action.ScaleEcsService("tradai-prod", "tradai-backend-prod", 4, 5), PROD, f)
                .verdict())
        .isEqualTo(Verdict.ALLOWED);
    assertThat(
            review(new Action.RaiseLambdaMemory("tradai-api-prod", 1024, 1769), PROD, f).verdict())
        .isEqualTo(Verdict.ALLOWED);
    assertThat(review(new Action.RaiseLambdaTimeout("tradai-api-prod", 30, 60), PROD, f).verdict())
        .isEqualTo(Verdict.ALLOWED);
  }

  @ParameterizedTest(name = "prod {0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "rds class t4g.medium → t4g.large|NEEDS_APPROVAL",
        "task memory 1024 → 2048|ALLOWED",
        "task memory 2048 → 4096|NEEDS_APPROVAL",
        "provisioned concurrency 0 → 5|ALLOWED",
        "provisioned concurrency 5 → 15|NEEDS_APPROVAL"
      })
  void prodNeedsApprovalForRdsAndForBigMemoryOrConcurrencySteps(String what, Verdict verdict) {
    Action a =
        switch (what) {
          case "rds class t4g.medium → t4g.large" ->
              new Action.ChangeRdsInstanceClass(
                  "tradai-rds-prod", "db.t4g.medium", "db.t4g.large", 0, 1);
          case "task memory 1024 → 2048" ->
              new Action.RaiseEcsTaskMemory(
                  "tradai-prod", "tradai-backend-prod", "td", 512, 1024, 2048);
          case "task memory 2048 → 4096" ->
              new Action.RaiseEcsTaskMemory(
                  "tradai-prod", "tradai-backend-prod", "td", 1024, 2048, 4096);
          case "provisioned concurrency 0 → 5" ->
              new Action.SetProvisionedConcurrency("tradai-api-prod", "live", 0, 5);
          default -> new Action.SetProvisionedConcurrency("tradai-api-prod", "live", 5, 15);
        };
    Decision d = review(a, PROD, quiet());
    assertThat(d.verdict()).isEqualTo(verdict);
    if (verdict == Verdict.NEEDS_APPROVAL) {
      assertThat(d.notes().getLast()).startsWith("approval: needed (");
      assertThat(review(a, PROD, Origin.APPROVED, quiet()).verdict()).isEqualTo(Verdict.ALLOWED);
    }
  }

  @Test
  void devActsFreelyWithinCaps() {
    Action rds =
        new Action.ChangeRdsInstanceClass("tradai-rds-dev", "db.t4g.micro", "db.t4g.small", 0, 1);
    assertThat(review(rds, DEV, quiet()).verdict()).isEqualTo(Verdict.ALLOWED);
  }

  @Test
  void anOperatorsRollbackMayLowerAValueAndIsNotHeldByCooldownRateOrBreaker() {
    Facts f =
        new Facts(
            Optional.empty(),
            new Breaker(true, "3 failed fixes", 3, 3),
            Map.of("ecs-scale#tradai-backend-dev", NOW),
            100,
            Claims.granted());
    Decision d = review(SCALE.inverse(), DEV, Origin.ROLLBACK, f);
    assertThat(d.verdict()).isEqualTo(Verdict.ALLOWED);
    assertThat(d.effective())
        .isEqualTo(new Action.ScaleEcsService("tradai-dev", "tradai-backend-dev", 3, 2));
    assertThat(d.notes())
        .contains(
            "no scale-down: an operator's rollback may restore a lower value (desiredCount 3 → 2)");
  }

  @Test
  void anAlarmNeverLowersEvenAsAnApprovedPlan() {
    assertThat(review(SCALE.inverse(), DEV, Origin.ALARM, quiet()).verdict())
        .isEqualTo(Verdict.BLOCKED);
    assertThat(review(SCALE.inverse(), DEV, Origin.APPROVED, quiet()).verdict())
        .isEqualTo(Verdict.BLOCKED);
  }

  @Test
  void approvalIsNotAskedForInADryRun() {
    Action rds =
        new Action.ChangeRdsInstanceClass("tradai-rds-prod", "db.t4g.medium", "db.t4g.large", 0, 1);
    Decision d = review(rds, PROD.withDryRun(true), quiet());
    assertThat(d.verdict()).isEqualTo(Verdict.DRY_RUN);
    assertThat(d.notes())
        .contains(
            "approval: would be needed (rds-instance-class always needs an "
                + "operator's approval in prod)");
  }

  @ParameterizedTest(name = "kill switch ''{0}'' engaged={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "off|false",
        "OFF|false",
        "false|false",
        "0|false",
        "' '|false",
        "disabled|false",
        "on|true",
        "true|true",
        "on: incident 4711|true",
        "maybe|true"
      })
  void killSwitchValues(String value, boolean engaged) {
    assertThat(KillSwitch.engaged("/k", Optional.of(value)).isPresent()).isEqualTo(engaged);
  }

  @Test
  void aMissingKillSwitchParameterIsOffOnlyInDev() {
    assertThat(KillSwitch.engaged("dev", "/k", Optional.empty())).isEmpty();
    assertThat(KillSwitch.engaged("staging", "/k", Optional.empty()))
        .contains(
            "SSM /k is missing, and in staging a missing kill switch counts as engaged (set it to 'off' to allow fixes)");
    assertThat(KillSwitch.engaged("prod", "/k", Optional.empty())).isPresent();
    assertThat(KillSwitch.engaged("prod", "/k", Optional.of("off"))).isEmpty();
  }
}
