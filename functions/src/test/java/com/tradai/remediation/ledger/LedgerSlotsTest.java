package com.tradai.remediation.ledger;

import static com.tradai.remediation.ledger.LedgerAttemptsTest.TTL;
import static com.tradai.remediation.ledger.LedgerAttemptsTest.facts;
import static com.tradai.remediation.ledger.LedgerAttemptsTest.record;
import static com.tradai.remediation.ledger.LedgerAttemptsTest.withLedger;
import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.config.PolicyLoader;
import com.tradai.remediation.guard.Policy;
import com.tradai.remediation.testing.Moto;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rate-limit and fix-cap slots against moto's DynamoDB: an attempt's opening write takes one of
 * each, a limit whose slots are all taken writes nothing and says which limit, a slot frees when
 * its window ends, and a breaker reset frees the fix-cap slots.
 */
@ExtendWith(Moto.class)
class LedgerSlotsTest {
  /** prod: 3 fixes per runbook per 60 min, 8 fixes per 60 min in the environment. */
  static final Policy PROD =
      new PolicyLoader(com.tradai.remediation.handler.Json.MAPPER).forEnvironment("prod");

  static Slots.Quota quota(DynamoDbLedger ledger, String runbook, Instant now, String seed) {
    Ledger.Facts f = facts(ledger, runbook, now);
    return Slots.quota(PROD, runbook, f.rateSlotsTaken(), f.fixSlotsTaken(), now, seed);
  }

  @Test
  void theFourthAttemptOfARunbookFindsEveryRateSlotTakenAndWritesNothing(MotoServer moto)
      throws Exception {
    withLedger(
        moto,
        List.of(),
        (env, ledger) -> {
          Instant t = Instant.now().minusSeconds(60);
          // all four read the slots before any of them writes: each believes every slot is free
          Slots.Quota stale = quota(ledger, "api-latency", t, "seed");
          for (int i = 0; i < 3; i++) {
            AuditRecord r =
                record(t.plusMillis(i), "k" + i, "ALARM", AuditRecord.PENDING, "ALLOWED");
            assertThat(
                    ledger.open(
                        "k" + i,
                        "o" + i,
                        List.of("tradai-svc" + i + "-dev"),
                        "alarm",
                        t,
                        TTL,
                        Optional.of(r),
                        stale))
                .isEqualTo(Ledger.Opening.TAKEN);
          }
          AuditRecord fourth =
              record(t.plusMillis(3), "k3", "ALARM", AuditRecord.PENDING, "ALLOWED");
          assertThat(
                  ledger.open(
                      "k3",
                      "o3",
                      List.of("tradai-svc3-dev"),
                      "alarm",
                      t,
                      TTL,
                      Optional.of(fourth),
                      stale))
              .isEqualTo(Ledger.Opening.RATE_LIMIT_FULL);

          Ledger.Facts after = facts(ledger, "api-latency", t.plusSeconds(1));
          assertThat(after.rateSlotsTaken()).containsExactlyInAnyOrder(0, 1, 2);
          assertThat(after.runbookActions()).as("the refused attempt wrote no marker").isEqualTo(3);
          assertThat(ledger.lockExpiry("tradai-svc3-dev")).as("nor its lock").isEmpty();
          assertThat(ledger.audit("dev", fourth.auditId())).as("nor its audit record").isEmpty();
          // another runbook has its own slots
          assertThat(facts(ledger, "ecs-service", t.plusSeconds(1)).rateSlotsTaken()).isEmpty();

          // an hour later the window is over: the slots are free again
          Instant later = t.plus(Duration.ofMinutes(61));
          assertThat(facts(ledger, "api-latency", later).rateSlotsTaken()).isEmpty();
          AuditRecord next = record(later, "k4", "ALARM", AuditRecord.PENDING, "ALLOWED");
          assertThat(
                  ledger.open(
                      "k4",
                      "o4",
                      List.of("tradai-svc4-dev"),
                      "alarm",
                      later,
                      TTL,
                      Optional.of(next),
                      quota(ledger, "api-latency", later, "x")))
              .isEqualTo(Ledger.Opening.TAKEN);
        });
  }

  @Test
  void theFixCapCountsAcrossRunbooksAndAResetFreesIt(MotoServer moto) throws Exception {
    withLedger(
        moto,
        List.of(),
        (env, ledger) -> {
          Instant t = Instant.now().minusSeconds(60);
          for (int i = 0; i < 8; i++) {
            String runbook = "runbook-" + i;
            AuditRecord r =
                new AuditRecord(
                    DynamoDbLedger.newAuditId(t),
                    "dev",
                    t,
                    "k" + i,
                    "alarm",
                    runbook,
                    "ALARM",
                    null,
                    null,
                    LedgerAttemptsTest.SCALE,
                    "ALLOWED",
                    List.of(),
                    AuditRecord.PENDING,
                    null,
                    null);
            assertThat(ledger.putAttempt(r, quota(ledger, runbook, t, "s" + i), t))
                .isEqualTo(Ledger.Opening.TAKEN);
          }
          AuditRecord ninth =
              new AuditRecord(
                  DynamoDbLedger.newAuditId(t),
                  "dev",
                  t,
                  "k8",
                  "alarm",
                  "runbook-8",
                  "ALARM",
                  null,
                  null,
                  LedgerAttemptsTest.SCALE,
                  "ALLOWED",
                  List.of(),
                  AuditRecord.PENDING,
                  null,
                  null);
          // read before the eighth was written: it believes one fix-cap slot is still free
          Slots.Quota stale =
              Slots.quota(PROD, "runbook-8", Set.of(), Set.of(0, 1, 2, 3, 4, 5, 6), t, "z");
          assertThat(ledger.putAttempt(ninth, stale, t)).isEqualTo(Ledger.Opening.FIX_CAP_FULL);
          assertThat(ledger.audit("dev", ninth.auditId())).isEmpty();
          assertThat(facts(ledger, "runbook-8", t).fixSlotsTaken()).hasSize(8);

          ledger.resetBreaker("dev", "operator", t.plusSeconds(1));
          assertThat(facts(ledger, "runbook-8", t.plusSeconds(2)).fixSlotsTaken()).isEmpty();
          assertThat(
                  ledger.putAttempt(
                      ninth, quota(ledger, "runbook-8", t.plusSeconds(2), "z"), t.plusSeconds(2)))
              .isEqualTo(Ledger.Opening.TAKEN);
        });
  }

  @Test
  void contendersStartAtDifferentFreeSlots() {
    assertThat(Slots.order(3, Set.of(), "a")).hasSize(3).containsExactlyInAnyOrder(0, 1, 2);
    assertThat(Slots.order(3, Set.of(1), "a")).containsExactlyInAnyOrder(0, 2);
    assertThat(Slots.order(3, Set.of(0, 1, 2), "a")).isEmpty();
    Set<Integer> starts = new java.util.HashSet<>();
    for (int i = 0; i < 40; i++) {
      starts.add(Slots.order(8, Set.of(), java.util.UUID.randomUUID().toString()).getFirst());
    }
    assertThat(starts).as("random owners spread over the slots").hasSizeGreaterThan(4);
  }
}
