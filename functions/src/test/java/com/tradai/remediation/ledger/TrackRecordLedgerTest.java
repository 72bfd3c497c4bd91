package com.tradai.remediation.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.guard.Mode;
import com.tradai.remediation.guard.Standing;
import com.tradai.remediation.guard.TrackRecord;
import com.tradai.remediation.guard.TrackRecord.Tally;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.testing.Moto;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The track record's and the modes' items in DynamoDB (moto): written atomically, read with the
 * facts.
 */
@ExtendWith(Moto.class)
class TrackRecordLedgerTest {
  private static final Instant NOW = Instant.parse("2026-11-27T10:15:00Z");
  private static final LocalDate TODAY = LocalDate.parse("2026-11-27");

  private static Standing standing(DynamoDbLedger ledger, Instant now) {
    return ledger
        .facts("prod", "api-latency", List.of(), Duration.ofHours(1), Duration.ofHours(1), now)
        .standing();
  }

  private static void count(
      DynamoDbLedger l, String runbook, String kind, Tally t, Instant at, int times) {
    for (int i = 0; i < times; i++) {
      l.countVerdict("prod", runbook, kind, t, at);
    }
  }

  @Test
  void theRecordIsExactAfterAMixOfVerdictsAcrossDaysKindsAndRunbooks(MotoServer moto) {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "prod").seed(2, 512, 1024)) {
      DynamoDbLedger l =
          new DynamoDbLedger(env::dynamoDb, env.ledgerTable(), new ActionCodec(Json.MAPPER));
      Instant fortyDaysAgo = NOW.minus(Duration.ofDays(40));
      count(l, "api-latency", "ecs-scale", Tally.RECOVERED, fortyDaysAgo, 5);
      count(l, "api-latency", "ecs-scale", Tally.RECOVERED, NOW.minus(Duration.ofDays(3)), 2);
      count(l, "api-latency", "ecs-scale", Tally.RECOVERED, NOW, 1);
      count(l, "api-latency", "ecs-scale", Tally.IMPROVING, NOW, 2);
      count(l, "api-latency", "ecs-scale", Tally.NOT_RECOVERED, NOW, 1);
      count(l, "api-latency", "ecs-scale", Tally.ROLLED_BACK, NOW, 1);
      count(l, "api-latency", "ecs-scale", Tally.SHADOW_CLEARED, NOW, 1);
      count(l, "api-latency", "ecs-scale", Tally.SHADOW_BREACHING, NOW, 4);
      count(l, "api-latency", "ecs-task-memory", Tally.NOT_RECOVERED, NOW, 3);
      count(l, "ecs-service", "ecs-scale", Tally.RECOVERED, NOW, 6);
      Map<String, Long> last =
          l.countVerdict("prod", "api-latency", "ecs-scale", Tally.SHADOW_IMPROVING, NOW);

      Standing s = standing(l, NOW);
      assertThat(s.record("api-latency", "ecs-scale", TODAY, 30))
          .isEqualTo(new TrackRecord(3, 2, 1, 1, 1, 1, 4));
      assertThat(s.record("api-latency", "ecs-scale", TODAY, 90))
          .isEqualTo(new TrackRecord(8, 2, 1, 1, 1, 1, 4));
      assertThat(s.record("api-latency", "ecs-task-memory", TODAY, 30))
          .isEqualTo(new TrackRecord(0, 0, 3, 0, 0, 0, 0));
      assertThat(s.record("api-latency", TODAY, 30))
          .as("every kind of the runbook")
          .isEqualTo(new TrackRecord(3, 2, 4, 1, 1, 1, 4));
      assertThat(s.record("ecs-service", "ecs-scale", TODAY, 30).recovered()).isEqualTo(6);
      assertThat(TrackRecord.within(last, TODAY, 30))
          .as("the update returns the record it left")
          .isEqualTo(new TrackRecord(3, 2, 1, 1, 1, 1, 4));
      assertThat(s.record("api-latency", "ecs-scale", TODAY, 30).line("prod", 30))
          .isEqualTo(
              "track record: recovered 3 of 5 fixes like this in prod (30 days), 1 rolled back; in shadow,"
                  + " the alarm cleared on its own 1 of 5 times");
    }
  }

  @Test
  void aDayLeavingTheKeptWindowIsDroppedByTheNextCount(MotoServer moto) {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "prod").seed(2, 512, 1024)) {
      DynamoDbLedger l =
          new DynamoDbLedger(env::dynamoDb, env.ledgerTable(), new ActionCodec(Json.MAPPER));
      // the real clock: the item's expiry must lie ahead of it, or the emulator might drop the item
      Instant now = Instant.now();
      Instant old = now.minus(Duration.ofDays(TrackRecord.KEPT_DAYS));
      Map<String, Long> before =
          l.countVerdict("prod", "api-latency", "ecs-scale", Tally.RECOVERED, old);
      assertThat(before)
          .containsOnlyKeys(
              TrackRecord.counter(Tally.RECOVERED, com.tradai.remediation.guard.Trust.day(old)));
      l.countVerdict(
          "prod", "api-latency", "ecs-scale", Tally.RECOVERED, old.plus(Duration.ofDays(1)));
      Map<String, Long> after =
          l.countVerdict("prod", "api-latency", "ecs-scale", Tally.RECOVERED, now);
      assertThat(after)
          .containsOnlyKeys(
              TrackRecord.counter(
                  Tally.RECOVERED,
                  com.tradai.remediation.guard.Trust.day(old.plus(Duration.ofDays(1)))),
              TrackRecord.counter(Tally.RECOVERED, com.tradai.remediation.guard.Trust.day(now)));
    }
  }

  @Test
  void aModeIsSetOnlyIfItIsStillWhatTheCallerRead(MotoServer moto) {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "prod").seed(2, 512, 1024)) {
      DynamoDbLedger l =
          new DynamoDbLedger(env::dynamoDb, env.ledgerTable(), new ActionCodec(Json.MAPPER));
      Standing.ModeSetting approve =
          new Standing.ModeSetting(Mode.APPROVE, "alice", NOW, "promote", "shadow");
      assertThat(l.setMode("prod", "api-latency", Optional.empty(), approve)).isTrue();
      assertThat(l.setMode("prod", "api-latency", Optional.empty(), approve))
          .as("someone set it first")
          .isFalse();
      Standing.ModeSetting act =
          new Standing.ModeSetting(Mode.ACT, "bob", NOW.plusSeconds(60), "promote", "approve");
      assertThat(l.setMode("prod", "api-latency", Optional.of(Mode.SHADOW), act)).isFalse();
      assertThat(l.setMode("prod", "api-latency", Optional.of(Mode.APPROVE), act)).isTrue();
      assertThat(standing(l, NOW).modes()).containsEntry("api-latency", act);
      assertThat(
              env.dynamoDb()
                  .query(
                      b ->
                          b.tableName(env.ledgerTable())
                              .keyConditionExpression("pk = :pk")
                              .expressionAttributeValues(
                                  Map.of(
                                      ":pk",
                                      software.amazon.awssdk.services.dynamodb.model.AttributeValue
                                          .fromS("MODE#prod"))))
                  .items())
          .as("one audit entry per change")
          .hasSize(2);
    }
  }
}
