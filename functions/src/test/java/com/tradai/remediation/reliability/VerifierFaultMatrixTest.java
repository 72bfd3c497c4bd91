package com.tradai.remediation.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.handler.RemediationHandler;
import com.tradai.remediation.handler.VerifierHandler;
import com.tradai.remediation.ledger.ActionCodec;
import com.tradai.remediation.ledger.AuditRecord;
import com.tradai.remediation.ledger.DynamoDbLedger;
import com.tradai.remediation.ports.VerificationRequest;
import com.tradai.remediation.reliability.FaultInjector.Kind;
import com.tradai.remediation.testing.CborCloudWatch;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.Resources;
import com.tradai.remediation.testing.Scenario;
import com.tradai.remediation.verify.CheckMessage;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The verifier's AWS operations faulted at the SDK boundary (the same {@link FaultInjector} as
 * {@link AwsFaultMatrixTest}: the faulted attempt never reaches the emulator), through the real
 * {@code VerifierHandler} and SDK clients against moto (SSM, DynamoDB ledger, ECS, SNS → SQS, SQS)
 * and the CBOR CloudWatch double for GetMetricData and DescribeAlarms (moto cannot speak the SDK's
 * CloudWatch protocol, and never evaluates alarms): test names say "CloudWatch double" for those. A
 * fix (2 → 3 tasks) is applied first without faults; its check is then delivered as an SQS record
 * with faults, and, when the verifier returns it in batchItemFailures, delivered again with the
 * faults cleared and the clock one visibility timeout later, as SQS would.
 */
@ExtendWith(Moto.class)
class VerifierFaultMatrixTest {
  static final String BACKEND = "tradai-backend-dev";
  static final int MAX_ATTEMPTS = 3;

  /**
   * When SQS delivers a returned record again: the queue's visibility timeout (6 × the function's).
   */
  static final Duration VISIBILITY = Duration.ofMinutes(6);

  /** What one check left behind, after its first delivery and (if it was returned) its second. */
  record Run(
      ObjectNode first,
      Optional<ObjectNode> second,
      FaultInjector faults,
      Map<String, Integer> firstCalls,
      int desiredAfterFirst,
      int desired,
      List<AuditRecord> rollbacks,
      List<JsonNode> escalations,
      List<JsonNode> results,
      List<VerificationRequest> reChecks) {

    boolean returned() {
      return !first.path("batchItemFailures").isEmpty();
    }

    /**
     * How the first delivery ended: RETRY (returned in batchItemFailures) or its report's outcome.
     */
    String firstOutcome() {
      return returned() ? "RETRY" : first.path("reports").get(0).path("outcome").asText();
    }

    ObjectNode last() {
      return second.orElse(first);
    }
  }

