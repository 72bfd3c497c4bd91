package com.tradai.remediation.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.guard.GuardNote;
import com.tradai.remediation.guard.Verdict;
import com.tradai.remediation.ports.AlarmStatus;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.report.VerificationStatus;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.PolicyFiles;
import com.tradai.remediation.testing.Resources;
import com.tradai.remediation.testing.Scenario;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Modes end to end on moto: the real alarm, operator and verifier functions, the ledger in
 * DynamoDB, ECS, SSM, SNS and SQS; metrics replayed (moto cannot serve CloudWatch over CBOR), the
 * alarm's state given to the verifier (moto never evaluates alarms).
 */
@ExtendWith(Moto.class)
class ShadowModeEndToEndTest {
  private static final String BACKEND = "tradai-backend-dev";
  private static final String RECORD_SK = "~RECORD#api-latency#ecs-scale";

  @TempDir Path tmp;

  private Map<String, String> vars(DemoEnvironment env, String replay, Map<String, String> extra)
      throws IOException {
    Path file = tmp.resolve(replay);
    Files.write(file, Resources.bytes("/events/metrics/" + replay));
    Map<String, String> v = new HashMap<>(extra);
    v.put("METRICS_REPLAY_FILE", file.toString());
    return env.variables(v);
  }

  private Report alarm(DemoEnvironment env, Map<String, String> extra, int millis)
      throws IOException {
    return new RemediationHandler(
            Config.from(vars(env, "api-latency-load-spike.json", extra)), Scenario.FIX_CLOCK)
        .handle(transition(millis));
  }

