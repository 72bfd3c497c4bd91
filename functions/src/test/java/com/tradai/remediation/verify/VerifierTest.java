package com.tradai.remediation.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.config.PolicyLoader;
import com.tradai.remediation.config.VerificationPolicy;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.guard.Verdict;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.ports.AlarmStatus;
import com.tradai.remediation.ports.VerificationRequest;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.report.Severity;
import com.tradai.remediation.report.VerificationStatus;
import com.tradai.remediation.testing.Scenario;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The verifier shell over replayed metrics and in-memory ECS: what it schedules, escalates, rolls
 * back.
 */
class VerifierTest {
  private static final AlarmStatus STILL_ALARM = new AlarmStatus("ALARM", Optional.empty());

  private static Scenario fixed() {
    Scenario s = new Scenario();
    Report fix = s.remediate("sns-api-latency-alarm.json", "api-latency-load-spike.json");
    assertThat(fix.outcome()).isEqualTo(Outcome.REMEDIATED);
    assertThat(s.ecs.desired).isEqualTo(3);
    return s;
  }

  @Test
  void anAppliedFixSchedulesOneCheckAfterThePolicyDelay() {
    Scenario s = fixed();
    assertThat(s.delays).containsExactly(300L);
    VerificationRequest r = s.lastScheduled();
    assertThat(r.attempt()).isEqualTo(1);
    assertThat(r.maxChecks()).isEqualTo(2);
    assertThat(r.fixedAt()).isEqualTo(Scenario.ALARM_AT);
    assertThat(r.checkAt()).isEqualTo(Instant.parse("2026-11-27T10:20:30Z"));
    assertThat(r.actions())
        .containsExactly(
            new com.tradai.remediation.core.Action.ScaleEcsService(
                "tradai-dev", "tradai-backend-dev", 2, 3));
    assertThat(r.correlationId())
        .isEqualTo(
            "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:tradai-dev-api-latency-high@1795774500000");
    assertThat(s.published.getFirst().verification().status())
        .isEqualTo(VerificationStatus.SCHEDULED);
  }

  @Test
  void aFixBlockedAtTheCapSchedulesNothing() {
    Scenario s = new Scenario();
    s.ecs.desired = 6;
    assertThat(s.remediate("sns-api-latency-alarm.json", "api-latency-load-spike.json").outcome())
        .isEqualTo(Outcome.BLOCKED);
    assertThat(s.scheduled).isEmpty();
  }

  @Test
  void recoveredClosesTheIncidentWithItsTimeToRecoverAndEscalatesNothing() {
    Scenario s = fixed();
    Report r =
        s.verifier(
                "verify-api-latency-recovered.json",
                new AlarmStatus("OK", Optional.of(Instant.parse("2026-11-27T10:19:40Z"))))
            .verify(s.lastScheduled());
    assertThat(r.outcome()).isEqualTo(Outcome.RECOVERED);
    assertThat(r.incident().timeToRecoverSeconds()).isEqualTo(280);
    assertThat(r.verification().checks()).allMatch(Report.CheckView::passed);
    assertThat(s.escalated).isEmpty();
    assertThat(s.scheduled).hasSize(1);
    assertThat(s.ecs.desired).isEqualTo(3);
  }

  @Test
  void improvingIsCheckedOnceMoreThenEscalatedWithoutRollbackWhenItDidNotGetWorse() {
    Scenario s = fixed();
    Report first =
        s.verifier("verify-api-latency-improving.json", STILL_ALARM).verify(s.lastScheduled());
    assertThat(first.outcome()).isEqualTo(Outcome.IMPROVING);
    assertThat(s.escalated).isEmpty();
    assertThat(s.delays).containsExactly(300L, 300L);
    VerificationRequest again = s.lastScheduled();
    assertThat(again.attempt()).isEqualTo(2);
    assertThat(again.checkAt()).isEqualTo(Instant.parse("2026-11-27T10:25:30Z"));

    Report second = s.verifier("verify-api-latency-improving.json", STILL_ALARM).verify(again);
    assertThat(second.outcome()).isEqualTo(Outcome.NOT_RECOVERED);
    assertThat(second.severity()).isEqualTo(Severity.HIGH);
    assertThat(s.scheduled).hasSize(2);
    assertThat(s.escalated).containsExactly(second);
    assertThat(second.changes()).isEmpty();
    assertThat(s.ecs.desired).isEqualTo(3);
    assertThat(second.verification().nextStep())
        .isEqualTo(
            "escalated at high severity; the fix stays: the metric did not get worse; a person decides");
  }

