package com.tradai.remediation.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.aws.EcsExecutor;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.TimeBudget;
import com.tradai.remediation.guard.GuardContext;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.handler.Remediator;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.MutableClock;
import com.tradai.remediation.testing.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A run the time budget cuts before its change starts is not a failure (docs/guardrails.md, "Time
 * budget"), whichever way it took its claim: it leaves no audit record, no attempt marker for the
 * rate limit or the breaker, no slot and no PENDING marker; its lock is released and its claim left
 * to expire, after which a redelivery with time to spare acts once. The real shell, ledger on
 * moto's DynamoDB and ECS executor on moto's ECS. The one-by-one path is driven by the real ledger
 * behind a double of the same port whose one-write opening is refused with nothing written, as a
 * lock held elsewhere refuses it.
 */
@ExtendWith(Moto.class)
class CutRunLedgerTest {
  private static final String BACKEND = "tradai-backend-dev";
  private static final TimeBudget THREE_SECONDS = new TimeBudget(() -> 3_000);

  /** How the run takes its claim and locks: with the first PENDING record, or one call each. */
  enum ClaimPath {
    ONE_WRITE,
    ONE_BY_ONE
  }

  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(ClaimPath.class)
  void aRunTheBudgetCutsLeavesNothingTheBreakerOrTheRateLimitCounts(ClaimPath path, MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Path metrics = tmp.resolve("metrics.json");
      Files.write(metrics, Resources.bytes("/events/metrics/api-latency-load-spike.json"));
      Map<String, String> vars = env.variables(Map.of("METRICS_REPLAY_FILE", metrics.toString()));
      MutableClock clock = new MutableClock(Instant.now());
      try (AwsClients aws = new AwsClients(Config.from(vars))) {
        Ledger real =
            new DynamoDbLedger(aws::dynamoDb, env.ledgerTable(), new ActionCodec(Json.MAPPER));
        Ledger ledger = path == ClaimPath.ONE_WRITE ? real : openRefused(real);
        Remediator shell =
            LedgerEndToEndTest.shell(vars, aws, ledger, new EcsExecutor(aws::ecs), clock);
        JsonNode report = Json.MAPPER.valueToTree(shell.handle(alarm(), THREE_SECONDS));

        assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
        assertThat(report.path("outcome").asText()).isEqualTo("BLOCKED");
        assertThat(report.path("changes")).isEmpty();
        assertThat(report.path("incomplete").path("notStarted"))
            .singleElement()
            .satisfies(
                n ->
                    assertThat(n.asText())
                        .isEqualTo(
                            "tradai-backend-dev 2 → 3 (not started: 3000 ms left, ecs-scale needs 5000 ms)"));
        assertThat(auditPartition(env, aws))
            .as("no audit record, attempt, slot or PENDING marker")
            .isEmpty();
        assertThat(breaker(real, clock.instant())).isEqualTo(GuardContext.Breaker.CLOSED);
        assertThat(real.lockExpiry(BACKEND)).as("the lock was released").isEmpty();

        // the claim expires with the lock TTL (5 min in dev); then the redelivery acts, once, and
        // the
        // breaker counts that one attempt and no failure
        clock.advance(Duration.ofMinutes(6));
        JsonNode again = Json.MAPPER.valueToTree(shell.handle(alarm(), TimeBudget.UNLIMITED));
        assertThat(again.path("outcome").asText()).isEqualTo("REMEDIATED");
        assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
        assertThat(real.recent("dev", Optional.of(BACKEND), 10))
            .singleElement()
            .satisfies(a -> assertThat(a.status()).isEqualTo(AuditRecord.APPLIED));
        assertThat(breaker(real, clock.instant()))
            .isEqualTo(new GuardContext.Breaker(false, null, 0, 1));
      }
    }
  }

  private static byte[] alarm() {
    return Resources.bytes("/events/sns-api-latency-alarm.json");
  }

  /** The breaker as the guards read it: state, failures and attempts in the last hour. */
  private static GuardContext.Breaker breaker(Ledger ledger, Instant now) {
    Action scale = new Action.ScaleEcsService("tradai-dev", BACKEND, 2, 3);
    return ledger
        .facts("dev", "api-latency", List.of(scale), Duration.ofHours(1), Duration.ofHours(1), now)
        .breaker();
  }

  /** Every sort key in the environment's audit partition: records, markers, slots, the breaker. */
  private static List<String> auditPartition(DemoEnvironment env, AwsClients aws) {
    return aws
        .dynamoDb()
        .query(
            b ->
                b.tableName(env.ledgerTable())
                    .consistentRead(true)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("AUDIT#dev"))))
        .items()
        .stream()
        .map(i -> i.get("sk").s())
        .toList();
  }

  /** The real ledger, but its one-write opening is refused having written nothing. */
  private static Ledger openRefused(Ledger real) {
    return (Ledger)
        java.lang.reflect.Proxy.newProxyInstance(
            Ledger.class.getClassLoader(),
            new Class<?>[] {Ledger.class},
            (proxy, method, args) -> {
              if (method.getName().equals("open")) {
                return Ledger.Opening.REFUSED;
              }
              try {
                return method.invoke(real, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
