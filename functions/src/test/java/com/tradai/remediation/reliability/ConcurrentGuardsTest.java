package com.tradai.remediation.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.aws.ReplayMetricReader;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.handler.RemediationHandler;
import com.tradai.remediation.ledger.ActionCodec;
import com.tradai.remediation.ledger.AuditRecord;
import com.tradai.remediation.ledger.DynamoDbLedger;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.testing.CborCloudWatch;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.MotoDynamoDbIsolation;
import com.tradai.remediation.testing.PolicyFiles;
import com.tradai.remediation.testing.Resources;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * The case that once scaled every service: K CPU alarms on K different ECS services of one runbook
 * arrive at once, each handled by its own handler instance with its own SDK clients (as K Lambda
 * instances would), on K threads against moto. With the prod policy, its runbooks acting (the
 * committed file starts them in shadow), (3 fixes per runbook per 60 min) exactly 3 services are
 * scaled and every other report is BLOCKED naming the rate limit; with a fix cap of 4 exactly 4 are
 * scaled and the others name the circuit breaker. One test lets the threads run as they will; the
 * other forces the worst interleaving: every instance has read the ledger's facts (all slots free)
 * before any of them writes, so it cannot pass by luck of scheduling.
 */
@ExtendWith(Moto.class)
class ConcurrentGuardsTest {
  static final int K = 8;

  @Test
  void eightConcurrentAlarmsUnderTheProdRateLimitScaleExactlyThree(MotoServer moto)
      throws Exception {
    Storm s = run(moto, "prod", null, false);
    assertThat(s.applied()).as(s.toString()).isEqualTo(3);
    assertThat(s.blockedBy("rate limit: ")).as(s.toString()).isEqualTo(K - 3);
    assertThat(s.scaled()).as("desired counts").isEqualTo(3);
  }

  @Test
  void whenEveryInstanceReadsBeforeAnyWritesTheRateLimitStillHolds(MotoServer moto)
      throws Exception {
    Storm s = run(moto, "prod", null, true);
    assertThat(s.applied()).as(s.toString()).isEqualTo(3);
    assertThat(
            s.blockedBy("rate limit: ecs-service acted 3 times in prod in the last 60 min (max 3)"))
        .as(s.toString())
        .isEqualTo(K - 3);
    assertThat(s.scaled()).isEqualTo(3);
  }

  @Test
  void whenEveryInstanceReadsBeforeAnyWritesTheBreakersFixCapHolds(MotoServer moto)
      throws Exception {
    Storm s =
        run(
            moto,
            "dev",
            "{\"guards\": {\"circuitBreaker\": {\"maxFailures\": 3, \"maxActions\": 4,"
                + " \"windowMinutes\": 60}}}",
            true);
    assertThat(s.applied()).as(s.toString()).isEqualTo(4);
    assertThat(s.blockedBy("circuit breaker: open (4 fixes in 60 min (max 4))"))
        .as(s.toString())
        .isEqualTo(K - 4);
    assertThat(s.scaled()).isEqualTo(4);
  }

  /** What K concurrent deliveries came to: each report, and how many services were scaled. */
  record Storm(List<Report> reports, int scaled, List<String> audits) {
    long applied() {
      return reports.stream().filter(r -> r.outcome() == Outcome.REMEDIATED).count();
    }

    long blockedBy(String guard) {
      return reports.stream()
          .filter(r -> r.outcome() == Outcome.BLOCKED)
          .filter(r -> r.decisions().getFirst().guards().getLast().line().startsWith(guard))
          .count();
    }

    @Override
    public String toString() {
      return reports.stream()
              .map(r -> r.outcome() + " " + r.decisions().getFirst().guards().getLast())
              .toList()
          + " audits "
          + audits;
    }
  }

  /**
   * Holds each instance's first TransactWriteItems (its opening write) until all K instances have
   * reached theirs, i.e. have all read the ledger's facts; it waits outside the test's one-request-
   * at-a-time lock on moto's DynamoDB.
   */
  static final class ReadsBeforeWrites implements ExecutionInterceptor {
    private final CyclicBarrier allRead;
    private final AtomicBoolean waited = new AtomicBoolean();

    ReadsBeforeWrites(CyclicBarrier allRead) {
      this.allRead = allRead;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if ("TransactWriteItems".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
          && waited.compareAndSet(false, true)) {
        MotoDynamoDbIsolation.outside(
            () -> {
              try {
                allRead.await(60, TimeUnit.SECONDS);
              } catch (Exception e) {
                throw new IllegalStateException("not every instance reached its first write", e);
              }
            });
      }
    }
  }