  @Test
  void worseIsEscalatedAndRolledBackToBefore() {
    Scenario s = fixed();
    Report r = s.verifier("verify-api-latency-worse.json", STILL_ALARM).verify(s.lastScheduled());
    assertThat(r.outcome()).isEqualTo(Outcome.NOT_RECOVERED);
    assertThat(s.ecs.desired).isEqualTo(2);
    assertThat(r.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.status())
                  .isEqualTo(com.tradai.remediation.report.ChangeStatus.ROLLED_BACK);
              assertThat(c.before()).isEqualTo(3);
              assertThat(c.after()).isEqualTo(2);
            });
    assertThat(r.decisions())
        .singleElement()
        .satisfies(d -> assertThat(d.verdict()).isEqualTo(Verdict.ALLOWED));
    assertThat(s.escalated).containsExactly(r);
    assertThat(s.published).contains(r);
  }

  @Test
  void aRollbackGoesThroughTheLedgerOncePerChange() {
    Scenario s = fixed();
    PolicyLoader loader = new PolicyLoader(Json.MAPPER);
    GuardedRollback rollback = s.rollback(loader.forEnvironment("dev"));
    Rollback.Result first = rollback.rollBack(s.lastScheduled(), "worse");
    assertThat(first.rolledBack()).isTrue();
    assertThat(first.changes()).singleElement().satisfies(c -> assertThat(c.auditId()).isNotNull());
    assertThat(s.ecs.desired).isEqualTo(2);

    s.ecs.desired = 3;
    Rollback.Result again = rollback.rollBack(s.lastScheduled(), "worse");
    assertThat(again.rolledBack()).isFalse();
    assertThat(again.changes()).isEmpty();
    assertThat(again.why())
        .singleElement()
        .asString()
        .startsWith("tradai-backend-dev BLOCKED (idempotency: duplicate;");
    assertThat(s.ecs.desired).isEqualTo(3);
  }

  @Test
  void aChangeTheVerifierCannotApplyOrWithoutAnAuditIdIsLeftToAPerson() {
    Scenario s = fixed();
    VerificationRequest fixed = s.lastScheduled();
    Action lambda = new Action.RaiseLambdaMemory("tradai-backtest-runner-dev", 1024, 2048);
    VerificationRequest request =
        new VerificationRequest(
            fixed.environment(),
            fixed.runbook(),
            fixed.runbookTitle(),
            fixed.correlationId(),
            fixed.alarm(),
            fixed.fixedAt(),
            fixed.checkAt(),
            1,
            2,
            List.of(lambda),
            List.of(
                new Report.ChangeView(
                    "RaiseLambdaMemory",
                    "tradai-backtest-runner-dev",
                    1024,
                    2048,
                    com.tradai.remediation.report.ChangeStatus.APPLIED,
                    "memory is now 2048 MB",
                    "20261127T101530.000Z-1a2b3c4d"),
                new Report.ChangeView(
                    "ScaleEcsService",
                    "tradai-backend-dev",
                    2,
                    3,
                    com.tradai.remediation.report.ChangeStatus.APPLIED,
                    "desiredCount is now 3",
                    null)));
    Rollback.Result r =
        s.rollback(new PolicyLoader(Json.MAPPER).forEnvironment("dev")).rollBack(request, "worse");
    assertThat(r.rolledBack()).isFalse();
    assertThat(r.decisions()).isEmpty();
    assertThat(r.why())
        .containsExactly(
            "tradai-backend-dev: the check carries no audit id; roll it back by hand",
            "tradai-backtest-runner-dev: the verifier cannot apply RaiseLambdaMemory; roll it back with"
                + " ./run ops --env dev rollback 20261127T101530.000Z-1a2b3c4d");
    assertThat(s.ecs.desired).isEqualTo(3);
  }

  @Test
  void worseUnderADryRunPolicyIsEscalatedButNothingIsRolledBack() {
    Scenario s = new Scenario(java.util.Map.of());
    s.remediate("sns-api-latency-alarm.json", "api-latency-load-spike.json");
    Report r =
        s.verifier(
                "verify-api-latency-worse.json",
                STILL_ALARM,
                new PolicyLoader(Json.MAPPER).forEnvironment("dev").withDryRun(true))
            .verify(s.lastScheduled());
    assertThat(r.decisions())
        .singleElement()
        .satisfies(d -> assertThat(d.verdict()).isEqualTo(Verdict.DRY_RUN));
    assertThat(r.changes()).isEmpty();
    assertThat(s.ecs.desired).isEqualTo(3);
    assertThat(s.escalated).hasSize(1);
  }

  @Test
  void worseWherePolicyKeepsFixesIsEscalatedOnly() {
    Scenario s = fixed();
    PolicyLoader loader = new PolicyLoader(Json.MAPPER);
    VerificationPolicy dev = loader.verificationFor("dev");
    VerificationPolicy keep =
        new VerificationPolicy(
            dev.delaySeconds(),
            dev.maxChecks(),
            dev.windowMinutes(),
            dev.improvementPercent(),
            false,
            dev.apiP99Ms(),
            dev.ecsUtilizationPercent(),
            dev.dbConnectionsGrowthPercent());
    Verifier v =
        new Verifier(
            s.config.targets(),
            keep,
            Scenario.replay("verify-api-latency-worse.json"),
            name -> STILL_ALARM,
            (r, d) -> {},
            (req, why) -> {
              throw new AssertionError("no rollback when rollbackOnWorse is off");
            },
            Optional.empty(),
            Optional.of(s.escalated::add),
            OncePerMessage.always(),
            Scenario.CHECK_CLOCK);
    Report r = v.verify(s.lastScheduled());
    assertThat(r.outcome()).isEqualTo(Outcome.NOT_RECOVERED);
    assertThat(s.ecs.desired).isEqualTo(3);
    assertThat(r.verification().nextStep()).contains("rollbackOnWorse is off");
    assertThat(s.escalated).hasSize(1);
  }

  @Test
  void aRequestRoundTripsThroughItsMessageAndABadOneNamesTheField() {
    Scenario s = fixed();
    assertThat(s.lastScheduled()).isEqualTo(s.scheduled.getFirst());
    ObjectNode json = s.scheduled.getFirst().toJson(Json.MAPPER);
    json.withObject("/alarm").remove("alarmAt");
    assertThatThrownBy(() -> VerificationRequest.fromJson(json, Json.MAPPER))
        .hasMessage("alarm.alarmAt is missing");
    ObjectNode bad = s.scheduled.getFirst().toJson(Json.MAPPER);
    ((ObjectNode) bad.withArray("/actions").get(0)).put("type", "DeleteEverything");
    assertThatThrownBy(() -> VerificationRequest.fromJson(bad, Json.MAPPER))
        .hasMessageStartingWith(
            "actions[0].type 'DeleteEverything' is not an action; expected one of [ScaleEcsService,");
    ObjectNode late = s.scheduled.getFirst().toJson(Json.MAPPER).put("attempt", 3);
    assertThatThrownBy(() -> VerificationRequest.fromJson(late, Json.MAPPER))
        .hasMessage("attempt 3 is past maxChecks 2");
  }

  @Test
  void theSampleSqsEventCarriesTheSameRequestTheRemediatorSchedules() throws Exception {
    Scenario s = fixed();
    com.amazonaws.services.lambda.runtime.events.SQSEvent event =
        com.amazonaws.services.lambda.runtime.tests.EventLoader.loadSQSEvent(
            "/events/sqs-verification-check.json");
    VerificationRequest sample =
        VerificationRequest.fromJson(
            Json.MAPPER.readTree(event.getRecords().getFirst().getBody()), Json.MAPPER);
    // The scheduled request carries the fix's audit id, which is random; the sample shows a
    // stand-in.
    assertThat(
            com.tradai.remediation.testing.Golden.normalize(
                Json.MAPPER.writeValueAsString(s.scheduled.getFirst().toJson(Json.MAPPER))))
        .isEqualTo(
            com.tradai.remediation.testing.Golden.normalize(
                Json.MAPPER.writeValueAsString(sample.toJson(Json.MAPPER))));
  }

  @Test
  void aLateDeliveryStillJudgesTheScheduledWindow() {
    Scenario s = fixed();
    java.time.Clock late =
        java.time.Clock.fixed(Instant.parse("2026-11-27T10:31:00Z"), java.time.ZoneOffset.UTC);
    PolicyLoader loader = new PolicyLoader(Json.MAPPER);
    Report r =
        new Verifier(
                s.config.targets(),
                loader.verificationFor("dev"),
                Scenario.replay("verify-api-latency-recovered.json"),
                name -> AlarmStatus.UNKNOWN,
                (q, d) -> {},
                (q, why) -> Rollback.Result.none(),
                Optional.empty(),
                Optional.empty(),
                OncePerMessage.always(),
                late)
            .verify(s.lastScheduled());
    assertThat(r.outcome()).isEqualTo(Outcome.RECOVERED);
    assertThat(r.verification().checkAt()).isEqualTo("2026-11-27T10:20:30Z");
    assertThat(r.generatedAt()).isEqualTo("2026-11-27T10:31:00Z");
  }

  @Test
  void anOkTransitionClosesTheIncidentWithItsTimeToRecover() {
    Scenario s = new Scenario();
    Report ok =
        s.remediator("api-latency-load-spike.json")
            .closeIncidentsWith(new IncidentCloser((name, okAt) -> Optional.of(Scenario.ALARM_AT)))
            .handle(
                com.tradai.remediation.testing.Resources.bytes("/events/sns-api-latency-ok.json"));
    assertThat(ok.outcome()).isEqualTo(Outcome.RECORDED_OK);
    assertThat(ok.incident())
        .isEqualTo(new Report.IncidentView("2026-11-27T10:15:00Z", "2026-11-27T10:42:00Z", 1620));
    assertThat(com.tradai.remediation.observe.RemediationMetrics.of(ok))
        .singleElement()
        .satisfies(p -> assertThat(p.name() + "=" + p.value()).isEqualTo("TimeToRecover=1620.0"));
  }

  @Test
  void anOkWithoutHistoryIsRecordedWithoutAFigure() {
    Report ok =
        new Scenario()
            .remediator("api-latency-load-spike.json")
            .closeIncidentsWith(new IncidentCloser((name, okAt) -> Optional.empty()))
            .handle(
                com.tradai.remediation.testing.Resources.bytes("/events/sns-api-latency-ok.json"));
    assertThat(ok.outcome()).isEqualTo(Outcome.RECORDED_OK);
    assertThat(ok.incident()).isNull();
  }
}
