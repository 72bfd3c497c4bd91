package com.tradai.remediation.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.handler.RemediationHandler;
import com.tradai.remediation.handler.VerifierHandler;
import com.tradai.remediation.ledger.ActionCodec;
import com.tradai.remediation.ledger.AuditRecord;
import com.tradai.remediation.ledger.DynamoDbLedger;
import com.tradai.remediation.ports.AlarmStateReader;
import com.tradai.remediation.ports.AlarmStatus;
import com.tradai.remediation.ports.VerificationRequest;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.report.VerificationStatus;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.Resources;
import com.tradai.remediation.testing.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Fix → delayed check → verdict, with the real handlers and SDK clients against moto_server (ECS,
 * SQS with DelaySeconds, SNS → SQS subscriptions) and metrics replayed from events/metrics. What
 * moto cannot do is stated where it is replaced: it never evaluates alarms, so the alarm's state
 * comes from a scripted {@link AlarmStateReader}; the delayed message is read from moto's state
 * dump (MotoServer.sqsMessages) because ReceiveMessage rightly hides it for 300 s.
 */
@ExtendWith(Moto.class)
class VerificationEndToEndTest {
  private static final String BACKEND = "tradai-backend-dev";

  @TempDir Path tmp;

  private String metrics(String name) throws IOException {
    Path file = tmp.resolve(name);
    Files.write(file, Resources.bytes("/events/metrics/" + name));
    return file.toString();
  }

  private Report fix(DemoEnvironment env) throws IOException {
    Config config =
        Config.from(
            env.variables(Map.of("METRICS_REPLAY_FILE", metrics("api-latency-load-spike.json"))));
    return new RemediationHandler(config, Scenario.FIX_CLOCK)
        .handle(Resources.bytes("/events/sns-api-latency-alarm.json"));
  }

  private static String scheduledBody(MotoServer moto) throws IOException {
    List<MotoServer.SqsMessage> checks =
        moto.sqsMessages().stream()
            .filter(m -> m.body().contains("\"kind\":\"tradai-verification\""))
            .toList();
    assertThat(checks).hasSize(1);
    return checks.getFirst().body();
  }

  private ObjectNode verify(DemoEnvironment env, MotoServer moto, String replay, AlarmStatus status)
      throws IOException {
    return deliver(env, replay, status, scheduledBody(moto));
  }

  /** One SQS delivery of {@code body} (message id m-1) to a fresh verifier function. */
  private ObjectNode deliver(DemoEnvironment env, String replay, AlarmStatus status, String body)
      throws IOException {
    Config config = Config.from(env.variables(Map.of("METRICS_REPLAY_FILE", metrics(replay))));
    return new VerifierHandler(config, Scenario.CHECK_CLOCK, name -> status)
        .handle(env.verificationEvent("m-1", body));
  }

  /**
   * The fix, then its scheduled check delivered twice to fresh functions (as SQS may: visibility
   * timeout, partial batch failure), the alarm still in ALARM.
   */
  private List<ObjectNode> deliveredTwice(DemoEnvironment env, MotoServer moto, String replay)
      throws IOException {
    fix(env);
    String body = scheduledBody(moto);
    AlarmStatus alarm = new AlarmStatus("ALARM", Optional.empty());
    return List.of(deliver(env, replay, alarm, body), deliver(env, replay, alarm, body));
  }

  private static DynamoDbLedger ledger(DemoEnvironment env) {
    return new DynamoDbLedger(env::dynamoDb, env.ledgerTable(), new ActionCodec(Json.MAPPER));
  }

