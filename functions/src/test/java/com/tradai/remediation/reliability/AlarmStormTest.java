package com.tradai.remediation.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.handler.RemediationHandler;
import com.tradai.remediation.ledger.ActionCodec;
import com.tradai.remediation.ledger.AuditRecord;
import com.tradai.remediation.ledger.DynamoDbLedger;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.testing.CborCloudWatch;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.Resources;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The alarm storm: N ECS services (tradai-svc00-dev …) on moto each raise a CPU alarm, and every
 * alarm is delivered 20 times — through SNS, EventBridge and the direct alarm action, with the same
 * ARN and state-change time, plus redeliveries — 20 N deliveries in a seeded shuffle, on 4 threads
 * (4 handler instances, like 4 Lambda containers), through the real handler: ECS, SSM, DynamoDB
 * (the ledger), SQS and SNS on moto, CloudWatch through the CBOR double. With faults, every attempt
 * of every call is throttled with probability 10% (seeded) at the SDK boundary. A policy file
 * (POLICY_FILE: the SSM override may only tighten) raises the rate limit and the breaker above 50
 * so every resource is eligible (their own behaviour is tested in LedgerEndToEndTest).
 * AWS_MAX_ATTEMPTS is 5 here, so a call fails for good with probability 1e-5 (at 3 it is 1e-3 per
 * call: at that rate a lost claim or apply would leave about one storm in seven one fix short,
 * reported FAILED, which is correct but not what this test measures); the backoff base is 10 ms.
 */
@ExtendWith(Moto.class)
class AlarmStormTest {
  /**
   * 50 services (1,000 deliveries) is the full storm: {@code ./run storm} runs it, with and without
   * faults (RELIABILITY.md has its figures). The suite runs 10 services (200 deliveries) with both
   * rates to keep CI fast; the cost per delivery does not grow with the storm (the guards' facts
   * read one marker per attempt, not the audit records, and a duplicate writes no audit record).
   */
  static final int SERVICES = Integer.getInteger("storm.services", 10);

  static final int PER_ALARM = 20;
  static final int THREADS = 4;

  static String svc(int i) {
    return String.format("svc%02d", i);
  }

  static java.util.stream.Stream<Double> rates() {
    return java.util.Arrays.stream(System.getProperty("storm.rates", "0,0.10").split(","))
        .map(Double::valueOf);
  }

