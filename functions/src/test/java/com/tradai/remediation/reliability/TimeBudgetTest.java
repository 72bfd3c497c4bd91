package com.tradai.remediation.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.LocalContext;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.handler.RemediationHandler;
import com.tradai.remediation.ledger.ActionCodec;
import com.tradai.remediation.ledger.DynamoDbLedger;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.MutableClock;
import com.tradai.remediation.testing.ReportSchema;
import com.tradai.remediation.testing.Resources;
import com.tradai.remediation.testing.ScriptedHttp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handler reads the remaining time from the Lambda context (here a {@link LocalContext} about
 * to expire) and, when it is short, skips optional evidence, never starts an action that may not
 * finish, and says the work is incomplete. Real handler, moto (ECS, DynamoDB, SSM, SNS/SQS).
 */
@ExtendWith(Moto.class)
class TimeBudgetTest {
  static final String BACKEND = "tradai-backend-dev";

  @TempDir Path tmp;

  private Map<String, String> vars(DemoEnvironment env, String metrics, Map<String, String> extra) {
    return Resources.withReplay(env.variables(), tmp, metrics, extra);
  }

  static JsonNode invoke(RemediationHandler handler, String event, int remainingMillis)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(Resources.bytes("/events/" + event)),
        out,
        new LocalContext("RemediationFunction", remainingMillis));
    return Json.MAPPER.readTree(out.toByteArray());
  }

  @Test
  void withThreeSecondsLeftTheScaleOutIsNeverStartedAndTheReportSaysIncomplete(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      MutableClock clock = new MutableClock(Instant.now());
      RemediationHandler handler =
          new RemediationHandler(
              Config.from(vars(env, "api-latency-load-spike.json", Map.of())), clock);
      JsonNode report = invoke(handler, "sns-api-latency-alarm.json", 3_000);

      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
      assertThat(report.path("outcome").asText()).isEqualTo("BLOCKED");
      assertThat(report.path("changes")).isEmpty();
      JsonNode incomplete = report.path("incomplete");
      assertThat(incomplete.path("remainingMillis").asLong()).isBetween(0L, 3_000L);
      assertThat(incomplete.path("notStarted"))
          .singleElement()
          .satisfies(
              n ->
                  assertThat(n.asText())
                      .matches(
                          "tradai-backend-dev 2 → 3 \\(not started: \\d+ ms left, ecs-scale needs 5000 ms\\)"));
      assertThat(report.path("summary").asText())
          .startsWith("High API Latency: Load spike — ")
          .contains(" — incomplete: time budget short (");
      assertThat(ReportSchema.violations(report)).isEmpty();
      DynamoDbLedger ledger =
          new DynamoDbLedger(env::dynamoDb, env.ledgerTable(), new ActionCodec(Json.MAPPER));
      // the budget is checked before the PENDING record would be written with the claim: a change
      // not started leaves no audit record (nothing the breaker counts), and the lock is released
      assertThat(ledger.recent("dev", Optional.of(BACKEND), 10)).isEmpty();
      assertThat(ledger.lockExpiry(BACKEND)).isEmpty();

      // the transition's claim was not completed: it expires with the lock TTL (5 min in dev),
      // after
      // which a redelivery with time to spare applies the fix, once
      clock.advance(Duration.ofMinutes(6));
      JsonNode again = invoke(handler, "sns-api-latency-alarm.json", 60_000);
      assertThat(again.path("outcome").asText()).isEqualTo("REMEDIATED");
      assertThat(again.has("incomplete")).isFalse();
      assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
    }
  }

  @Test
  void withAMinuteLeftTheSameAlarmIsRemediatedInFull(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      RemediationHandler handler =
          new RemediationHandler(
              Config.from(vars(env, "api-latency-load-spike.json", Map.of())), Clock.systemUTC());
      JsonNode report = invoke(handler, "sns-api-latency-alarm.json", 60_000);
      assertThat(report.path("outcome").asText()).isEqualTo("REMEDIATED");
      assertThat(report.has("incomplete")).isFalse();
      assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
    }
  }

  @Test
  void withEightSecondsLeftOptionalEvidenceIsSkipped_noPingNoLogSearch(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev");
        ScriptedHttp exchange = new ScriptedHttp(r -> ScriptedHttp.Response.json(200, "{}"))) {
      env.seedService("data-collection", 1, 512, 1024, true);
      RemediationHandler handler =
          new RemediationHandler(
              Config.from(
                  vars(
                      env,
                      "exchange-errors.json",
                      Map.of("EXCHANGE_ENDPOINTS", exchange.url() + "/api/v3/ping"))),
              Clock.systemUTC());
      JsonNode report = invoke(handler, "sns-exchange-errors-alarm.json", 8_000);

      assertThat(exchange.requests()).as("the exchange is not pinged").isEmpty();
      assertThat(report.path("incomplete").path("skippedEvidence").toString())
          .isEqualTo("[\"logs:/ecs/tradai-data-collection-dev\",\"http:exchange\"]");
      assertThat(report.path("incomplete").path("notStarted")).isEmpty();
      assertThat(report.path("summary").asText())
          .contains(" — incomplete: time budget short (")
          .contains("optional evidence skipped: ");
      assertThat(report.path("runbook").asText()).isEqualTo("exchange-api");
      assertThat(ReportSchema.violations(report)).isEmpty();
    }
  }
}
