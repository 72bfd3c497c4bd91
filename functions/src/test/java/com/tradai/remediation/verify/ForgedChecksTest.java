package com.tradai.remediation.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.handler.RemediationHandler;
import com.tradai.remediation.handler.VerifierHandler;
import com.tradai.remediation.ledger.ActionCodec;
import com.tradai.remediation.ledger.DynamoDbLedger;
import com.tradai.remediation.ports.AlarmStatus;
import com.tradai.remediation.testing.LogCapture;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.Resources;
import com.tradai.remediation.testing.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the verifier must not act on, through the real {@link VerifierHandler} against moto (ECS,
 * DynamoDB ledger, SNS → SQS, SQS): a real fix is applied first (desiredCount 2 → 3, audited), then
 * a forged check or a foreign record arrives with metrics that got worse, which would page and, in
 * dev, roll the fix back. Each must leave the service at 3, the ledger without a rollback, the
 * escalation topic's SQS subscriber empty, be answered with why (not retried), and be counted in
 * one ChecksDropped EMF document with its reason and one log line.
 */
@ExtendWith(Moto.class)
class ForgedChecksTest {
  private static final String BACKEND = "tradai-backend-dev";
  private static final String WORSE = "verify-api-latency-worse.json";

  @TempDir Path tmp;

  /** What the verifier answered, and the EMF documents and log lines it wrote while answering. */
  private record Outcome(ObjectNode answer, List<JsonNode> emf, String log) {}

  private Config config(DemoEnvironment env, String replay) throws IOException {
    Path file = tmp.resolve(replay);
    Files.write(file, Resources.bytes("/events/metrics/" + replay));
    return Config.from(env.variables(Map.of("METRICS_REPLAY_FILE", file.toString())));
  }

  /** The fix's report as the results topic delivered it to the verification queue. */
  private String fixedAndScheduled(DemoEnvironment env, MotoServer moto) throws IOException {
    new RemediationHandler(config(env, "api-latency-load-spike.json"), Scenario.FIX_CLOCK)
        .handle(Resources.bytes("/events/sns-api-latency-alarm.json"));
    assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
    return moto.sqsMessages().stream()
        .filter(m -> m.body().contains("\"kind\":\"tradai-verification\""))
        .findFirst()
        .orElseThrow()
        .body();
  }

  private static String forged(String body, Consumer<ObjectNode> forge) throws IOException {
    ObjectNode report = (ObjectNode) Json.MAPPER.readTree(body);
    forge.accept((ObjectNode) report.path("verification").path("request"));
    return report.toString();
  }

  private static ObjectNode firstChange(ObjectNode request) {
    return (ObjectNode) request.path("changes").get(0);
  }

  private static ObjectNode firstAction(ObjectNode request) {
    return (ObjectNode) request.path("actions").get(0);
  }