  /** The SNS alarm with its state-change time moved by a few milliseconds: a new transition. */
  private static byte[] transition(int millis) {
    return Resources.text("/events/sns-api-latency-alarm.json")
        .replace(
            "\\\"StateChangeTime\\\": \\\"2026-11-27T10:15:00.000",
            "\\\"StateChangeTime\\\": \\\"2026-11-27T10:15:00." + String.format("%03d", millis))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Who the ledger records: the session STS named, the payload's "by" only as a note. */
  private static final String ALICE =
      com.tradai.remediation.testing.OperatorSigning.ONCALL_SESSION + " (note: alice)";

  private static final String BOB =
      com.tradai.remediation.testing.OperatorSigning.ONCALL_SESSION + " (note: bob)";

  private static String scheduledBody(MotoServer moto) throws IOException {
    List<MotoServer.SqsMessage> checks =
        moto.sqsMessages().stream()
            .filter(m -> m.body().contains("\"kind\":\"tradai-verification\""))
            .toList();
    assertThat(checks).hasSize(1);
    return checks.getFirst().body();
  }

  private ObjectNode deliver(DemoEnvironment env, String replay, AlarmStatus status, String body)
      throws IOException {
    ObjectNode event = Json.MAPPER.createObjectNode();
    ObjectNode record = event.putArray("Records").addObject();
    record.put("messageId", "m-1");
    record.put("eventSource", "aws:sqs");
    record.put("eventSourceARN", env.verifyQueueArn());
    record.put("body", body);
    return new VerifierHandler(
            Config.from(vars(env, replay, Map.of())), Scenario.CHECK_CLOCK, name -> status)
        .handle(Json.MAPPER.writeValueAsBytes(event));
  }

  private static JsonNode operate(DemoEnvironment env, Map<String, String> extra, String command) {
    Map<String, String> v = env.variables(extra);
    // a mode or promote changes something: signed by an on-call session, as ./run ops sends it
    return Json.MAPPER.valueToTree(
        new OperatorHandler(Config.from(v), Scenario.FIX_CLOCK)
            .handle(com.tradai.remediation.testing.OperatorSigning.asOncall(v, command)));
  }

  private static Map<String, AttributeValue> item(DemoEnvironment env, String pk, String sk) {
    return env.dynamoDb()
        .getItem(
            b ->
                b.tableName(env.ledgerTable())
                    .consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk))))
        .item();
  }

  private static List<Map<String, AttributeValue>> ledgerItems(DemoEnvironment env) {
    return env.dynamoDb().scan(b -> b.tableName(env.ledgerTable())).items();
  }

  private static int drained(DemoEnvironment env, String queueUrl) {
    return env.sqs()
        .receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10))
        .messages()
        .size();
  }

  @Test
  void shadowChangesNothingTakesNoSlotSchedulesItsCheckAndTheClearedAlarmLandsInTheRecord(
      MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      env.policyOverride("{\"modes\": {\"api-latency\": \"shadow\"}}");
      Report shadow = alarm(env, Map.of(), 0);

      assertThat(shadow.outcome()).isEqualTo(Outcome.SHADOW);
      assertThat(shadow.summary())
          .isEqualTo(
              "High API Latency: Load spike — tradai-backend-dev " + "desiredCount 2 → 3 SHADOW");
      assertThat(shadow.decisions())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.verdict()).isEqualTo(Verdict.SHADOW);
                assertThat(d.auditId()).as("not audited").isNull();
                assertThat(d.guards())
                    .extracting(GuardNote::line)
                    .contains(
                        "idempotency: not taken (shadow mode)", "lock: not taken (shadow mode)");
              });
      assertThat(shadow.changes()).isEmpty();
      assertThat(env.desiredCount(BACKEND)).as("ECS untouched").isEqualTo(2);
      assertThat(ledgerItems(env))
          .as("no claim, lock, slot, attempt or audit was written")
          .isEmpty();
      assertThat(shadow.trackRecord().mode()).isEqualTo("shadow");
      assertThat(shadow.trackRecord().line())
          .isEqualTo("track record: no fix like this verified in dev yet (30 days)");
      assertThat(shadow.verification().status()).isEqualTo(VerificationStatus.SCHEDULED);
      assertThat(shadow.verification().fix())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.status()).isEqualTo(com.tradai.remediation.report.ChangeStatus.SHADOW);
                assertThat(c.targetFromTo()).isEqualTo("tradai-backend-dev 2 → 3");
              });

      // the check arrives from the verification queue: the alarm cleared without the fix
      String body = scheduledBody(moto);
      AlarmStatus ok = new AlarmStatus("OK", Optional.of(Instant.parse("2026-11-27T10:19:40Z")));
      JsonNode verdict =
          deliver(env, "verify-api-latency-recovered.json", ok, body).path("reports").get(0);
      assertThat(verdict.path("outcome").asText()).isEqualTo("RECOVERED");
      assertThat(verdict.path("severity").asText()).isEqualTo("LOW");
      assertThat(verdict.path("summary").asText())
          .startsWith(
              "High API Latency: shadow plan (not applied) "
                  + "tradai-backend-dev 2 → 3 RECOVERED — ");
      assertThat(verdict.path("verification").path("nextStep").asText())
          .isEqualTo("shadow: the alarm cleared without the fix; incident closed");
      assertThat(verdict.path("trackRecord").path("line").asText())
          .isEqualTo(
              "track record: no fix "
                  + "like this verified in dev yet (30 days); in shadow, the alarm cleared on its own 1 of 1 times");
      assertThat(item(env, "AUDIT#dev", RECORD_SK))
          .containsEntry("shadow_cleared#20261127", AttributeValue.fromN("1"));

      // SQS delivers the same check again: counted once
      deliver(env, "verify-api-latency-recovered.json", ok, body);
      assertThat(item(env, "AUDIT#dev", RECORD_SK).get("shadow_cleared#20261127"))
          .isEqualTo(AttributeValue.fromN("1"));
      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
      assertThat(drained(env, env.escalationQueueUrl())).as("no page for a shadow check").isZero();

      // the next alarm's report carries the record
      Report next = alarm(env, Map.of(), 7);
      assertThat(next.trackRecord().line())
          .endsWith("in shadow, the alarm cleared on its own 1 of 1 times");
    }
  }

  @Test
  void aShadowCheckThatKeepsBreachingAndGetsWorseRollsNothingBackPagesNoOneAndIsRecorded(
      MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      env.policyOverride("{\"modes\": {\"api-latency\": \"shadow\"}}");
      assertThat(alarm(env, Map.of(), 0).outcome()).isEqualTo(Outcome.SHADOW);
      JsonNode verdict =
          deliver(
                  env,
                  "verify-api-latency-worse.json",
                  new AlarmStatus("ALARM", Optional.empty()),
                  scheduledBody(moto))
              .path("reports")
              .get(0);

      assertThat(verdict.path("outcome").asText()).isEqualTo("NOT_RECOVERED");
      assertThat(verdict.path("changes")).as("nothing rolled back").isEmpty();
      assertThat(verdict.path("verification").path("nextStep").asText())
          .isEqualTo("shadow: nothing was applied; the alarm kept breaching without the fix");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
      assertThat(drained(env, env.escalationQueueUrl())).isZero();
      assertThat(item(env, "AUDIT#dev", RECORD_SK))
          .containsEntry("shadow_breaching#20261127", AttributeValue.fromN("1"))
          .doesNotContainKey("shadow_cleared#20261127");
      assertThat(verdict.path("trackRecord").path("line").asText())
          .endsWith("in shadow, the alarm cleared on its own 0 of 1 times");
    }
  }

  @Test
  void modeIsAuditedAndObeyedAndPromoteRefusesBelowTheBarUnlessForcedWithAReason(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Map<String, String> barred =
          Map.of(
              "POLICY_FILE",
              PolicyFiles.loosened(
                      tmp,
                      "dev",
                      "{\"minTrackRecord\": {\"rate\": 0.8, \"minVerdicts\": 2, \"days\": 30}}")
                  .toString());
      JsonNode set =
          operate(
              env,
              barred,
              "{\"command\":\"mode\",\"runbook\":\"api-latency\","
                  + "\"mode\":\"shadow\",\"by\":\"alice\",\"reason\":\"first week in shadow\"}");
      assertThat(set.path("outcome").asText()).isEqualTo("RECORDED_OK");
      assertThat(set.path("summary").asText())
          .isEqualTo(
              "api-latency in dev — track record: no fix "
                  + "like this verified in dev yet (30 days); mode act → shadow by "
                  + ALICE
                  + " at 2026-11-27T10:15:30Z"
                  + " (first week in shadow)");
      List<Map<String, AttributeValue>> audit =
          env.dynamoDb()
              .query(
                  b ->
                      b.tableName(env.ledgerTable())
                          .keyConditionExpression("pk = :pk")
                          .expressionAttributeValues(
                              Map.of(":pk", AttributeValue.fromS("MODE#dev"))))
              .items();
      assertThat(audit)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.get("runbook").s()).isEqualTo("api-latency");
                assertThat(e.get("from").s()).isEqualTo("act");
                assertThat(e.get("to").s()).isEqualTo("shadow");
                assertThat(e.get("by").s()).isEqualTo(ALICE);
                assertThat(e.get("reason").s()).isEqualTo("first week in shadow");
              });

      Report shadow = alarm(env, barred, 0);
      assertThat(shadow.outcome()).isEqualTo(Outcome.SHADOW);
      assertThat(shadow.decisions().getFirst().guards().getLast().line())
          .isEqualTo(
              "shadow: would apply "
                  + "desiredCount 2 → 3; api-latency runs in shadow mode in dev (set by "
                  + ALICE
                  + "), so nothing is changed");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);

      JsonNode refused =
          operate(
              env, barred, "{\"command\":\"promote\",\"runbook\":\"api-latency\",\"by\":\"bob\"}");
      assertThat(refused.path("outcome").asText()).isEqualTo("REJECTED");
      assertThat(refused.path("rejection").path("message").asText())
          .isEqualTo(
              "api-latency in dev — "
                  + "track record: no fix like this verified in dev yet (30 days); refused shadow → approve: only 0"
                  + " shadow plan(s) checked in 30 days; approve mode needs at least 2 (force with a reason to "
                  + "override); nothing was changed");
      JsonNode noReason =
          operate(
              env,
              barred,
              "{\"command\":\"promote\",\"runbook\":\"api-latency\","
                  + "\"by\":\"bob\",\"force\":true}");
      assertThat(noReason.path("rejection").path("message").asText())
          .isEqualTo("force needs a reason: why the record's bar is overridden");
      assertThat(item(env, "AUDIT#dev", "~MODE#api-latency").get("mode").s()).isEqualTo("shadow");

      JsonNode forced =
          operate(
              env,
              barred,
              "{\"command\":\"promote\",\"runbook\":\"api-latency\","
                  + "\"by\":\"bob\",\"force\":true,\"reason\":\"load test week\"}");
      assertThat(forced.path("outcome").asText()).isEqualTo("RECORDED_OK");
      assertThat(forced.path("summary").asText())
          .endsWith(
              "mode shadow → approve by "
                  + BOB
                  + " at "
                  + "2026-11-27T10:15:30Z (forced past the bar (only 0 shadow plan(s) checked in 30 days; "
                  + "approve mode needs at least 2): load test week)");
      assertThat(item(env, "AUDIT#dev", "~MODE#api-latency").get("by").s()).isEqualTo(BOB);

      Report held = alarm(env, barred, 9);
      assertThat(held.outcome()).isEqualTo(Outcome.NEEDS_APPROVAL);
      assertThat(held.decisions().getFirst().guards())
          .extracting(GuardNote::line)
          .contains(
              "approval: needed "
                  + "(api-latency runs in approve mode in dev: every fix waits for an operator)");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
    }
  }

  @Test
  void aFixKindWhoseRecordFellBelowTheBarWaitsForApprovalNamingTheNumbers(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Map<String, String> barred =
          Map.of(
              "POLICY_FILE",
              PolicyFiles.loosened(
                      tmp,
                      "dev",
                      "{\"minTrackRecord\": {\"rate\": 0.8, \"minVerdicts\": 3, \"days\": 30}}")
                  .toString());
      com.tradai.remediation.ledger.DynamoDbLedger ledger =
          new com.tradai.remediation.ledger.DynamoDbLedger(
              env::dynamoDb,
              env.ledgerTable(),
              new com.tradai.remediation.ledger.ActionCodec(Json.MAPPER));
      Instant earlier = Scenario.FIX_CLOCK.instant().minusSeconds(3600);
      ledger.countVerdict(
          "dev",
          "api-latency",
          "ecs-scale",
          com.tradai.remediation.guard.TrackRecord.Tally.RECOVERED,
          earlier);
      ledger.countVerdict(
          "dev",
          "api-latency",
          "ecs-scale",
          com.tradai.remediation.guard.TrackRecord.Tally.NOT_RECOVERED,
          earlier);
      ledger.countVerdict(
          "dev",
          "api-latency",
          "ecs-scale",
          com.tradai.remediation.guard.TrackRecord.Tally.ROLLED_BACK,
          earlier);

      Report held = alarm(env, barred, 0);

      assertThat(held.outcome()).isEqualTo(Outcome.NEEDS_APPROVAL);
      assertThat(held.decisions().getFirst().guards())
          .extracting(GuardNote::line)
          .contains(
              "approval: needed (track record: "
                  + "ecs-scale fixes of api-latency recovered 1 of 3 in dev (30 days), below the bar of 80% over"
                  + " at least 3 verdicts in 30 days)");
      assertThat(held.trackRecord().line())
          .isEqualTo(
              "track record: recovered 1 of 3 fixes like this"
                  + " in dev (30 days), 1 rolled back");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
    }
  }
}