  /**
   * The fix, then its check delivered at {@code at} with {@code faults} (cleared for a redelivery).
   */
  static Run run(MotoServer moto, FaultInjector faults, String replay, Instant at)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024);
        CborCloudWatch spike =
            CborCloudWatch.replaying("/events/metrics/api-latency-load-spike.json");
        CborCloudWatch after =
            CborCloudWatch.replaying("/events/metrics/" + replay)
                .alarmsIn("ALARM", Instant.parse("2026-11-27T10:14:30Z"))) {
      Map<String, String> vars = new HashMap<>(env.variables());
      vars.put("AWS_ENDPOINT_URL_CLOUDWATCH", spike.endpoint());
      new RemediationHandler(Config.from(vars), Scenario.FIX_CLOCK)
          .handle(Resources.bytes("/events/sns-api-latency-alarm.json"));
      assertThat(env.desiredCount(BACKEND)).as("the fix").isEqualTo(3);
      String check =
          moto.sqsMessages().stream()
              .map(MotoServer.SqsMessage::body)
              .filter(b -> b.contains("\"kind\":\"tradai-verification\""))
              .findFirst()
              .orElseThrow();
      drain(env, env.resultsQueueUrl());

      vars.put("AWS_ENDPOINT_URL_CLOUDWATCH", after.endpoint());
      vars.put("AWS_MAX_ATTEMPTS", String.valueOf(MAX_ATTEMPTS));
      Config config = Config.from(vars);
      byte[] event = env.verificationEvent("m-1", check);
      ObjectNode first = verifier(config, faults, Clock.fixed(at, ZoneOffset.UTC)).handle(event);
      Map<String, Integer> firstCalls = faults.callSnapshot();
      faults.delivered();
      int desiredAfterFirst = env.desiredCount(BACKEND);
      Optional<ObjectNode> second = Optional.empty();
      if (!first.path("batchItemFailures").isEmpty()) {
        Clock later = Clock.fixed(at.plus(VISIBILITY), ZoneOffset.UTC);
        second = Optional.of(verifier(config, faults, later).handle(event));
      }
      DynamoDbLedger ledger =
          new DynamoDbLedger(env::dynamoDb, env.ledgerTable(), new ActionCodec(Json.MAPPER));
      List<VerificationRequest> reChecks = new ArrayList<>();
      for (MotoServer.SqsMessage m : moto.sqsMessages()) {
        if (m.body().startsWith("{\"kind\":\"tradai-verification\"")) {
          reChecks.add(CheckMessage.read(Json.MAPPER.readTree(m.body()), Json.MAPPER).request());
        }
      }
      return new Run(
          first,
          second,
          faults,
          firstCalls,
          desiredAfterFirst,
          env.desiredCount(BACKEND),
          ledger.recent("dev", Optional.of(BACKEND), 20).stream()
              .filter(a -> "ROLLBACK".equals(a.origin()))
              .toList(),
          drain(env, env.escalationQueueUrl()),
          drain(env, env.resultsQueueUrl()),
          reChecks);
    }
  }

  static VerifierHandler verifier(Config config, FaultInjector faults, Clock clock) {
    return new VerifierHandler(
        config, new AwsClients(config, List.of(faults), Duration.ofMillis(10)), clock, null);
  }

  /** The reports on a queue subscribed to a topic (SNS envelopes unwrapped). */
  static List<JsonNode> drain(DemoEnvironment env, String queueUrl) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    List<Message> batch;
    do {
      batch =
          env.sqs()
              .receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
              .messages();
      for (Message m : batch) {
        out.add(Json.MAPPER.readTree(Json.MAPPER.readTree(m.body()).path("Message").asText()));
        env.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
      }
    } while (!batch.isEmpty());
    return out;
  }

  static Stream<Arguments> worse() {
    List<Arguments> out = new ArrayList<>();
    for (String op : new TreeSet<>(PERSISTENT.keySet())) {
      for (Kind kind : Kind.values()) {
        out.add(
            Arguments.of(op.startsWith("CloudWatch:") ? op + " (CloudWatch double)" : op, kind));
      }
    }
    return out.stream();
  }

  static String operation(String named) {
    return named.replace(" (CloudWatch double)", "");
  }

  /**
   * Every operation a NOT_RECOVERED check whose metric got worse makes (rollback and page), checked
   * by {@link #theMatrixCoversEveryCallOfARollingBackCheck}; and where a persistent fault of each
   * leaves the check: how its first delivery ended and ECS desiredCount after everything. RETRY:
   * returned in batchItemFailures, and the redelivery (faults cleared, one visibility timeout
   * later) rolls back and pages. DescribeAlarms: the alarm reads UNKNOWN and the metrics decide.
   * Query (the rollback's guard facts): the rollback is BLOCKED (ledger unavailable), and the look
   * for an earlier rollback of the fix, a Query too, fails: returned, and the redelivery rolls
   * back. TransactWriteItems (the rollback's claim): the rollback is held back, nothing written
   * (GuardedRollback.RetryLater): returned, and the redelivery rolls back and pages.
   * DescribeServices (the rollback's re-read) and UpdateService (throttled, 5xx or timed out after
   * the SDK's retries): the rollback's audit reads FAILED, its claim is released and the record
   * returned (no page); the redelivery rolls back and pages once. UpdateItem (the track record's
   * count and the page's claim completion): logged, the page is out, the count is lost (a count
   * never costs the check). PutItem fails the page's claim first: the count's claim, failing too,
   * is logged.
   */
  static final Map<String, String> PERSISTENT =
      Map.ofEntries(
          Map.entry("CloudWatch:DescribeAlarms", "NOT_RECOVERED 2"),
          Map.entry("CloudWatch:GetMetricData", "RETRY 2"),
          Map.entry("Ssm:GetParameters", "RETRY 2"),
          Map.entry("DynamoDb:GetItem", "RETRY 2"),
          Map.entry("DynamoDb:Query", "RETRY 2"),
          Map.entry("DynamoDb:TransactWriteItems", "RETRY 2"),
          Map.entry("Ecs:DescribeServices", "RETRY 2"),
          Map.entry("Ecs:UpdateService", "RETRY 2"),
          Map.entry("DynamoDb:PutItem", "RETRY 2"),
          Map.entry("DynamoDb:UpdateItem", "NOT_RECOVERED 2"),
          Map.entry("Sns:Publish", "RETRY 2"));

  static final Instant CHECK_AT = Scenario.CHECK_CLOCK.instant();

  /** The checks found on the verification queue (re-checks and checks sent back) after the run. */
  static void assertOneQueuedCheck(Run r, int attempt) {
    assertThat(r.reChecks())
        .as("exactly one check sent, none lost")
        .singleElement()
        .satisfies(q -> assertThat(q.attempt()).isEqualTo(attempt));
    r.second().ifPresent(s -> assertThat(s.path("batchItemFailures")).isEmpty());
  }

  static void assertBounded(Run r, String op) {
    // every call of the faulted operation on the first delivery was tried exactly AWS_MAX_ATTEMPTS
    // times
    int faultedCalls = r.firstCalls().getOrDefault(op, 0);
    assertThat(faultedCalls).as("calls of %s", op).isPositive();
    assertThat(r.faults().injected(op)).isEqualTo(MAX_ATTEMPTS * faultedCalls);
  }

  @Test
  void theMatrixCoversEveryCallOfARollingBackCheck(MotoServer moto) throws IOException {
    Run r = run(moto, FaultInjector.none(), "verify-api-latency-worse.json", CHECK_AT);
    // 17 calls: DescribeAlarms, GetMetricData, SSM GetParameters, the ledger's audit GetItem twice
    // (the check's match with the ledger, then the rollback's read) and facts Query, the rollback's
    // two TransactWriteItems (claim + lock + PENDING audit; APPLIED + unlock + claim completed),
    // ECS
    // DescribeServices (the re-read: is desiredCount still the fix's?) and UpdateService, the track
    // record's count (its claim PutItem, the ADD UpdateItem, the claim's completion UpdateItem),
    // the
    // page's claim PutItem and its completion UpdateItem, two SNS Publish (results, then the page)
    assertThat(r.faults().callSnapshot())
        .isEqualTo(
            Map.ofEntries(
                Map.entry("CloudWatch:DescribeAlarms", 1),
                Map.entry("CloudWatch:GetMetricData", 1),
                Map.entry("Ssm:GetParameters", 1),
                Map.entry("DynamoDb:GetItem", 2),
                Map.entry("DynamoDb:Query", 1),
                Map.entry("DynamoDb:TransactWriteItems", 2),
                Map.entry("Ecs:DescribeServices", 1),
                Map.entry("Ecs:UpdateService", 1),
                Map.entry("DynamoDb:PutItem", 2),
                Map.entry("DynamoDb:UpdateItem", 3),
                Map.entry("Sns:Publish", 2)));
    assertThat(PERSISTENT.keySet()).isEqualTo(r.faults().callSnapshot().keySet());
    assertThat(r.firstOutcome() + " " + r.desired()).isEqualTo("NOT_RECOVERED 2");
  }

  @ParameterizedTest(name = "{0} {1}, persistent on the first delivery, at the SDK boundary")
  @MethodSource("worse")
  void aPersistentFaultLeavesNoHalfRollbackAndLosesNoCheck(String named, Kind kind, MotoServer moto)
      throws IOException {
    String op = operation(named);
    Run r =
        run(
            moto,
            FaultInjector.persistent(op, kind).clearAfter(1),
            "verify-api-latency-worse.json",
            CHECK_AT);
    System.out.printf(
        "VFAULT %s %s: first=%s desired=%d rollbacks=%s next=%s%n",
        op,
        kind,
        r.firstOutcome(),
        r.desired(),
        r.rollbacks().stream().map(AuditRecord::status).toList(),
        r.last().path("reports").path(0).path("verification").path("nextStep").asText());

    assertBounded(r, op);
    assertThat(r.firstOutcome() + " " + r.desired()).isEqualTo(PERSISTENT.get(op));
    // no half rollback: ECS unchanged (3) or rolled back (2) with exactly one APPLIED rollback
    // audit
    assertThat(r.desiredAfterFirst()).isIn(2, 3);
    assertThat(r.desired()).isIn(2, 3);
    assertThat(r.rollbacks())
        .filteredOn(a -> AuditRecord.APPLIED.equals(a.status()))
        .hasSize(r.desired() == 2 ? 1 : 0);
    assertThat(r.rollbacks()).noneMatch(a -> AuditRecord.PENDING.equals(a.status()));
    // nothing lost: a returned record is settled by its redelivery; one page, one or more reports
    r.second().ifPresent(s -> assertThat(s.path("batchItemFailures")).isEmpty());
    assertThat(r.returned()).isEqualTo(r.first().path("reports").isEmpty());
    assertThat(r.escalations())
        .as("one page")
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.path("outcome").asText()).isEqualTo("NOT_RECOVERED");
              // the page tells what AWS now holds, whichever delivery rolled back
              assertThat(e.path("verification").path("nextStep").asText())
                  .endsWith(
                      r.desired() == 2
                          ? "; the fix was rolled back (the metric got worse)"
                          : "; a person decides");
            });
    assertThat(r.results())
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.path("outcome").asText()).isEqualTo("NOT_RECOVERED"));
  }

  @ParameterizedTest(
      name =
          "Sns:Publish {0} of the page only: the record is returned, the redelivery takes the page's claim over and pages once")
  @EnumSource(Kind.class)
  void aFailedPageIsRetriedAndSentOnce(Kind kind, MotoServer moto) throws IOException {
    // the verifier publishes twice per NOT_RECOVERED check: results first, then the page
    AtomicInteger publishes = new AtomicInteger();
    FaultInjector pageFails =
        new FaultInjector(
                (op, attempt) ->
                    op.equals("Sns:Publish")
                            && (attempt == 1 ? publishes.incrementAndGet() : publishes.get()) == 2
                        ? kind
                        : null)
            .clearAfter(1);
    Run r = run(moto, pageFails, "verify-api-latency-worse.json", CHECK_AT);

    assertThat(pageFails.injected("Sns:Publish")).isEqualTo(MAX_ATTEMPTS);
    assertThat(r.firstOutcome()).isEqualTo("RETRY");
    assertThat(r.desiredAfterFirst()).as("rolled back by the first delivery").isEqualTo(2);
    assertThat(r.second().orElseThrow().path("batchItemFailures")).isEmpty();
    assertThat(r.escalations())
        .as("one page, sent by the redelivery")
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.path("verification").path("nextStep").asText())
                    .startsWith("escalated at high severity; "));
    assertThat(r.results()).as("each delivery's report").hasSize(2);
    assertThat(r.rollbacks())
        .singleElement()
        .satisfies(a -> assertThat(a.status()).isEqualTo(AuditRecord.APPLIED));
    assertThat(r.desired()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0} {1}, two failed attempts then clear, at the SDK boundary")
  @MethodSource("worse")
  void aTransientFaultIsRetriedAndTheCheckRollsBackAndPagesOnce(
      String named, Kind kind, MotoServer moto) throws IOException {
    String op = operation(named);
    Run r =
        run(
            moto,
            FaultInjector.transientFault(op, kind, MAX_ATTEMPTS - 1),
            "verify-api-latency-worse.json",
            CHECK_AT);
    assertThat(r.faults().attempts(op)).isEqualTo(MAX_ATTEMPTS * r.faults().calls(op));
    assertThat(r.firstOutcome()).isEqualTo("NOT_RECOVERED");
    assertThat(r.desired()).isEqualTo(2);
    assertThat(r.rollbacks())
        .singleElement()
        .satisfies(a -> assertThat(a.status()).isEqualTo(AuditRecord.APPLIED));
    assertThat(r.escalations()).hasSize(1);
    assertThat(r.results()).hasSize(1);
  }

  @ParameterizedTest(
      name =
          "Ecs:UpdateService {0}, persistent on the first delivery: returned, no page, ECS unchanged; the redelivery rolls back and pages once")
  @EnumSource(Kind.class)
  void aRollbackRefusedByATransientAwsErrorIsRetriedThroughTheQueue(Kind kind, MotoServer moto)
      throws IOException {
    Run r =
        run(
            moto,
            FaultInjector.persistent("Ecs:UpdateService", kind).clearAfter(1),
            "verify-api-latency-worse.json",
            CHECK_AT);
    assertThat(r.firstOutcome()).isEqualTo("RETRY");
    assertThat(r.first().path("batchItemFailures"))
        .singleElement()
        .satisfies(f -> assertThat(f.path("itemIdentifier").asText()).isEqualTo("m-1"));
    assertThat(r.first().path("reports"))
        .as("no report, no page from the first delivery")
        .isEmpty();
    assertThat(r.desiredAfterFirst()).as("ECS unchanged by the first delivery").isEqualTo(3);
    assertThat(r.second().orElseThrow().path("batchItemFailures")).isEmpty();
    assertThat(
            r.second()
                .orElseThrow()
                .path("reports")
                .get(0)
                .path("changes")
                .get(0)
                .path("status")
                .asText())
        .isEqualTo("ROLLED_BACK");
    // the first attempt's FAILED audit stays as its record; the redelivery's rollback is APPLIED
    assertThat(r.rollbacks())
        .extracting(AuditRecord::status)
        .containsExactlyInAnyOrder(AuditRecord.FAILED, AuditRecord.APPLIED);
    assertThat(r.escalations())
        .as("one page, by the redelivery")
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.path("verification").path("nextStep").asText())
                    .isEqualTo(
                        "escalated at high severity; the fix was rolled back (the metric got worse)"));
    assertThat(r.results()).as("one report, the redelivery's").hasSize(1);
    assertThat(r.desired()).as("ECS restored").isEqualTo(2);
  }

  @Test
  void aRollbackRefusedWithAccessDeniedPagesOnceAndIsNotRetried(MotoServer moto)
      throws IOException {
    Run r =
        run(
            moto,
            FaultInjector.denied("Ecs:UpdateService"),
            "verify-api-latency-worse.json",
            CHECK_AT);
    assertThat(r.faults().injected("Ecs:UpdateService"))
        .as("the SDK does not retry it")
        .isEqualTo(1);
    assertThat(r.firstOutcome()).isEqualTo("NOT_RECOVERED");
    assertThat(r.second()).as("not returned to the queue").isEmpty();
    assertThat(r.rollbacks())
        .singleElement()
        .satisfies(a -> assertThat(a.status()).isEqualTo(AuditRecord.FAILED));
    assertThat(r.escalations())
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.path("verification").path("nextStep").asText())
                    .startsWith(
                        "escalated at high severity; the metric got worse but this check rolled "
                            + "nothing back: ")
                    .endsWith("; a person decides"));
    assertThat(r.desired()).as("the fix stays").isEqualTo(3);
  }

  /** The improving path's own writes: the re-check's claim, its send, the claim's completion. */
  @ParameterizedTest(name = "{0} {1}, persistent on the first delivery of an improving check")
  @CsvSource({
    "Sqs:SendMessage, THROTTLE, RETRY",
    "Sqs:SendMessage, SERVER_ERROR, RETRY",
    "Sqs:SendMessage, TIMEOUT, RETRY",
    "DynamoDb:PutItem, THROTTLE, RETRY",
    "DynamoDb:PutItem, SERVER_ERROR, RETRY",
    "DynamoDb:PutItem, TIMEOUT, RETRY",
    "DynamoDb:UpdateItem, THROTTLE, IMPROVING",
    "DynamoDb:UpdateItem, SERVER_ERROR, IMPROVING",
    "DynamoDb:UpdateItem, TIMEOUT, IMPROVING"
  })
  void anImprovingChecksReCheckIsSentExactlyOnce(
      String op, Kind kind, String first, MotoServer moto) throws IOException {
    Run r =
        run(
            moto,
            FaultInjector.persistent(op, kind).clearAfter(1),
            "verify-api-latency-improving.json",
            CHECK_AT);
    assertBounded(r, op);
    assertThat(r.firstOutcome()).isEqualTo(first);
    assertOneQueuedCheck(r, 2);
    assertThat(r.desired()).isEqualTo(3);
    assertThat(r.escalations()).isEmpty();
  }

  @ParameterizedTest(name = "Sqs:SendMessage {0}, persistent: an early check is sent back once")
  @EnumSource(Kind.class)
  void anEarlyChecksSendBackIsRetriedAndSentOnce(Kind kind, MotoServer moto) throws IOException {
    Run r =
        run(
            moto,
            FaultInjector.persistent("Sqs:SendMessage", kind).clearAfter(1),
            "verify-api-latency-worse.json",
            Instant.parse("2026-11-27T10:18:30Z"));
    assertBounded(r, "Sqs:SendMessage");
    assertThat(r.firstOutcome()).isEqualTo("RETRY");
    // the redelivery, a visibility timeout later, is past checkAt: it judges instead of sending
    // back
    assertThat(r.reChecks()).as("nothing sent back by the failed delivery").isEmpty();
    assertThat(r.second().orElseThrow().path("reports").get(0).path("outcome").asText())
        .isEqualTo("NOT_RECOVERED");
    assertThat(r.desired()).isEqualTo(2);
    assertThat(r.escalations()).hasSize(1);
  }
}