  @ParameterizedTest(
      name =
          "20 deliveries per service for each service with {0} throttling per attempt: "
              + "one action per service, as many with faults as without")
  @org.junit.jupiter.params.provider.MethodSource("rates")
  void everyDeliveryIsAccountedForAndEachServiceScalesOnce(double rate, MotoServer moto)
      throws Exception {
    Storm storm =
        storm(
            moto,
            "dev",
            "{\"guards\": {\"rateLimit\": {\"max\": 100, \"windowMinutes\": 60},"
                + " \"circuitBreaker\": {\"maxFailures\": 1000, \"maxActions\": 100, \"windowMinutes\": 60}}}",
            rate,
            PER_ALARM);
    Map<String, Integer> counts = storm.counts();
    assertThat(counts.values().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(SERVICES * PER_ALARM);
    assertThat(counts.keySet()).isSubsetOf("applied", "duplicate", "blocked", "failed");
    // one action per eligible resource, as without faults, and none twice
    assertThat(counts.get("applied")).isEqualTo(SERVICES);
    assertThat(storm.desired()).as("each service went from 2 to 3 exactly once").containsOnly(3);
    // one audit record per service, APPLIED: the duplicates are answered by the claim, not audited
    assertThat(storm.audits())
        .hasSize(SERVICES)
        .allMatch(a -> AuditRecord.APPLIED.equals(a.status()));
    if (rate > 0) {
      assertThat(storm.injected()).isGreaterThan(SERVICES * 10);
    }
  }

  /**
   * The storm under the real prod policy with its runbooks acting (the committed file starts them
   * in shadow; the limits under test are the acting ones: 3 fixes per runbook per 60 min, 8 per
   * environment), 4 deliveries per alarm to keep it cheap: exactly 3 services scaled, the first
   * handling of every other alarm BLOCKED by the rate limit, every other delivery a duplicate.
   */
  @org.junit.jupiter.api.Test
  void underTheProdPolicyTheStormScalesExactlyTheRateLimit(MotoServer moto) throws Exception {
    Storm storm =
        storm(moto, "prod", com.tradai.remediation.testing.PolicyFiles.EVERY_RUNBOOK_ACTS, 0, 4);
    Map<String, Integer> detail = storm.detail();
    assertThat(storm.counts())
        .as(detail.toString())
        .containsEntry("applied", 3)
        .containsEntry("blocked", SERVICES - 3)
        .containsEntry("duplicate", SERVICES * 4 - SERVICES)
        .doesNotContainKey("failed");
    assertThat(detail)
        .as("every blocked one names the rate limit")
        .containsEntry("blocked rate limit: ecs-service acted 3 times in", SERVICES - 3);
    assertThat(storm.desired())
        .as("3 services went from 2 to 3, the others stayed at 2")
        .containsOnly(2, 3)
        .filteredOn(d -> d == 3)
        .hasSize(3);
    assertThat(storm.audits()).filteredOn(a -> AuditRecord.APPLIED.equals(a.status())).hasSize(3);
    assertThat(storm.audits()).filteredOn(a -> "BLOCKED".equals(a.status())).hasSize(SERVICES - 3);
  }

  /**
   * What a storm came to: deliveries per class and per class with its guard, desired counts,
   * audits.
   */
  record Storm(
      Map<String, Integer> counts,
      Map<String, Integer> detail,
      List<Integer> desired,
      List<AuditRecord> audits,
      int injected) {}

  /**
   * @param loosened fields changed in the bundled policy, given to the function as its POLICY_FILE
   *     (the SSM override may only tighten), or null for the bundled policy as it is
   */
  static Storm storm(MotoServer moto, String envName, String loosened, double rate, int perAlarm)
      throws Exception {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), envName).seed(2, 512, 1024);
        CborCloudWatch cloudWatch =
            new CborCloudWatch(ConcurrentGuardsTest.metrics(envName, SERVICES))) {
      for (int i = 0; i < SERVICES; i++) {
        env.seedService(svc(i), 2, 512, 1024, true);
        env.seedAlarms(
            ConcurrentGuardsTest.alarm(envName, i)); // CloudWatch holds each service's alarm
      }
      Map<String, String> vars = new HashMap<>(env.variables());
      if (loosened != null) {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("storm-policy");
        vars.put(
            "POLICY_FILE",
            com.tradai.remediation.testing.PolicyFiles.loosened(dir, envName, loosened).toString());
      }
      vars.put("AWS_ENDPOINT_URL_CLOUDWATCH", cloudWatch.endpoint());
      vars.put("AWS_MAX_ATTEMPTS", "5");
      Config config = Config.from(vars);
      FaultInjector faults = FaultInjector.random(rate, 20261127L, FaultInjector.Kind.THROTTLE);
      // one handler per pool thread: a Lambda container handles one event at a time
      ThreadLocal<RemediationHandler> handlers =
          ThreadLocal.withInitial(
              () ->
                  new RemediationHandler(
                      config,
                      new AwsClients(config, List.of(faults), Duration.ofMillis(10)),
                      Clock.systemUTC()));
      List<byte[]> deliveries = deliveries(new Random(42), envName, perAlarm);

      String load = loadAverage();
      long start = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<String>> results = new ArrayList<>();
      java.util.Queue<Long> finished = new java.util.concurrent.ConcurrentLinkedQueue<>();
      for (int d = 0; d < deliveries.size(); d++) {
        byte[] event = deliveries.get(d);
        results.add(
            pool.submit(
                () -> {
                  String c = classify(handlers.get(), event);
                  finished.add(System.nanoTime());
                  return c;
                }));
      }
      Map<String, Integer> counts = new TreeMap<>();
      Map<String, Integer> detail = new TreeMap<>();
      for (Future<String> f : results) {
        String c = f.get(5, TimeUnit.MINUTES);
        counts.merge(c.substring(0, c.indexOf(' ')), 1, Integer::sum);
        detail.merge(c, 1, Integer::sum);
      }
      pool.shutdown();
      long wallMs = (System.nanoTime() - start) / 1_000_000;

      DynamoDbLedger ledger =
          new DynamoDbLedger(env::dynamoDb, env.ledgerTable(), new ActionCodec(Json.MAPPER));
      List<Integer> desired = new ArrayList<>();
      List<AuditRecord> audits = new ArrayList<>();
      for (int i = 0; i < SERVICES; i++) {
        String service = "tradai-" + svc(i) + "-" + envName;
        desired.add(env.desiredCount(service));
        audits.addAll(ledger.recent(envName, Optional.of(service), 50));
      }
      System.out.printf(
          "STORM env=%s services=%d rate=%.2f deliveries=%d applied=%d duplicate=%d blocked=%d "
              + "failed=%d wallMs=%d perSecond=%.1f quartersMs=%s threads=%d cores=%d load=%s attempts=%d "
              + "injected=%d detail=%s%n",
          envName,
          SERVICES,
          rate,
          deliveries.size(),
          counts.getOrDefault("applied", 0),
          counts.getOrDefault("duplicate", 0),
          counts.getOrDefault("blocked", 0),
          counts.getOrDefault("failed", 0),
          wallMs,
          deliveries.size() * 1000.0 / wallMs,
          quarters(start, finished),
          THREADS,
          Runtime.getRuntime().availableProcessors(),
          load,
          faults.attemptsTotal(),
          faults.injectedTotal(),
          detail);
      return new Storm(counts, detail, desired, audits, faults.injectedTotal());
    }
  }

  /**
   * How long each quarter of the deliveries took to finish, in completion order: equal quarters
   * mean the cost per delivery does not grow with the storm.
   */
  static List<Long> quarters(long start, java.util.Collection<Long> finished) {
    List<Long> times = finished.stream().sorted().toList();
    List<Long> out = new ArrayList<>();
    long from = start;
    for (int q = 1; q <= 4; q++) {
      long to = times.get(q * times.size() / 4 - 1);
      out.add((to - from) / 1_000_000);
      from = to;
    }
    return out;
  }

  /** The 1-minute load average when the storm starts (Linux), for the figures. */
  static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException | RuntimeException e) {
      return "?";
    }
  }

  /**
   * "applied …", "duplicate …", "blocked …" or "failed …", with the outcome or guard that says so.
   */
  static String classify(RemediationHandler handler, byte[] event) {
    Report r;
    try {
      r = handler.handle(event);
    } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
      return "failed threw " + e.getClass().getSimpleName() + " " + e.awsErrorDetails().errorCode();
    } catch (RuntimeException e) {
      return "failed threw " + e.getClass().getSimpleName();
    }
    return switch (r.outcome()) {
      case REMEDIATED -> "applied REMEDIATED";
      case FAILED -> "failed FAILED";
      case BLOCKED -> {
        String guard = r.decisions().getFirst().guards().getLast().line();
        yield guard.startsWith("idempotency: duplicate") || guard.startsWith("lock:")
            ? "duplicate " + guard.substring(0, guard.indexOf(':'))
            : "blocked " + guard.substring(0, Math.min(guard.length(), 40));
      }
      default -> "blocked " + r.outcome();
    };
  }

  /** 20 deliveries per alarm: SNS, EventBridge and alarm action in turn, shuffled with a seed. */
  static List<byte[]> deliveries(Random random) throws Exception {
    return deliveries(random, "dev", PER_ALARM);
  }

  /**
   * {@code perAlarm} deliveries of each service's CPU alarm in {@code env}, shuffled with a seed.
   */
  static List<byte[]> deliveries(Random random, String env, int perAlarm) throws Exception {
    String sns = Resources.text("/events/sns-ecs-cpu-alarm.json");
    JsonNode eventBridge =
        Json.MAPPER.readTree(Resources.bytes("/events/eventbridge-api-latency-alarm.json"));
    JsonNode action =
        Json.MAPPER.readTree(Resources.bytes("/events/alarm-action-api-latency-alarm.json"));
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < SERVICES; i++) {
      String s = svc(i);
      String alarm = "tradai-" + env + "-" + s + "-cpu-high";
      String arn = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:" + alarm;
      byte[][] shapes = {
        sns.replace("tradai-dev-backend-cpu-high", alarm)
            .replace("tradai-backend-dev", "tradai-" + s + "-" + env)
            .replace("tradai-dev", "tradai-" + env)
            .getBytes(StandardCharsets.UTF_8),
        Json.MAPPER.writeValueAsBytes(ecsCpu(eventBridge.deepCopy(), "detail", env, s, alarm, arn)),
        Json.MAPPER.writeValueAsBytes(ecsCpu(action.deepCopy(), "alarmData", env, s, alarm, arn))
      };
      for (int d = 0; d < perAlarm; d++) {
        out.add(shapes[d % 3]);
      }
    }
    Collections.shuffle(out, random);
    return out;
  }

  /**
   * The latency sample turned into the CPU alarm of one service (same ARN and time as the SNS one).
   */
  private static JsonNode ecsCpu(
      JsonNode event, String body, String env, String s, String alarm, String arn) {
    ObjectNode root = (ObjectNode) event;
    if (root.has("resources")) {
      ((ArrayNode) root.get("resources")).removeAll().add(arn);
    } else {
      root.put("alarmArn", arn);
    }
    ObjectNode b = (ObjectNode) root.get(body);
    b.put("alarmName", alarm);
    ObjectNode stat =
        (ObjectNode) b.path("configuration").path("metrics").get(0).path("metricStat");
    stat.put("stat", "Average");
    ObjectNode metric = stat.putObject("metric");
    metric.put("namespace", "AWS/ECS").put("name", "CPUUtilization");
    metric
        .putObject("dimensions")
        .put("ClusterName", "tradai-" + env)
        .put("ServiceName", "tradai-" + s + "-" + env);
    ((ObjectNode) b.get("state"))
        .put(
            "reasonData",
            "{\"version\": \"1.0\", \"statistic\": \"Average\", "
                + "\"period\": 60, \"recentDatapoints\": [93.0, 91.4, 92.1], \"threshold\": 80.0}");
    return root;
  }
}