  /**
   * Counts the transactions all instances made (the opening writes, their retries and the closes).
   */
  static final class Transactions implements ExecutionInterceptor {
    final java.util.concurrent.atomic.AtomicInteger made =
        new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if ("TransactWriteItems"
          .equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
        made.incrementAndGet();
      }
    }
  }

  static Storm run(MotoServer moto, String env, String override, boolean readsBeforeWrites)
      throws Exception {
    try (DemoEnvironment e = new DemoEnvironment(moto.endpoint(), env).seed(2, 512, 1024);
        CborCloudWatch cloudWatch = new CborCloudWatch(metrics(env, K))) {
      for (int i = 0; i < K; i++) {
        e.seedService(svc(i), 2, 512, 1024, true);
        e.seedAlarms(alarm(env, i)); // CloudWatch holds each service's alarm
      }
      if (override != null) {
        e.policyOverride(override);
      }
      Map<String, String> vars = new HashMap<>(e.variables());
      vars.put("AWS_ENDPOINT_URL_CLOUDWATCH", cloudWatch.endpoint());
      if (env.equals(
          "prod")) { // the limits under test are the acting prod's; its policy starts in shadow
        vars.put(
            "POLICY_FILE",
            PolicyFiles.loosened(
                    java.nio.file.Files.createTempDirectory("policy"),
                    "prod",
                    PolicyFiles.EVERY_RUNBOOK_ACTS)
                .toString());
      }
      Config config = Config.from(vars);
      CyclicBarrier allRead = new CyclicBarrier(K);
      Transactions transactions = new Transactions();
      List<AwsClients> clients = new ArrayList<>();
      List<RemediationHandler> handlers = new ArrayList<>();
      for (int i = 0; i < K; i++) {
        AwsClients aws =
            new AwsClients(
                config,
                readsBeforeWrites
                    ? List.of(transactions, new ReadsBeforeWrites(allRead))
                    : List.of(transactions),
                Duration.ofMillis(10));
        clients.add(aws);
        handlers.add(new RemediationHandler(config, aws, Clock.systemUTC()));
      }
      ExecutorService pool = Executors.newFixedThreadPool(K);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Report>> futures = new ArrayList<>();
      for (int i = 0; i < K; i++) {
        RemediationHandler h = handlers.get(i);
        byte[] event = alarm(env, i);
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return h.handle(event);
                }));
      }
      long start = System.nanoTime();
      go.countDown();
      List<Report> reports = new ArrayList<>();
      for (Future<Report> f : futures) {
        reports.add(f.get(2, TimeUnit.MINUTES));
      }
      long wallMs = (System.nanoTime() - start) / 1_000_000;
      pool.shutdown();
      clients.forEach(AwsClients::close);
      int scaled = 0;
      List<String> audits = new ArrayList<>();
      DynamoDbLedger ledger =
          new DynamoDbLedger(e::dynamoDb, e.ledgerTable(), new ActionCodec(Json.MAPPER));
      for (int i = 0; i < K; i++) {
        String service = "tradai-" + svc(i) + "-" + env;
        scaled += e.desiredCount(service) == 3 ? 1 : e.desiredCount(service) == 2 ? 0 : 100;
        ledger.recent(env, Optional.of(service), 10).forEach(a -> audits.add(a.status()));
      }
      assertThat(audits.stream().filter(AuditRecord.APPLIED::equals).count())
          .as("one APPLIED audit per scaled service")
          .isEqualTo(scaled);
      assertThat(audits).as("nothing left PENDING").doesNotContain(AuditRecord.PENDING);
      Storm storm = new Storm(reports, scaled, audits);
      System.out.printf(
          "CONCURRENT env=%s override=%s readsBeforeWrites=%s tried=%d applied=%d blocked=%d "
              + "transactWriteItems=%d wallMs=%d%n",
          env,
          override != null,
          readsBeforeWrites,
          K,
          storm.applied(),
          reports.stream().filter(r -> r.outcome() == Outcome.BLOCKED).count(),
          transactions.made.get(),
          wallMs);
      return storm;
    }
  }

  static String svc(int i) {
    return String.format("svc%02d", i);
  }

  /** The SNS CPU alarm of the backend, turned into the alarm of service i in env. */
  static byte[] alarm(String env, int i) throws Exception {
    String s = svc(i);
    return Resources.text("/events/sns-ecs-cpu-alarm.json")
        .replace("tradai-dev-backend-cpu-high", "tradai-" + env + "-" + s + "-cpu-high")
        .replace("tradai-backend-dev", "tradai-" + s + "-" + env)
        .replace("tradai-dev", "tradai-" + env)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The recorded CPU spike of the backend, once per service of env (svc00 …). */
  static ReplayMetricReader metrics(String env, int services) throws Exception {
    JsonNode spike = Json.MAPPER.readTree(Resources.bytes("/events/metrics/ecs-cpu-high.json"));
    ObjectNode all = Json.MAPPER.createObjectNode();
    ArrayNode series = all.putArray("series");
    for (JsonNode one : spike.path("series")) {
      for (int i = 0; i < services; i++) {
        ObjectNode copy = one.deepCopy();
        ((ObjectNode) copy.get("dimensions"))
            .put("ServiceName", "tradai-" + svc(i) + "-" + env)
            .put("ClusterName", "tradai-" + env);
        series.add(copy);
      }
    }
    return ReplayMetricReader.fromJson(all, "cpu-spike");
  }
}
