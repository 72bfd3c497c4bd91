package com.tradai.remediation.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.guard.GuardContext;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.testing.Moto;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The attempt markers against moto's DynamoDB: which writes count, and that the guards' facts are
 * ONE Query whose answer holds the attempts' markers, the breaker and last changes but no audit
 * record, however many audit records (held-back decisions) the window holds.
 */
@ExtendWith(Moto.class)
class LedgerAttemptsTest {
  static final String BACKEND = "tradai-backend-dev";
  static final Action SCALE = new Action.ScaleEcsService("tradai-dev", BACKEND, 2, 3);
  static final Duration HOUR = Duration.ofHours(1);
  static final Duration TTL = Duration.ofMinutes(5);

  /** Records every Query answer: how many items, and their sort keys. */
  static final class Queries implements ExecutionInterceptor {
    final List<List<String>> answers = new ArrayList<>();

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
      if (context.response() instanceof QueryResponse q) {
        answers.add(q.items().stream().map(i -> i.get("sk").s()).toList());
      }
    }
  }

  static AuditRecord record(Instant at, String key, String origin, String status, String verdict) {
    return new AuditRecord(
        DynamoDbLedger.newAuditId(at),
        "dev",
        at,
        key,
        "alarm",
        "api-latency",
        origin,
        null,
        null,
        SCALE,
        verdict,
        List.of(),
        status,
        null,
        null);
  }

  interface LedgerTest {
    void run(DemoEnvironment env, DynamoDbLedger ledger) throws Exception;
  }

  /**
   * A seeded moto environment and the ledger on its table, through clients with these interceptors.
   */
  static void withLedger(MotoServer moto, List<ExecutionInterceptor> interceptors, LedgerTest test)
      throws Exception {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024);
        AwsClients aws = new AwsClients(Config.from(env.variables()), interceptors)) {
      test.run(
          env, new DynamoDbLedger(aws::dynamoDb, env.ledgerTable(), new ActionCodec(Json.MAPPER)));
    }
  }

  static Ledger.Facts facts(DynamoDbLedger ledger, String runbook, Instant now) {
    return ledger.facts("dev", runbook, List.of(SCALE), HOUR, HOUR, now);
  }

  @Test
  void attemptsAndFailuresAreCountedWhereTheyAreWrittenAndRollbacksAreNot(MotoServer moto)
      throws Exception {
    withLedger(
        moto,
        List.of(),
        (env, ledger) -> {
          Instant t = Instant.now().minusSeconds(60);

          // the claim's transaction counts its PENDING attempt
          AuditRecord first = record(t, "k1", "ALARM", AuditRecord.PENDING, "ALLOWED");
          assertThat(
                  ledger.begin("k1", "me", List.of(BACKEND), "alarm", t, TTL, Optional.of(first)))
              .isTrue();
          // an attempt written on its own is counted with it; then it fails
          AuditRecord second =
              record(t.plusMillis(1), "k2", "APPROVED", AuditRecord.PENDING, "ALLOWED");
          ledger.putAudit(second);
          ledger.finishAudit(
              "dev", second.auditId(), AuditRecord.FAILED, null, "boom", t.plusMillis(2));
          // neither a decision held back nor a rollback (even a failed one) counts
          ledger.putAudit(record(t.plusMillis(3), "k3", "ALARM", "BLOCKED", "BLOCKED"));
          AuditRecord rollback =
              record(t.plusMillis(4), "rollback:x", "ROLLBACK", AuditRecord.PENDING, "ALLOWED");
          ledger.putAudit(rollback);
          ledger.finishAudit(
              "dev", rollback.auditId(), AuditRecord.FAILED, null, "boom", t.plusMillis(5));

          Ledger.Facts f = facts(ledger, "api-latency", t.plusSeconds(1));
          assertThat(f.runbookActions()).isEqualTo(2);
          assertThat(f.breaker().actions()).isEqualTo(2);
          assertThat(f.breaker().failures()).isEqualTo(1);
          assertThat(facts(ledger, "ecs-cpu", t.plusSeconds(1)).runbookActions()).isZero();
          assertThat(ledger.audit("dev", rollback.auditId()).orElseThrow().status())
              .isEqualTo(AuditRecord.FAILED);
          assertThat(ledger.audit("dev", second.auditId()).orElseThrow().error()).isEqualTo("boom");

          // a second FAILED for the same record is refused (only a PENDING record moves) and not
          // counted
          org.assertj.core.api.Assertions.assertThatThrownBy(
                  () ->
                      ledger.finishAudit(
                          "dev",
                          second.auditId(),
                          AuditRecord.FAILED,
                          null,
                          "again",
                          t.plusMillis(6)))
              .isInstanceOf(RuntimeException.class);
          assertThat(facts(ledger, "api-latency", t.plusSeconds(1)).breaker().failures())
              .isEqualTo(1);

          // an hour and two minutes later the window holds none of it
          Ledger.Facts later = facts(ledger, "api-latency", t.plus(HOUR).plusSeconds(120));
          assertThat(later.runbookActions()).isZero();
          assertThat(later.breaker().actions()).isZero();
          assertThat(later.breaker().failures()).isZero();
        });
  }

  @Test
  void aResetCountsAfreshFromTheResetForTheBreakerOnly(MotoServer moto) throws Exception {
    withLedger(
        moto,
        List.of(),
        (env, ledger) -> {
          Instant t = Instant.now().minusSeconds(120);
          for (int i = 0; i < 3; i++) {
            AuditRecord r =
                record(t.plusSeconds(i), "k" + i, "ALARM", AuditRecord.PENDING, "ALLOWED");
            ledger.putAudit(r);
            ledger.finishAudit(
                "dev", r.auditId(), AuditRecord.FAILED, null, "boom", t.plusSeconds(i));
          }
          ledger.openBreaker("dev", "3 failed fixes in 60 min (max 3)", t.plusSeconds(3));
          Ledger.Facts tripped = facts(ledger, "api-latency", t.plusSeconds(4));
          assertThat(tripped.breaker().open()).isTrue();
          assertThat(tripped.breaker().failures()).isEqualTo(3);

          ledger.resetBreaker("dev", "alice", t.plusSeconds(10));
          AuditRecord after =
              record(t.plusSeconds(20), "k9", "ALARM", AuditRecord.PENDING, "ALLOWED");
          ledger.putAudit(after);
          ledger.finishAudit(
              "dev", after.auditId(), AuditRecord.FAILED, null, "boom", t.plusSeconds(21));

          Ledger.Facts reset = facts(ledger, "api-latency", t.plusSeconds(30));
          assertThat(reset.breaker().open()).isFalse();
          assertThat(reset.breaker().actions()).as("only the attempt after the reset").isEqualTo(1);
          assertThat(reset.breaker().failures()).isEqualTo(1);
          assertThat(reset.runbookActions()).as("the rate limit is not reset").isEqualTo(4);
        });
  }

  @Test
  void theFactsAreOneQueryThatReadsNoAuditRecordHoweverManyTheWindowHolds(MotoServer moto)
      throws Exception {
    Queries queries = new Queries();
    withLedger(
        moto,
        List.of(queries),
        (env, ledger) -> {
          Instant t = Instant.now().minusSeconds(180);
          // 40 attempts (closed: a record still PENDING is read as its marker), 40 decisions held
          // back,
          // one change recorded (a cooldown mark)
          for (int i = 0; i < 40; i++) {
            Instant at = t.plusMillis(i * 4_000L);
            AuditRecord attempt = record(at, "a" + i, "ALARM", AuditRecord.PENDING, "ALLOWED");
            ledger.putAudit(attempt);
            ledger.finishAudit(
                "dev", attempt.auditId(), AuditRecord.APPLIED, null, null, at.plusMillis(1));
            ledger.putAudit(record(at.plusMillis(1), "b" + i, "ALARM", "BLOCKED", "BLOCKED"));
          }
          ledger.recordApplied("dev", SCALE.kind(), BACKEND, t, "x");
          queries.answers.clear();

          Ledger.Facts f = facts(ledger, "api-latency", t.plusSeconds(170));

          assertThat(f.runbookActions()).isEqualTo(40);
          assertThat(f.breaker().actions()).isEqualTo(40);
          assertThat(f.lastApplied()).containsKey(GuardContext.Facts.key(SCALE.kind(), BACKEND));
          assertThat(queries.answers).as("one Query").hasSize(1);
          List<String> read = queries.answers.getFirst();
          assertThat(read)
              .as("the 40 attempts' markers and the cooldown mark, no audit record")
              .hasSize(41)
              .allMatch(
                  sk ->
                      sk.startsWith(Attempts.PREFIX)
                          || sk.equals("~LAST#" + SCALE.kind() + "#" + BACKEND));
          assertThat(ledger.recent("dev", Optional.empty(), 100))
              .as("the audit records are all there")
              .hasSize(80);
        });
  }
}