  private Outcome deliver(DemoEnvironment env, byte[] event) throws IOException {
    VerifierHandler verifier =
        new VerifierHandler(
            config(env, WORSE),
            Scenario.CHECK_CLOCK,
            name -> new AlarmStatus("ALARM", Optional.empty()));
    PrintStream original = System.out;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ObjectNode answer;
    String log;
    try (LogCapture capture = new LogCapture("%m%n")) {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      try {
        answer = verifier.handle(event);
      } finally {
        System.setOut(original);
      }
      log = capture.text();
    }
    List<JsonNode> emf = new ArrayList<>();
    stdout
        .toString(StandardCharsets.UTF_8)
        .lines()
        .filter(l -> l.startsWith("{") && l.contains("\"_aws\""))
        .forEach(
            l -> {
              try {
                emf.add(Json.MAPPER.readTree(l));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    return new Outcome(answer, emf, log);
  }

  /** Nothing happened in AWS, nothing is retried, and the drop was counted once with its reason. */
  private static void nothingDone(
      DemoEnvironment env, Outcome out, String field, String why, String reason)
      throws IOException {
    assertThat(out.answer().path("batchItemFailures")).as("not retried").isEmpty();
    assertThat(out.answer().path("reports"))
        .singleElement()
        .satisfies(r -> assertThat(r.path(field).asText()).isEqualTo(why));
    assertThat(env.desiredCount(BACKEND)).as("ECS unchanged").isEqualTo(3);
    assertThat(
            new DynamoDbLedger(env::dynamoDb, env.ledgerTable(), new ActionCodec(Json.MAPPER))
                .recent("dev", Optional.of(BACKEND), 10))
        .as("no rollback audited")
        .noneMatch(a -> "ROLLBACK".equals(a.origin()));
    assertThat(
            env.sqs()
                .receiveMessage(b -> b.queueUrl(env.escalationQueueUrl()).waitTimeSeconds(1))
                .messages())
        .as("escalation topic published nothing")
        .isEmpty();
    assertThat(out.emf())
        .singleElement()
        .satisfies(
            doc -> {
              assertThat(doc.path("ChecksDropped").asDouble()).isEqualTo(1.0);
              assertThat(doc.path("Reason").asText()).isEqualTo(reason);
              assertThat(doc.path("Environment").asText()).isEqualTo("dev");
            });
    assertThat(out.log().lines().filter(l -> l.contains("dropped")))
        .singleElement()
        .asString()
        .contains("(" + reason + ")", "nothing was changed or paged");
  }

  @Test
  void aCheckWhoseAuditIdTheLedgerNeverWroteNeitherPagesNorRollsBack(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      String body =
          forged(
              fixedAndScheduled(env, moto),
              r -> firstChange(r).put("auditId", "20261127T101530.000Z-f0f0f0f0"));
      Outcome out = deliver(env, env.verificationEvent("m-1", body));
      nothingDone(
          env,
          out,
          "dropped",
          "changes[0].auditId '20261127T101530.000Z-f0f0f0f0' is not in the ledger of dev",
          "NoAuditRecord");
    }
  }

  @Test
  void aCheckClaimingARealAuditIdForAnotherTargetNeitherPagesNorRollsBack(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      String[] auditId = new String[1];
      String body =
          forged(
              fixedAndScheduled(env, moto),
              r -> {
                auditId[0] = firstChange(r).path("auditId").asText();
                firstChange(r).put("target", "tradai-strategy-dev");
                firstAction(r).put("service", "tradai-strategy-dev");
              });
      Outcome out = deliver(env, env.verificationEvent("m-1", body));
      nothingDone(
          env,
          out,
          "dropped",
          "changes[0].target is 'tradai-strategy-dev' but audit "
              + auditId[0]
              + " recorded "
              + BACKEND,
          "AuditMismatch");
    }
  }

  @Test
  void aCheckWithAnAfterTheLedgerDidNotRecordNeitherPagesNorRollsBack(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      String[] auditId = new String[1];
      String body =
          forged(
              fixedAndScheduled(env, moto),
              r -> {
                auditId[0] = firstChange(r).path("auditId").asText();
                firstChange(r).put("after", 4);
                firstAction(r).put("afterCount", 4);
              });
      Outcome out = deliver(env, env.verificationEvent("m-1", body));
      nothingDone(
          env,
          out,
          "dropped",
          "changes[0].after is 4 but audit " + auditId[0] + " recorded 3",
          "AuditMismatch");
    }
  }

  @Test
  void aRecordFromAnotherQueueIsRefusedNamingEventSourceArn(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      String genuine = fixedAndScheduled(env, moto);
      String foreign = "arn:aws:sqs:eu-west-1:123456789012:someone-elses-queue";
      byte[] event =
          Json.MAPPER.writeValueAsBytes(
              Map.of(
                  "Records",
                  List.of(
                      Map.of(
                          "messageId",
                          "m-1",
                          "eventSource",
                          "aws:sqs",
                          "eventSourceARN",
                          foreign,
                          "body",
                          genuine))));
      Outcome out = deliver(env, event);
      nothingDone(
          env,
          out,
          "refused",
          "eventSourceARN is '"
              + foreign
              + "', not this verifier's queue "
              + env.verifyQueueArn()
              + "; nothing was changed",
          "ForeignSource");
    }
  }

  @Test
  void aRecordWithoutEventSourceArnIsRefused(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      String genuine = fixedAndScheduled(env, moto);
      byte[] event =
          Json.MAPPER.writeValueAsBytes(
              Map.of(
                  "Records",
                  List.of(Map.of("messageId", "m-1", "eventSource", "aws:sqs", "body", genuine))));
      Outcome out = deliver(env, event);
      nothingDone(
          env,
          out,
          "refused",
          "eventSourceARN is missing: the verifier acts only on records"
              + " from its own queue "
              + env.verifyQueueArn()
              + "; nothing was changed",
          "ForeignSource");
    }
  }

  @Test
  void aDirectInvocationWithTheCheckItselfIsRefusedNamingRecords(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      String genuine = fixedAndScheduled(env, moto);
      Outcome out = deliver(env, genuine.getBytes(StandardCharsets.UTF_8));
      nothingDone(
          env,
          out,
          "refused",
          "Records is missing: the verifier acts only on SQS records from"
              + " its own queue (eventSourceARN "
              + env.verifyQueueArn()
              + "), not on a direct invocation;"
              + " nothing was changed",
          "ForeignSource");
    }
  }

  @Test
  void theGenuineCheckFromItsOwnQueueStillRollsTheWorseFixBack(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Outcome out = deliver(env, env.verificationEvent("m-1", fixedAndScheduled(env, moto)));
      assertThat(out.answer().path("reports").get(0).path("outcome").asText())
          .isEqualTo("NOT_RECOVERED");
      assertThat(env.desiredCount(BACKEND)).as("the control: the same path acts").isEqualTo(2);
      assertThat(out.emf()).noneMatch(doc -> doc.has("ChecksDropped"));
    }
  }
}