  private static List<JsonNode> drain(DemoEnvironment env, String queueUrl) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (Message m :
        env.sqs()
            .receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
            .messages()) {
      out.add(Json.MAPPER.readTree(m.body()));
    }
    return out;
  }

  private static JsonNode report(JsonNode envelope) throws IOException {
    return Json.MAPPER.readTree(envelope.path("Message").asText());
  }

  @Test
  void
      anAppliedFixsReportReachesTheVerificationQueueThroughItsFilteredSubscriptionDelayedByThePolicy(
          MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Report report = fix(env);

      assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
      assertThat(report.verification().status()).isEqualTo(VerificationStatus.SCHEDULED);
      assertThat(report.verification().checkAt()).isEqualTo("2026-11-27T10:20:30Z");
      assertThat(
              env.sqs()
                  .receiveMessage(b -> b.queueUrl(env.verifyQueueUrl()).waitTimeSeconds(1))
                  .messages())
          .as("invisible until the delay passes")
          .isEmpty();
      assertThat(
              env.sqs()
                  .getQueueAttributes(
                      b ->
                          b.queueUrl(env.verifyQueueUrl())
                              .attributeNames(
                                  QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                  .attributes())
          .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "1");
      MotoServer.SqsMessage check =
          moto.sqsMessages().stream()
              .filter(MotoServer.SqsMessage::delayed)
              .collect(
                  java.util.stream.Collectors.collectingAndThen(
                      java.util.stream.Collectors.toList(),
                      l -> {
                        assertThat(l).hasSize(1);
                        return l.getFirst();
                      }));
      assertThat(
              env.sqs()
                  .getQueueAttributes(
                      b ->
                          b.queueUrl(env.verifyQueueUrl())
                              .attributeNames(QueueAttributeName.DELAY_SECONDS))
                  .attributes())
          .as("the queue's DelaySeconds, from the policy")
          .containsEntry(QueueAttributeName.DELAY_SECONDS, "300");
      JsonNode delivered = Json.MAPPER.readTree(check.body());
      assertThat(delivered.path("outcome").asText())
          .as("raw delivery: the report itself")
          .isEqualTo("REMEDIATED");
      assertThat(delivered).isEqualTo(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(report)));
      VerificationRequest request = CheckMessage.read(delivered, Json.MAPPER).request();
      assertThat(request.checkAt()).isEqualTo(Instant.parse("2026-11-27T10:20:30Z"));
      assertThat(request.attempt()).isEqualTo(1);
      assertThat(request.alarm().name()).isEqualTo("tradai-dev-api-latency-high");
      assertThat(request.changes())
          .singleElement()
          .satisfies(c -> assertThat(c.after()).isEqualTo(3));
    }
  }

  @Test
  void theVerifierReportsRecoveredWhenTheReplayRecovers(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      fix(env);
      ObjectNode out =
          verify(
              env,
              moto,
              "verify-api-latency-recovered.json",
              new AlarmStatus("OK", Optional.of(Instant.parse("2026-11-27T10:19:40Z"))));

      assertThat(out.path("batchItemFailures")).isEmpty();
      JsonNode verdict = out.path("reports").get(0);
      assertThat(verdict.path("outcome").asText()).isEqualTo("RECOVERED");
      assertThat(verdict.path("incident").path("timeToRecoverSeconds").asLong()).isEqualTo(280);
      assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
      List<JsonNode> results = drain(env, env.resultsQueueUrl());
      assertThat(results)
          .extracting(e -> e.path("MessageAttributes").path("outcome").path("Value").asText())
          .containsExactlyInAnyOrder("REMEDIATED", "RECOVERED");
      assertThat(drain(env, env.escalationQueueUrl())).isEmpty();
    }
  }

  @Test
  void whenTheReplayGetsWorseItEscalatesAtHighSeverityAndRollsTheServiceBack(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      fix(env);
      assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
      ObjectNode out =
          verify(
              env,
              moto,
              "verify-api-latency-worse.json",
              new AlarmStatus("ALARM", Optional.empty()));

      JsonNode verdict = out.path("reports").get(0);
      assertThat(verdict.path("outcome").asText()).isEqualTo("NOT_RECOVERED");
      assertThat(env.desiredCount(BACKEND)).as("ECS desired count restored").isEqualTo(2);
      assertThat(verdict.path("changes").get(0).path("detail").asText())
          .isEqualTo("desiredCount is now 2");
      List<JsonNode> escalations = drain(env, env.escalationQueueUrl());
      assertThat(escalations).hasSize(1);
      JsonNode attributes = escalations.getFirst().path("MessageAttributes");
      assertThat(attributes.path("severity").path("Value").asText()).isEqualTo("high");
      assertThat(attributes.path("outcome").path("Value").asText()).isEqualTo("NOT_RECOVERED");
      assertThat(attributes.path("env").path("Value").asText()).isEqualTo("dev");
      assertThat(attributes.path("runbook").path("Value").asText()).isEqualTo("api-latency");
      assertThat(report(escalations.getFirst()))
          .isEqualTo(Json.MAPPER.readTree(verdict.toString()));
      assertThat(escalations.getFirst().path("Subject").asText())
          .isEqualTo("[tradai-dev] api-latency: NOT_RECOVERED tradai-backend-dev 2 -> 3");
    }
  }

  @Test
  void theVerifiersRollbackTakesTheGuardedPathAndIsAuditedInTheLedger(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      String fixAudit = fix(env).changes().getFirst().auditId();
      JsonNode verdict =
          verify(
                  env,
                  moto,
                  "verify-api-latency-worse.json",
                  new AlarmStatus("ALARM", Optional.empty()))
              .path("reports")
              .get(0);

      assertThat(env.desiredCount(BACKEND)).as("ECS desired count restored").isEqualTo(2);
      JsonNode change = verdict.path("changes").get(0);
      assertThat(change.path("status").asText()).isEqualTo("ROLLED_BACK");
      AuditRecord rollback =
          ledger(env).audit("dev", change.path("auditId").asText()).orElseThrow();
      assertThat(rollback.status()).isEqualTo(AuditRecord.APPLIED);
      assertThat(rollback.origin()).isEqualTo("ROLLBACK");
      assertThat(rollback.rollbackOf()).isEqualTo(fixAudit);
      assertThat(rollback.alarmKey()).isEqualTo("rollback:" + fixAudit);
      assertThat(rollback.alarmName()).isEqualTo("rollback of " + fixAudit + " by verifier");
      assertThat(rollback.action())
          .isEqualTo(new Action.ScaleEcsService("tradai-dev", BACKEND, 3, 2));
      assertThat(ledger(env).audit("dev", fixAudit).orElseThrow().status())
          .as("the fix's own record stands")
          .isEqualTo(AuditRecord.APPLIED);
      assertThat(ledger(env).lockExpiry(BACKEND)).as("the rollback released its lock").isEmpty();
      assertThat(drain(env, env.escalationQueueUrl())).hasSize(1);

      // a redelivery of the same check, or an operator afterwards, cannot roll it back twice
      ObjectNode again =
          verify(
              env,
              moto,
              "verify-api-latency-worse.json",
              new AlarmStatus("ALARM", Optional.empty()));
      JsonNode second = again.path("reports").get(0);
      assertThat(second.path("decisions").get(0).path("verdict").asText()).isEqualTo("BLOCKED");
      assertThat(second.path("decisions").get(0).path("guards").toString())
          .contains(
              "idempotency: duplicate; transition rollback:" + fixAudit + " was already handled");
      // what the ledger shows: the earlier rollback, by its own audit id, not a second one
      assertThat(second.path("changes"))
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.path("status").asText()).isEqualTo("ROLLED_BACK");
                assertThat(c.path("auditId").asText()).isEqualTo(change.path("auditId").asText());
                assertThat(c.path("detail").asText())
                    .isEqualTo(
                        "rolled back earlier, at 2026-11-27T10:20:30Z"
                            + " (rollback of "
                            + fixAudit
                            + " by verifier)");
              });
      assertThat(second.path("verification").path("nextStep").asText())
          .isEqualTo(
              "escalation already sent by an earlier delivery of this check (not paged again);"
                  + " the fix was rolled back (the metric got worse)");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
      assertThat(ledger(env).recent("dev", Optional.of(BACKEND), 10))
          .filteredOn(r -> "ROLLBACK".equals(r.origin()))
          .as("one rollback")
          .hasSize(1);
    }
  }

  @Test
  void withTheKillSwitchOnTheVerifierEscalatesButRollsNothingBack(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      fix(env);
      env.killSwitch("on: incident 4711");
      JsonNode verdict =
          verify(
                  env,
                  moto,
                  "verify-api-latency-worse.json",
                  new AlarmStatus("ALARM", Optional.empty()))
              .path("reports")
              .get(0);

      assertThat(verdict.path("outcome").asText()).isEqualTo("NOT_RECOVERED");
      assertThat(env.desiredCount(BACKEND)).as("AWS unchanged").isEqualTo(3);
      assertThat(verdict.path("changes")).isEmpty();
      assertThat(verdict.path("decisions").get(0).path("verdict").asText()).isEqualTo("BLOCKED");
      assertThat(verdict.path("verification").path("nextStep").asText())
          .isEqualTo(
              "escalated at high severity; the metric got worse but this check rolled nothing back: "
                  + BACKEND
                  + " BLOCKED (kill switch: engaged (SSM /tradai/dev/remediation/kill-switch = 'on:"
                  + " incident 4711'); nothing is changed until it is turned off); a person decides");
      assertThat(ledger(env).recent("dev", Optional.of(BACKEND), 10))
          .as("the refused rollback is audited, nothing is APPLIED by it")
          .filteredOn(r -> "ROLLBACK".equals(r.origin()))
          .singleElement()
          .satisfies(r -> assertThat(r.status()).isEqualTo("BLOCKED"));
      List<JsonNode> escalations = drain(env, env.escalationQueueUrl());
      assertThat(escalations).hasSize(1);
      assertThat(report(escalations.getFirst()).path("verification").path("nextStep").asText())
          .isEqualTo(verdict.path("verification").path("nextStep").asText());
    }
  }

  @Test
  void aLockHeldByAnotherRunRefusesTheRollbackAndSaysSo(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      fix(env);
      Instant now = Scenario.CHECK_CLOCK.instant();
      assertThat(
              ledger(env)
                  .lock(
                      BACKEND,
                      "someone-else",
                      "tradai-dev-ecs-cpu-high",
                      now,
                      java.time.Duration.ofMinutes(5)))
          .isEmpty();
      JsonNode verdict =
          verify(
                  env,
                  moto,
                  "verify-api-latency-worse.json",
                  new AlarmStatus("ALARM", Optional.empty()))
              .path("reports")
              .get(0);

      assertThat(env.desiredCount(BACKEND)).as("AWS unchanged").isEqualTo(3);
      assertThat(verdict.path("changes")).isEmpty();
      assertThat(verdict.path("verification").path("nextStep").asText())
          .isEqualTo(
              "escalated at high severity; the metric got worse but this check rolled nothing back: "
                  + BACKEND
                  + " BLOCKED (lock: "
                  + BACKEND
                  + " is locked by another invocation"
                  + " (tradai-dev-ecs-cpu-high) until 2026-11-27T10:25:30Z); a person decides");
      assertThat(ledger(env).lockExpiry(BACKEND))
          .as("the other holder keeps its lock")
          .contains(Instant.parse("2026-11-27T10:25:30Z"));
      assertThat(drain(env, env.escalationQueueUrl())).hasSize(1);
    }
  }

  @Test
  void aRedeliveredImprovingCheckSchedulesItsReCheckOnce(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      List<ObjectNode> twice = deliveredTwice(env, moto, "verify-api-latency-improving.json");
      JsonNode first = twice.get(0).path("reports").get(0);
      JsonNode second = twice.get(1).path("reports").get(0);

      assertThat(first.path("outcome").asText()).isEqualTo("IMPROVING");
      assertThat(second.path("outcome").asText()).isEqualTo("IMPROVING");
      List<VerificationRequest> reChecks = new ArrayList<>();
      for (MotoServer.SqsMessage m : moto.sqsMessages()) {
        if (m.body().contains("\"kind\":\"tradai-verification\"")) {
          VerificationRequest r =
              CheckMessage.read(Json.MAPPER.readTree(m.body()), Json.MAPPER).request();
          if (r.attempt() == 2) {
            reChecks.add(r);
          }
        }
      }
      assertThat(reChecks).as("one re-check on the verification queue").hasSize(1);
      assertThat(first.path("verification").path("nextStep").asText())
          .isEqualTo("check 2 of 2 at 2026-11-27T10:25:30Z");
      assertThat(second.path("verification").path("nextStep").asText())
          .isEqualTo(
              "check 2 of 2 at 2026-11-27T10:25:30Z (already scheduled by an earlier delivery of this check)");
    }
  }

  @Test
  void aNotRecoveredCheckDeliveredTwicePagesOnceAndTheSecondReportSaysSo(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      List<ObjectNode> twice = deliveredTwice(env, moto, "verify-api-latency-worse.json");
      ObjectNode first = twice.get(0);
      ObjectNode second = twice.get(1);

      assertThat(first.path("batchItemFailures")).isEmpty();
      assertThat(second.path("batchItemFailures")).isEmpty();
      assertThat(first.path("reports").get(0).path("verification").path("nextStep").asText())
          .isEqualTo("escalated at high severity; the fix was rolled back (the metric got worse)");
      JsonNode again = second.path("reports").get(0);
      assertThat(again.path("outcome").asText()).isEqualTo("NOT_RECOVERED");
      assertThat(again.path("verification").path("nextStep").asText())
          .isEqualTo(
              "escalation already sent by an earlier delivery of this check (not paged again);"
                  + " the fix was rolled back (the metric got worse)");
      List<JsonNode> escalations = drain(env, env.escalationQueueUrl());
      assertThat(escalations).as("one page for one check").hasSize(1);
      assertThat(report(escalations.getFirst()).path("verification").path("nextStep").asText())
          .isEqualTo("escalated at high severity; the fix was rolled back (the metric got worse)");
      assertThat(drain(env, env.resultsQueueUrl()))
          .as("both deliveries' reports on the results topic (informational)")
          .extracting(e -> e.path("MessageAttributes").path("outcome").path("Value").asText())
          .containsExactly("REMEDIATED", "NOT_RECOVERED", "NOT_RECOVERED");
      VerificationRequest request =
          CheckMessage.read(Json.MAPPER.readTree(scheduledBody(moto)), Json.MAPPER).request();
      assertThat(request.attempt()).isEqualTo(1);
      assertThat(
              ledger(env)
                  .claimIdempotency(
                      "escalate:" + request.correlationId() + "#1",
                      "probe",
                      Scenario.CHECK_CLOCK.instant(),
                      java.time.Duration.ofSeconds(60)))
          .as("the page's claim, completed")
          .hasValueSatisfying(
              held -> assertThat(held).contains("was already handled at").contains("(ESCALATED)"));
      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
    }
  }

  @Test
  void aCheckWhosePageIsInHandElsewhereIsReturnedForRetryNotDroppedAndNotPaged(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      fix(env);
      String body = scheduledBody(moto);
      VerificationRequest request =
          CheckMessage.read(Json.MAPPER.readTree(body), Json.MAPPER).request();
      // an overlapping delivery holds the page's claim, not yet completed
      assertThat(
              ledger(env)
                  .claimIdempotency(
                      Verifier.escalationKey(request),
                      "other-delivery",
                      Scenario.CHECK_CLOCK.instant(),
                      java.time.Duration.ofSeconds(60)))
          .isEmpty();
      ObjectNode out =
          deliver(
              env,
              "verify-api-latency-worse.json",
              new AlarmStatus("ALARM", Optional.empty()),
              body);

      assertThat(out.path("batchItemFailures"))
          .extracting(f -> f.path("itemIdentifier").asText())
          .containsExactly("m-1");
      assertThat(drain(env, env.escalationQueueUrl())).as("not paged by this delivery").isEmpty();
      assertThat(env.desiredCount(BACKEND)).as("the rollback itself is done, once").isEqualTo(2);
    }
  }

  @Test
  void anUnreadableMessageIsReportedAndDroppedNotRetried(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      byte[] event =
          env.verificationEvent("m-9", "{\"kind\":\"tradai-verification\",\"version\":1}");
      ObjectNode out =
          new VerifierHandler(
                  Config.from(env.variables()), Scenario.CHECK_CLOCK, name -> AlarmStatus.UNKNOWN)
              .handle(event);
      assertThat(out.path("batchItemFailures")).isEmpty();
      assertThat(out.path("reports").get(0).path("rejected").asText())
          .isEqualTo("alarm is missing or not an object");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
    }
  }

  @Test
  void aCheckForAnotherEnvironmentIsRejectedAndRollsNothingBack(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      fix(env);
      ObjectNode body = (ObjectNode) Json.MAPPER.readTree(scheduledBody(moto));
      body.withObjectProperty("verification")
          .withObjectProperty("request")
          .put("environment", "prod");
      byte[] event = env.verificationEvent("m-2", body.toString());
      Config config =
          Config.from(
              env.variables(
                  Map.of("METRICS_REPLAY_FILE", metrics("verify-api-latency-worse.json"))));
      ObjectNode out =
          new VerifierHandler(config, Scenario.CHECK_CLOCK, name -> AlarmStatus.UNKNOWN)
              .handle(event);
      assertThat(out.path("reports").get(0).path("rejected").asText())
          .isEqualTo("environment is 'prod' but this function serves dev; nothing was changed");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
      assertThat(drain(env, env.escalationQueueUrl())).isEmpty();
    }
  }

  @Test
  void reportsThatScheduleNoCheckNeverReachTheVerificationQueue(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Config config =
          Config.from(
              env.variables(
                  Map.of(
                      "METRICS_REPLAY_FILE",
                      metrics("api-latency-load-spike.json"),
                      "DRY_RUN",
                      "true")));
      Report dry =
          new RemediationHandler(config, Scenario.FIX_CLOCK)
              .handle(Resources.bytes("/events/sns-api-latency-alarm.json"));

      assertThat(dry.outcome().name()).isEqualTo("DRY_RUN");
      assertThat(drain(env, env.resultsQueueUrl())).as("the unfiltered inbox gets it").hasSize(1);
      assertThat(moto.sqsMessages())
          .as("the filter keeps it off the verification queue")
          .noneMatch(MotoServer.SqsMessage::delayed);
    }
  }

  @Test
  void aReportBorneCheckThatArrivesBeforeItsTimeIsSentAgainForTheRemainderOnce(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      fix(env);
      byte[] event = env.verificationEvent("m-3", scheduledBody(moto));
      // 120 s before checkAt, as if the queue's delay were 180 s and the policy asked for 300 s
      java.time.Clock early =
          java.time.Clock.fixed(Instant.parse("2026-11-27T10:18:30Z"), java.time.ZoneOffset.UTC);
      ObjectNode out =
          new VerifierHandler(Config.from(env.variables()), early, name -> AlarmStatus.UNKNOWN)
              .handle(event);
      // SQS delivers the same message again (visibility timeout, partial batch failure)
      ObjectNode redelivered =
          new VerifierHandler(Config.from(env.variables()), early, name -> AlarmStatus.UNKNOWN)
              .handle(event);

      assertThat(out.path("batchItemFailures")).isEmpty();
      assertThat(out.path("reports").get(0).path("requeued").asText())
          .isEqualTo("check due at 2026-11-27T10:20:30Z: sent again with DelaySeconds 120");
      assertThat(redelivered.path("batchItemFailures")).isEmpty();
      assertThat(redelivered.path("reports").get(0).path("requeued").asText())
          .isEqualTo(
              "check due at 2026-11-27T10:20:30Z: already sent again by an earlier delivery of this message");
      List<MotoServer.SqsMessage> again =
          moto.sqsMessages().stream()
              .filter(m -> m.body().startsWith("{\"kind\":\"tradai-verification\""))
              .toList();
      assertThat(again)
          .as("sent back once")
          .singleElement()
          .satisfies(m -> assertThat(m.delaySeconds()).isEqualTo(120));
      VerificationRequest request =
          CheckMessage.read(Json.MAPPER.readTree(again.getFirst().body()), Json.MAPPER).request();
      assertThat(request.attempt()).isEqualTo(1);
      assertThat(request.checkAt()).isEqualTo(Instant.parse("2026-11-27T10:20:30Z"));
      assertThat(drain(env, env.escalationQueueUrl())).isEmpty();
      assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
    }
  }

  @Test
  void theVerifierStillTakesACheckInTheSnsEnvelopeForm(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      fix(env);
      JsonNode envelope = drain(env, env.resultsQueueUrl()).getFirst();
      assertThat(envelope.path("Type").asText()).isEqualTo("Notification");
      Config config =
          Config.from(
              env.variables(
                  Map.of("METRICS_REPLAY_FILE", metrics("verify-api-latency-recovered.json"))));
      byte[] event = env.verificationEvent("m-4", envelope.toString());
      ObjectNode out =
          new VerifierHandler(
                  config,
                  Scenario.CHECK_CLOCK,
                  name -> new AlarmStatus("OK", Optional.of(Instant.parse("2026-11-27T10:19:40Z"))))
              .handle(event);

      assertThat(out.path("reports").get(0).path("outcome").asText()).isEqualTo("RECOVERED");
    }
  }
}
