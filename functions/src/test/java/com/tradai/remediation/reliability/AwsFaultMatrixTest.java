package com.tradai.remediation.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.handler.RemediationHandler;
import com.tradai.remediation.ledger.ActionCodec;
import com.tradai.remediation.ledger.AuditRecord;
import com.tradai.remediation.ledger.DynamoDbLedger;
import com.tradai.remediation.ports.VerificationRequest;
import com.tradai.remediation.reliability.FaultInjector.Kind;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.testing.CborCloudWatch;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.Resources;
import com.tradai.remediation.verify.CheckMessage;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Every AWS operation of the latency → scale-out path, faulted at the SDK boundary (an
 * ExecutionInterceptor: the faulted attempt never reaches the emulator) with throttling, 5xx and
 * timeouts, persistently and transiently, through the real handler against moto (ECS, SSM,
 * DynamoDB, SQS, SNS) and the CBOR CloudWatch double (moto cannot speak the SDK's CloudWatch
 * protocol). AWS_MAX_ATTEMPTS is 3; the backoff base is shortened to 10 ms so the matrix runs
 * quickly (the attempt bound and the jitter are the SDK's standard mode, unchanged).
 */
@ExtendWith(Moto.class)
class AwsFaultMatrixTest {
  static final String BACKEND = "tradai-backend-dev";
  static final int MAX_ATTEMPTS = 3;

  /** Every operation the latency → scale-out remediation calls (CallBudgetTest counts them). */
  static final List<String> OPERATIONS =
      List.of(
          "CloudWatch:GetMetricData",
          "Ecs:DescribeServices",
          "Ecs:UpdateService",
          "Ssm:GetParameters",
          "DynamoDb:Query",
          "DynamoDb:TransactWriteItems",
          "Sns:Publish");

  /**
   * What a persistent fault of each operation leaves: outcome and ECS desired count. Per operation:
   * GetMetricData — no evidence, the run stops before any guard (FAILED, nothing held);
   * DescribeServices — the service reads as missing, so the cause is named and the fix handed over
   * as advice, nothing changed; UpdateService — the audited apply fails (audit FAILED);
   * GetParameters — the kill switch and policy override are unreadable, the run stops (FAILED)
   * before any guard; Query (guard facts) and TransactWriteItems (claim + locks + PENDING audit) —
   * the ledger is unavailable, nothing is applied without it (BLOCKED); Publish (which also carries
   * the verification check to its queue) — the exception escapes so Lambda retries the event
   * ({@link #aFailedPublishEscapesAndTheRedeliveryDoesNotApplyTwice}).
   */
  static final Map<String, String> PERSISTENT =
      Map.ofEntries(
          Map.entry("CloudWatch:GetMetricData", "FAILED 2"),
          Map.entry("Ecs:DescribeServices", "ADVICE_ONLY 2"),
          Map.entry("Ecs:UpdateService", "FAILED 2"),
          Map.entry("Ssm:GetParameters", "FAILED 2"),
          Map.entry("DynamoDb:Query", "BLOCKED 2"),
          Map.entry("DynamoDb:TransactWriteItems", "BLOCKED 2"),
          Map.entry("Sns:Publish", "THROWS 3"));

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String op : OPERATIONS) {
      for (Kind kind : Kind.values()) {
        out.add(Arguments.of(op, kind));
      }
    }
    return out.stream();
  }

  /** What one run left behind. */
  record Run(
      Report report,
      Throwable firstThrown,
      Throwable thrown,
      FaultInjector faults,
      int desired,
      List<AuditRecord> audits,
      Optional<Instant> lockExpiry,
      List<JsonNode> published,
      List<VerificationRequest> checks,
      Instant at) {
    long applied() {
      return audits.stream().filter(a -> AuditRecord.APPLIED.equals(a.status())).count();
    }

    String outcome() {
      return thrown != null ? "THROWS" : report.outcome().name();
    }
  }

  static Run run(MotoServer moto, FaultInjector faults, int deliveries) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024);
        CborCloudWatch cloudWatch =
            CborCloudWatch.replaying("/events/metrics/api-latency-load-spike.json")) {
      Map<String, String> vars = new HashMap<>(env.variables());
      vars.put("AWS_ENDPOINT_URL_CLOUDWATCH", cloudWatch.endpoint());
      vars.put("AWS_MAX_ATTEMPTS", String.valueOf(MAX_ATTEMPTS));
      Config config = Config.from(vars);
      RemediationHandler handler =
          new RemediationHandler(
              config,
              new AwsClients(config, List.of(faults), Duration.ofMillis(10)),
              Clock.systemUTC());
      byte[] alarm = Resources.bytes("/events/sns-api-latency-alarm.json");
      Report report = null;
      Throwable thrown = null;
      Throwable first = null;
      for (int i = 0; i < deliveries; i++) {
        thrown = null;
        try {
          report = handler.handle(alarm);
        } catch (RuntimeException e) {
          thrown = e;
        }
        first = i == 0 ? thrown : first;
        faults.delivered();
      }
      DynamoDbLedger ledger =
          new DynamoDbLedger(env::dynamoDb, env.ledgerTable(), new ActionCodec(Json.MAPPER));
      List<JsonNode> published = new ArrayList<>();
      for (Message m :
          env.sqs()
              .receiveMessage(
                  b -> b.queueUrl(env.resultsQueueUrl()).maxNumberOfMessages(10).waitTimeSeconds(0))
              .messages()) {
        published.add(
            Json.MAPPER.readTree(Json.MAPPER.readTree(m.body()).path("Message").asText()));
      }
      List<VerificationRequest> checks = new ArrayList<>();
      for (MotoServer.SqsMessage m : moto.sqsMessages()) {
        JsonNode body = Json.MAPPER.readTree(m.body());
        if (body.path("kind").asText().equals("tradai-verification")
            || body.path("verification").path("request").isObject()) {
          checks.add(CheckMessage.read(body, Json.MAPPER).request());
        }
      }
      return new Run(
          report,
          first,
          thrown,
          faults,
          env.desiredCount(BACKEND),
          ledger.recent("dev", Optional.of(BACKEND), 20),
          ledger.lockExpiry(BACKEND),
          published,
          checks,
          Instant.now());
    }
  }

  @ParameterizedTest(name = "{0} {1}, persistent, at the SDK boundary")
  @MethodSource("cases")
  void persistentFaultLeavesNoHalfAppliedPlan(String op, Kind kind, MotoServer moto)
      throws IOException {
    Run r = run(moto, FaultInjector.persistent(op, kind), 1);
    FaultInjector f = r.faults();
    System.out.printf(
        "FAULT %s %s persistent: %s desired=%d audits=%s lock=%s calls=%d attempts=%d summary=%s%n",
        op,
        kind,
        r.outcome(),
        r.desired(),
        r.audits().stream().map(AuditRecord::status).toList(),
        r.lockExpiry(),
        f.calls(op),
        f.attempts(op),
        r.report() == null ? r.thrown() : r.report().summary());

    // bounded: every call of the faulted operation was tried exactly AWS_MAX_ATTEMPTS times
    assertThat(f.calls(op)).as("calls of %s", op).isPositive();
    assertThat(f.attempts(op)).isEqualTo(MAX_ATTEMPTS * f.calls(op));
    // no half-applied plan: unchanged or exactly the planned value; APPLIED only if it changed
    assertThat(r.desired()).isIn(2, 3);
    assertThat(r.applied()).isLessThanOrEqualTo(r.desired() == 3 ? 1 : 0);
    if (r.desired() == 3) {
      // the change is audited: APPLIED, or PENDING only when the audit's finish itself was faulted
      assertThat(r.audits())
          .singleElement()
          .extracting(AuditRecord::status)
          .isEqualTo(op.equals("DynamoDb:UpdateItem") ? AuditRecord.PENDING : AuditRecord.APPLIED);
    }
    // an attempted change that did not happen is audited FAILED
    if (f.calls("Ecs:UpdateService") > 0 && r.desired() == 2) {
      assertThat(r.audits()).anyMatch(a -> AuditRecord.FAILED.equals(a.status()));
    }
    // the lock is released or expiring (at most the policy's lock TTL, 10 min in dev, from now)
    r.lockExpiry().ifPresent(exp -> assertThat(exp).isBefore(r.at().plus(Duration.ofMinutes(11))));
    assertThat(r.outcome() + " " + r.desired()).isEqualTo(PERSISTENT.get(op));
    if (r.thrown() == null) {
      assertThat(r.published()).as("the report is published").hasSize(1);
      assertThat(r.published().getFirst().path("outcome").asText()).isEqualTo(r.outcome());
    }
  }

  @ParameterizedTest(name = "{0} {1}, two failed attempts then clear, at the SDK boundary")
  @MethodSource("cases")
  void transientFaultIsRetriedAndTheFixApplies(String op, Kind kind, MotoServer moto)
      throws IOException {
    Run r = run(moto, FaultInjector.transientFault(op, kind, MAX_ATTEMPTS - 1), 1);
    FaultInjector f = r.faults();
    assertThat(f.attempts(op)).isEqualTo(MAX_ATTEMPTS * f.calls(op));
    assertThat(r.outcome()).isEqualTo("REMEDIATED");
    assertThat(r.desired()).isEqualTo(3);
    assertThat(r.applied()).isEqualTo(1);
    assertThat(r.lockExpiry()).isEmpty();
    assertThat(r.published()).hasSize(1);
  }

  @ParameterizedTest(
      name =
          "Sns:Publish {0}: the check goes straight to the queue, the exception escapes; the redelivery applies nothing twice")
  @org.junit.jupiter.params.provider.EnumSource(Kind.class)
  void aFailedPublishEscapesAndTheRedeliveryDoesNotApplyTwice(Kind kind, MotoServer moto)
      throws IOException {
    FaultInjector faults = FaultInjector.persistent("Sns:Publish", kind).clearAfter(1);
    Run r = run(moto, faults, 2);
    // first delivery: fixed, then the publish failed after 3 attempts and the exception escaped
    assertThat(faults.attempts("Sns:Publish")).isEqualTo(MAX_ATTEMPTS + 1);
    assertThat(r.firstThrown()).isNotNull();
    // the redelivery (Lambda's retry): a duplicate, published, nothing applied again
    assertThat(r.thrown()).isNull();
    assertThat(r.report().outcome().name()).isEqualTo("BLOCKED");
    assertThat(r.report().summary()).contains("idempotency: duplicate");
    assertThat(r.desired()).isEqualTo(3);
    assertThat(r.applied()).isEqualTo(1);
    assertThat(faults.calls("Ecs:UpdateService")).isEqualTo(1);
    assertThat(r.published()).hasSize(1);
    assertThat(r.published().getFirst().path("outcome").asText()).isEqualTo("BLOCKED");
    // the fix is still verified, once: its check was sent when its report could not be
    assertThat(faults.calls("Sqs:SendMessage")).isEqualTo(1);
    assertThat(r.checks()).hasSize(1);
    assertThat(r.checks().getFirst().attempt()).isEqualTo(1);
    assertThat(r.checks().getFirst().changes())
        .extracting(Report.ChangeView::after)
        .containsExactly(3L);
  }

  @ParameterizedTest(
      name =
          "Sns:Publish {0} and Sqs:SendMessage {0}: both fail, the publish failure escapes with the queue's as suppressed")
  @org.junit.jupiter.params.provider.EnumSource(Kind.class)
  void aFailedPublishAndAFailedFallbackStillEscape(Kind kind, MotoServer moto) throws IOException {
    FaultInjector faults =
        new FaultInjector(
            (op, attempt) ->
                op.equals("Sns:Publish") || op.equals("Sqs:SendMessage") ? kind : null);
    Run r = run(moto, faults, 1);
    assertThat(r.thrown()).isInstanceOf(com.tradai.remediation.handler.ReportNotPublished.class);
    // suppressed: the SDK's earlier attempts of the publish, then the queue's failure, added last
    Throwable publish = r.thrown().getCause();
    assertThat(publish.getSuppressed()).hasSize(MAX_ATTEMPTS);
    assertThat(publish.getSuppressed()[MAX_ATTEMPTS - 1].getSuppressed()).hasSize(MAX_ATTEMPTS - 1);
    assertThat(faults.attempts("Sqs:SendMessage")).isEqualTo(MAX_ATTEMPTS);
    assertThat(r.desired()).isEqualTo(3);
    assertThat(r.applied()).isEqualTo(1);
    assertThat(r.checks()).isEmpty();
  }
}
