package com.tradai.remediation.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.aws.EcsExecutor;
import com.tradai.remediation.aws.ReplayMetricReader;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.config.PolicyLoader;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.guard.GuardContext;
import com.tradai.remediation.guard.Guardrails;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.handler.OperatorHandler;
import com.tradai.remediation.handler.RemediationHandler;
import com.tradai.remediation.handler.Remediator;
import com.tradai.remediation.ports.Executor;
import com.tradai.remediation.runbook.Runbooks;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.MutableClock;
import com.tradai.remediation.testing.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The ledger and the guards end to end: the real handler, the real SDK clients, a real moto_server
 * serving ECS, DynamoDB (the ledger table), SSM (kill switch and policy override) and SNS/SQS.
 * Metrics are replayed from a file (moto cannot serve CloudWatch over CBOR).
 */
@ExtendWith(Moto.class)
class LedgerEndToEndTest {
  private static final String BACKEND = "tradai-backend-dev";
  private static final String SNS = "sns-api-latency-alarm.json";

  @TempDir Path tmp;

  private Map<String, String> vars(DemoEnvironment env, String metrics) throws IOException {
    Path file = tmp.resolve(metrics);
    Files.write(file, Resources.bytes("/events/metrics/" + metrics));
    return env.variables(Map.of("METRICS_REPLAY_FILE", file.toString()));
  }

  private static JsonNode invoke(Map<String, String> vars, Clock clock, byte[] event) {
    return Json.MAPPER.valueToTree(new RemediationHandler(Config.from(vars), clock).handle(event));
  }

  private static JsonNode invoke(Map<String, String> vars, byte[] event) {
    return invoke(vars, Clock.systemUTC(), event);
  }

  /** A person's command, at the operator function (the alarm function refuses it). */
  private static JsonNode operate(Map<String, String> vars, Clock clock, byte[] command) {
    return Json.MAPPER.valueToTree(
        new OperatorHandler(Config.from(vars), clock)
            .handle(
                com.tradai.remediation.testing.OperatorSigning.asOncall(
                    vars, new String(command, java.nio.charset.StandardCharsets.UTF_8))));
  }

  private static JsonNode operate(Map<String, String> vars, byte[] command) {
    return operate(vars, Clock.systemUTC(), command);
  }

  private static byte[] event(String name) {
    return Resources.bytes("/events/" + name);
  }

  /** The SNS alarm with its state-change time moved by a few milliseconds: a new transition. */
  private static byte[] snsTransition(int millis) {
    return Resources.text("/events/" + SNS)
        .replace(
            "\\\"StateChangeTime\\\": \\\"2026-11-27T10:15:00.000",
            "\\\"StateChangeTime\\\": \\\"2026-11-27T10:15:00." + String.format("%03d", millis))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] command(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** {"command": name, field: id} plus "by" when given. */
  private static byte[] command(String name, String field, String id, String by) {
    return command(
        "{\"command\":\""
            + name
            + "\",\""
            + field
            + "\":\""
            + id
            + "\""
            + (by == null ? "" : ",\"by\":\"" + by + "\"")
            + "}");
  }

  private static String lastGuard(JsonNode report) {
    return com.tradai.remediation.testing.Fixtures.lastGuard(report);
  }

  @Test
  void eightConcurrentInvocationsForOneAlarmApplyExactlyOneChange(MotoServer moto)
      throws Exception {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Map<String, String> vars = vars(env, "api-latency-load-spike.json");
      List<RemediationHandler> handlers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        handlers.add(new RemediationHandler(Config.from(vars), Clock.systemUTC()));
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<JsonNode>> futures = new ArrayList<>();
      byte[] alarm = event(SNS);
      for (RemediationHandler h : handlers) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return Json.MAPPER.<JsonNode>valueToTree(h.handle(alarm));
                }));
      }
      go.countDown();
      List<JsonNode> reports = new ArrayList<>();
      for (Future<JsonNode> f : futures) {
        reports.add(f.get(120, TimeUnit.SECONDS));
      }
      pool.shutdown();

      assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
      assertThat(reports)
          .filteredOn(r -> r.path("outcome").asText().equals("REMEDIATED"))
          .hasSize(1);
      List<JsonNode> others =
          reports.stream().filter(r -> !r.path("outcome").asText().equals("REMEDIATED")).toList();
      assertThat(others)
          .hasSize(7)
          .allSatisfy(
              r -> {
                assertThat(r.path("outcome").asText()).isEqualTo("BLOCKED");
                assertThat(r.path("changes")).isEmpty();
                assertThat(lastGuard(r))
                    .matches("^(idempotency: duplicate; transition .*|lock: .*)$");
              });
      JsonNode listed =
          operate(vars, command("{\"command\":\"list-actions\",\"target\":\"" + BACKEND + "\"}"));
      assertThat(listed.path("changes"))
          .filteredOn(c -> c.path("status").asText().equals("APPLIED"))
          .hasSize(1);
    }
  }

  @Test
  void theSameTransitionThroughSnsEventBridgeAndTheAlarmActionActsOnce(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Map<String, String> vars = vars(env, "api-latency-load-spike.json");
      JsonNode sns = invoke(vars, event(SNS));
      JsonNode eventBridge = invoke(vars, event("eventbridge-api-latency-alarm.json"));
      JsonNode direct = invoke(vars, event("alarm-action-api-latency-alarm.json"));

      assertThat(sns.path("outcome").asText()).isEqualTo("REMEDIATED");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
      for (JsonNode again : List.of(eventBridge, direct)) {
        assertThat(again.path("outcome").asText()).isEqualTo("BLOCKED");
        assertThat(lastGuard(again))
            .startsWith(
                "idempotency: duplicate; transition "
                    + "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:tradai-dev-api-latency-high@"
                    + Instant.parse("2026-11-27T10:15:00Z").toEpochMilli()
                    + " was already handled at ")
            .endsWith("(tradai-backend-dev desiredCount 2 → 3 APPLIED)");
      }
      assertThat(eventBridge.path("alarm").path("delivery").asText()).isEqualTo("EVENTBRIDGE");
      assertThat(direct.path("alarm").path("delivery").asText()).isEqualTo("ALARM_ACTION");
      // the duplicates are answered by the claim: the ledger holds the one applied change only
      JsonNode listed = operate(vars, command("{\"command\":\"list-actions\"}"));
      assertThat(listed.path("changes"))
          .singleElement()
          .satisfies(c -> assertThat(c.path("status").asText()).isEqualTo("APPLIED"));
      assertThat(
              direct.path("decisions").get(0).path("auditId").isNull()
                  || direct.path("decisions").get(0).path("auditId").isMissingNode())
          .as("no audit id")
          .isTrue();
    }
  }

  @Test
  void withTheKillSwitchOnNothingChangesAndTheReportSaysWhy(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Map<String, String> vars = vars(env, "api-latency-load-spike.json");
      env.killSwitch("on: incident 4711");
      JsonNode report = invoke(vars, event(SNS));

      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
      assertThat(report.path("outcome").asText()).isEqualTo("BLOCKED");
      assertThat(report.path("changes")).isEmpty();
      assertThat(report.path("summary").asText())
          .isEqualTo(
              "High API Latency: Load spike — "
                  + "tradai-backend-dev desiredCount 2 → 3 BLOCKED (kill switch: engaged (SSM "
                  + "/tradai/dev/remediation/kill-switch = 'on: incident 4711'); nothing is changed until "
                  + "it is turned off)");

      env.killSwitch("off");
      assertThat(invoke(vars, event(SNS)).path("outcome").asText()).isEqualTo("REMEDIATED");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
    }
  }

  @Test
  void approvalEndToEndPendingThenApprovedThenApplied(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Map<String, String> vars = vars(env, "api-latency-load-spike.json");
      env.policyOverride("{\"guards\": {\"approval\": {\"always\": [\"ecs-scale\"]}}}");
      JsonNode pending = invoke(vars, event(SNS));

      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
      JsonNode decision = pending.path("decisions").get(0);
      assertThat(decision.path("verdict").asText()).isEqualTo("NEEDS_APPROVAL");
      String planId = decision.path("planId").asText();
      assertThat(planId).matches("^p-\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{8}$");
      assertThat(pending.path("outcome").asText()).isEqualTo("NEEDS_APPROVAL");
      assertThat(lastGuard(pending))
          .isEqualTo(
              "approval: pending as plan "
                  + planId
                  + " until "
                  + decision.path("approvalExpiresAt").asText());
      assertThat(Instant.parse(decision.path("approvalExpiresAt").asText()))
          .isBetween(Instant.now().plusSeconds(59 * 60), Instant.now().plusSeconds(60 * 60));

      JsonNode approved = operate(vars, command("approve", "planId", planId, "alice"));
      assertThat(approved.path("outcome").asText()).isEqualTo("REMEDIATED");
      assertThat(approved.path("summary").asText())
          .isEqualTo(
              "Plan "
                  + planId
                  + " approved by arn:aws:sts::123456789012:assumed-role/tradai-oncall/alice (note: alice) — tradai-backend-dev 2 → 3 APPLIED");
      assertThat(approved.path("decisions").get(0).path("guards").toString())
          .contains(
              "approval: granted by an operator (ecs-scale always needs an operator's approval in dev)");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(3);

      JsonNode twice = operate(vars, command("approve", "planId", planId, null));
      assertThat(twice.path("outcome").asText()).isEqualTo("REJECTED");
      assertThat(twice.path("rejection").path("message").asText())
          .isEqualTo(
              "plan "
                  + planId
                  + " is already APPROVED (by arn:aws:sts::123456789012:assumed-role/tradai-oncall/alice (note: alice)); nothing was changed");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
    }
  }

  @Test
  void anApprovalAGuardHoldsBackAppliesNothingAndThePlanStaysPending(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Map<String, String> vars = vars(env, "api-latency-load-spike.json");
      env.policyOverride("{\"guards\": {\"approval\": {\"always\": [\"ecs-scale\"]}}}");
      String planId = invoke(vars, event(SNS)).path("decisions").get(0).path("planId").asText();

      env.killSwitch("on");
      JsonNode held = operate(vars, command("approve", "planId", planId, "alice"));
      assertThat(held.path("outcome").asText()).isEqualTo("BLOCKED");
      assertThat(held.path("summary").asText())
          .startsWith(
              "Plan "
                  + planId
                  + " approved by arn:aws:sts::123456789012:assumed-role/tradai-oncall/alice (note: alice) — "
                  + "tradai-backend-dev BLOCKED (kill switch: engaged (SSM /tradai/dev/remediation/kill-switch = 'on')")
          .contains("; nothing was applied, the plan stays pending until ");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);

      env.killSwitch("off");
      assertThat(
              operate(vars, command("approve", "planId", planId, "alice")).path("outcome").asText())
          .isEqualTo("REMEDIATED");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
    }
  }

  @Test
  void anExpiredPlanIsRefusedAndARejectedOneCannotBeApproved(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Map<String, String> vars = vars(env, "api-latency-load-spike.json");
      env.policyOverride(
          "{\"guards\": {\"approval\": {\"always\": [\"ecs-scale\"]}, \"approvalExpiryMinutes\": 30}}");
      MutableClock clock = new MutableClock(Instant.now());
      String planId =
          invoke(vars, clock, event(SNS)).path("decisions").get(0).path("planId").asText();

      clock.advance(Duration.ofMinutes(31));
      JsonNode late = operate(vars, clock, command("approve", "planId", planId, null));
      assertThat(late.path("outcome").asText()).isEqualTo("REJECTED");
      assertThat(late.path("rejection").path("message").asText())
          .startsWith("plan " + planId + " expired at ")
          .endsWith("; nothing was changed (a new alarm transition plans afresh)");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);

      String second =
          invoke(vars, clock, snsTransition(1)).path("decisions").get(0).path("planId").asText();
      JsonNode rejected = operate(vars, clock, command("reject", "planId", second, "bob"));
      assertThat(rejected.path("summary").asText())
          .isEqualTo(
              "Plan "
                  + second
                  + " rejected by arn:aws:sts::123456789012:assumed-role/tradai-oncall/alice (note: bob); nothing was changed");
      JsonNode after = operate(vars, clock, command("approve", "planId", second, null));
      assertThat(after.path("rejection").path("message").asText())
          .isEqualTo(
              "plan "
                  + second
                  + " is already REJECTED (by arn:aws:sts::123456789012:assumed-role/tradai-oncall/alice (note: bob)); nothing was changed");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
    }
  }

  @Test
  void rollbackRestoresTheEarlierDesiredCountOnceAndIsAudited(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Map<String, String> vars = vars(env, "api-latency-load-spike.json");
      String auditId = invoke(vars, event(SNS)).path("changes").get(0).path("auditId").asText();
      assertThat(env.desiredCount(BACKEND)).isEqualTo(3);

      JsonNode rollback = operate(vars, command("rollback", "auditId", auditId, "alice"));
      assertThat(rollback.path("outcome").asText()).isEqualTo("REMEDIATED");
      assertThat(rollback.path("summary").asText())
          .isEqualTo(
              "Rollback of "
                  + auditId
                  + " (desiredCount 2 → 3) by arn:aws:sts::123456789012:assumed-role/tradai-oncall/alice (note: alice) — tradai-backend-dev 3 → 2 APPLIED");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);

      JsonNode again = operate(vars, command("rollback", "auditId", auditId, null));
      assertThat(again.path("outcome").asText()).isEqualTo("BLOCKED");
      assertThat(lastGuard(again))
          .startsWith("idempotency: duplicate; transition rollback:" + auditId);
      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);

      // the duplicate rollback is answered by its claim and leaves no audit record
      JsonNode listed = operate(vars, command("{\"command\":\"list-actions\",\"limit\":10}"));
      assertThat(listed.path("changes")).hasSize(2);
      JsonNode newestApplied = listed.path("changes").get(0);
      assertThat(newestApplied.path("status").asText()).isEqualTo("APPLIED");
      assertThat(newestApplied.path("before").asInt()).isEqualTo(3);
      assertThat(newestApplied.path("after").asInt()).isEqualTo(2);
      assertThat(newestApplied.path("detail").asText())
          .contains("ROLLBACK rollback rollback of " + auditId);
      assertThat(listed.path("changes").get(1).path("auditId").asText()).isEqualTo(auditId);
    }
  }

  @Test
  void rollbackRestoresTheEarlierTaskMemory(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Map<String, String> vars = vars(env, "api-latency-memory-pressure.json");
      JsonNode raised = invoke(vars, event("eventbridge-api-latency-alarm.json"));
      assertThat(raised.path("cause").asText()).isEqualTo("Memory pressure");
      assertThat(memoryOfService(env)).isEqualTo("2048");

      JsonNode rollback =
          operate(
              vars,
              command(
                  "{\"command\":\"rollback\",\"auditId\":\""
                      + raised.path("changes").get(0).path("auditId").asText()
                      + "\"}"));
      assertThat(rollback.path("outcome").asText()).isEqualTo("REMEDIATED");
      assertThat(memoryOfService(env)).isEqualTo("1024");
    }
  }

  private static String memoryOfService(DemoEnvironment env) {
    Service svc =
        env.ecs()
            .describeServices(b -> b.cluster("tradai-dev").services(BACKEND))
            .services()
            .getFirst();
    return env.ecs()
        .describeTaskDefinition(b -> b.taskDefinition(svc.taskDefinition()))
        .taskDefinition()
        .memory();
  }

  @Test
  void theCircuitBreakerTripsStaysOpenAndResets(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      // no cooldown, so one service can be fixed again and again: looser than dev, so a policy file
      Map<String, String> vars = new java.util.HashMap<>(vars(env, "api-latency-load-spike.json"));
      vars.put(
          "POLICY_FILE",
          com.tradai.remediation.testing.PolicyFiles.loosened(
                  tmp, "dev", "{\"guards\": {\"cooldownMinutes\": {\"ecs-scale\": 0}}}")
              .toString());
      env.policyOverride(
          "{\"guards\": {\"circuitBreaker\": {\"maxActions\": 2}, "
              + "\"cooldownMinutes\": {\"ecs-scale\": 0}}}");
      assertThat(invoke(vars, snsTransition(1)).path("outcome").asText()).isEqualTo("REMEDIATED");
      assertThat(invoke(vars, snsTransition(2)).path("outcome").asText()).isEqualTo("REMEDIATED");
      JsonNode tripped = invoke(vars, snsTransition(3));
      assertThat(tripped.path("outcome").asText()).isEqualTo("BLOCKED");
      assertThat(lastGuard(tripped))
          .isEqualTo(
              "circuit breaker: open (2 fixes in 60 min (max 2)); "
                  + "no fix runs in dev until an operator resets it");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(4);
      var breaker =
          env.dynamoDb()
              .getItem(
                  b ->
                      b.tableName(env.ledgerTable())
                          .key(Map.of("pk", av("AUDIT#dev"), "sk", av("~BREAKER"))))
              .item();
      assertThat(breaker.get("open").bool()).isTrue();

      env.policyOverride(
          "{\"guards\": {\"circuitBreaker\": {\"maxActions\": 20}, "
              + "\"cooldownMinutes\": {\"ecs-scale\": 0}}}");
      JsonNode stillOpen = invoke(vars, snsTransition(4));
      assertThat(lastGuard(stillOpen))
          .startsWith("circuit breaker: open (2 fixes in 60 min (max 2), since ");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(4);

      JsonNode reset = operate(vars, command("{\"command\":\"reset-breaker\",\"by\":\"alice\"}"));
      assertThat(reset.path("summary").asText())
          .startsWith(
              "Circuit breaker in dev reset by arn:aws:sts::123456789012:assumed-role/tradai-oncall/alice (note: alice) at ");
      env.policyOverride(
          "{\"guards\": {\"circuitBreaker\": {\"maxActions\": 2}, "
              + "\"cooldownMinutes\": {\"ecs-scale\": 0}}}");
      assertThat(invoke(vars, snsTransition(5)).path("outcome").asText()).isEqualTo("REMEDIATED");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(5);
    }
  }

  private static software.amazon.awssdk.services.dynamodb.model.AttributeValue av(String s) {
    return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(s);
  }

  /** Stands for the invocation dying (out of memory, killed) between "lock taken" and "applied". */
  private static final class Crash extends Error {
    private static final long serialVersionUID = 1L;

    Crash() {
      super("simulated crash between lock and apply");
    }
  }

  /** An executor whose process dies (the error) as it starts to apply. */
  private static Executor dyingWith(java.util.function.Supplier<Error> death) {
    return new Executor() {
      public boolean supports(Action action) {
        return true;
      }

      public Applied apply(Action action) {
        throw death.get();
      }
    };
  }

  /** The shell with a chosen executor and ledger, as RemediationHandler composes it otherwise. */
  static Remediator shell(
      Map<String, String> vars, AwsClients aws, Ledger ledger, Executor executor, Clock clock) {
    Config config = Config.from(vars);
    return new Remediator(
        config,
        Runbooks.standard(),
        () -> new PolicyLoader(Json.MAPPER).forEnvironment("dev"),
        ReplayMetricReader.fromFile(Path.of(vars.get("METRICS_REPLAY_FILE")), Json.MAPPER),
        List.of(new EcsExecutor(aws::ecs)),
        new GuardedExecutor(
            "tradai",
            "dev",
            Optional.of(ledger),
            Guardrails.standard(),
            List.of(executor),
            Optional::empty,
            clock),
        Optional.empty(),
        clock);
  }

  /**
   * Stands for the process being killed: after the opening write, nothing more reaches the ledger.
   */
  private static final class Killed extends Error {
    private static final long serialVersionUID = 1L;

    Killed() {
      super("killed");
    }
  }

  /**
   * The ledger as a killed invocation leaves it: every call after {@code open} dies with the
   * process.
   */
  private static Ledger killedAfterOpening(Ledger real) {
    boolean[] opened = {false};
    return (Ledger)
        java.lang.reflect.Proxy.newProxyInstance(
            Ledger.class.getClassLoader(),
            new Class<?>[] {Ledger.class},
            (proxy, method, args) -> {
              if (opened[0]) {
                throw new Killed();
              }
              try {
                return method.invoke(real, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              } finally {
                opened[0] = method.getName().equals("open");
              }
            });
  }

  /**
   * Runs the alarm through a shell killed after its opening write; returns the audit record it left
   * PENDING, after checking its marker is there and what ECS shows.
   */
  private static AuditRecord killedRun(
      DemoEnvironment env,
      Map<String, String> vars,
      AwsClients aws,
      Ledger ledger,
      Executor executor,
      Clock clock,
      int desiredAfter) {
    Remediator killed = shell(vars, aws, killedAfterOpening(ledger), executor, clock);
    assertThatThrownBy(() -> killed.handle(event(SNS))).isInstanceOf(Killed.class);
    assertThat(env.desiredCount(BACKEND)).isEqualTo(desiredAfter);
    AuditRecord pending = ledger.recent("dev", Optional.of(BACKEND), 10).getFirst();
    assertThat(pending.status()).isEqualTo("PENDING");
    assertThat(pendingMarkers(env, aws)).containsExactly(PendingAudits.PREFIX + pending.auditId());
    return pending;
  }

  /**
   * The record is settled as {@code status} with {@code detail}, and the report's first guard says
   * so.
   */
  private static void assertSettled(
      Ledger ledger,
      AuditRecord pending,
      JsonNode report,
      String status,
      String detail,
      String found) {
    assertThat(ledger.audit("dev", pending.auditId()))
        .get()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(status);
              assertThat(r.detail()).isEqualTo(detail);
            });
    assertThat(report.path("decisions").get(0).path("guards").get(0).asText())
        .isEqualTo(
            "pending audit "
                + pending.auditId()
                + " settled: found "
                + found
                + " ("
                + status
                + ")");
  }

  private static List<String> pendingMarkers(DemoEnvironment env, AwsClients aws) {
    return aws
        .dynamoDb()
        .query(
            b ->
                b.tableName(env.ledgerTable())
                    .consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                    .expressionAttributeValues(
                        Map.of(":pk", av("AUDIT#dev"), ":p", av(PendingAudits.PREFIX))))
        .items()
        .stream()
        .map(i -> i.get("sk").s())
        .toList();
  }

  @Test
  void aRunKilledAfterItsChangeReachedAwsIsSettledAppliedByTheNextRunThatTakesTheLock(
      MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Map<String, String> vars = vars(env, "api-latency-load-spike.json");
      MutableClock clock = new MutableClock(Instant.now());
      try (AwsClients aws = new AwsClients(Config.from(vars))) {
        Ledger ledger =
            new DynamoDbLedger(aws::dynamoDb, env.ledgerTable(), new ActionCodec(Json.MAPPER));
        AuditRecord pending =
            killedRun(env, vars, aws, ledger, new EcsExecutor(aws::ecs), clock, 3);

        // the lock (300 s) outlives dev's 5-minute cooldown by default: a 10-minute one still holds
        env.policyOverride("{\"guards\": {\"cooldownMinutes\": {\"ecs-scale\": 10}}}");
        clock.advance(Duration.ofSeconds(301));
        JsonNode next = invoke(vars, clock, event(SNS));

        assertSettled(
            ledger,
            pending,
            next,
            "APPLIED",
            "settled by tradai-dev-api-latency-high at "
                + clock.instant()
                + ": found desiredCount 3",
            "desiredCount 3");
        assertThat(next.path("outcome").asText())
            .as("the settled change counts for the cooldown")
            .isEqualTo("BLOCKED");
        assertThat(lastGuard(next)).startsWith("cooldown: ");
        assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
        assertThat(pendingMarkers(env, aws)).isEmpty();
      }
    }
  }

  @Test
  void aRunKilledBeforeItsChangeReachedAwsIsSettledFailedAndTheNextRunApplies(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Map<String, String> vars = vars(env, "api-latency-load-spike.json");
      MutableClock clock = new MutableClock(Instant.now());
      try (AwsClients aws = new AwsClients(Config.from(vars))) {
        Ledger ledger =
            new DynamoDbLedger(aws::dynamoDb, env.ledgerTable(), new ActionCodec(Json.MAPPER));
        AuditRecord pending = killedRun(env, vars, aws, ledger, dyingWith(Killed::new), clock, 2);

        clock.advance(Duration.ofSeconds(10));
        JsonNode whileLocked = invoke(vars, clock, snsTransition(1));
        assertThat(lastGuard(whileLocked)).startsWith("lock: ");
        assertThat(ledger.audit("dev", pending.auditId()))
            .get()
            .satisfies(
                r ->
                    assertThat(r.status())
                        .as("only the lock's holder settles")
                        .isEqualTo("PENDING"));

        clock.advance(Duration.ofSeconds(300));
        JsonNode next = invoke(vars, clock, event(SNS));

        assertSettled(
            ledger,
            pending,
            next,
            "FAILED",
            "not applied; settled by "
                + "tradai-dev-api-latency-high at "
                + clock.instant()
                + ": found desiredCount 2",
            "desiredCount 2");
        assertThat(next.path("outcome").asText()).isEqualTo("REMEDIATED");
        assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
        assertThat(pendingMarkers(env, aws))
            .as("the settling run's own marker went with its close")
            .isEmpty();
      }
    }
  }

  @Test
  void theOneWriteClaimAndCloseAreAllOrNothingOnMoto(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024);
        AwsClients aws = new AwsClients(Config.from(vars(env, "api-latency-load-spike.json")))) {
      DynamoDbLedger ledger =
          new DynamoDbLedger(aws::dynamoDb, env.ledgerTable(), new ActionCodec(Json.MAPPER));
      Instant now = Instant.now();
      Duration ttl = Duration.ofMinutes(5);
      Action scale = new Action.ScaleEcsService("tradai-dev", BACKEND, 2, 3);
      AuditRecord pending =
          new AuditRecord(
              DynamoDbLedger.newAuditId(now),
              "dev",
              now,
              "k1",
              "alarm",
              "api-latency",
              "ALARM",
              null,
              null,
              scale,
              "ALLOWED",
              List.of(),
              AuditRecord.PENDING,
              null,
              null);
      assertThat(ledger.lock(BACKEND, "other", "another alarm", now, ttl)).isEmpty();

      assertThat(
              ledger.begin("k1", "me", List.of(BACKEND), "alarm", now, ttl, Optional.of(pending)))
          .as("refused: the lock is held")
          .isFalse();
      assertThat(ledger.audit("dev", pending.auditId()))
          .as("no PENDING record was written")
          .isEmpty();
      assertThat(ledger.claimIdempotency("k1", "probe", now, ttl))
          .as("no claim was written")
          .isEmpty();

      ledger.unlock(BACKEND, "other");
      assertThat(
              ledger.begin("k2", "me", List.of(BACKEND), "alarm", now, ttl, Optional.of(pending)))
          .isTrue();
      assertThat(ledger.audit("dev", pending.auditId()).orElseThrow().status())
          .isEqualTo(AuditRecord.PENDING);
      assertThat(ledger.claimIdempotency("k2", "probe", now, ttl)).isPresent();
      assertThat(ledger.lock(BACKEND, "probe", "probe", now, ttl)).isPresent();

      List<Ledger.Applied> applied =
          List.of(new Ledger.Applied(pending.auditId(), scale, "scaled"));
      assertThat(
              ledger.end(
                  "dev", applied, List.of(BACKEND), "not-me", Optional.of("k2"), "done", now, ttl))
          .as("refused: another owner cannot close it")
          .isFalse();
      assertThat(ledger.audit("dev", pending.auditId()).orElseThrow().status())
          .isEqualTo(AuditRecord.PENDING);
      assertThat(
              ledger.end(
                  "dev", applied, List.of(BACKEND), "me", Optional.of("k2"), "done", now, ttl))
          .isTrue();
      assertThat(ledger.audit("dev", pending.auditId()).orElseThrow().status())
          .isEqualTo(AuditRecord.APPLIED);
      assertThat(ledger.lockExpiry(BACKEND)).as("unlocked").isEmpty();
      assertThat(ledger.claimIdempotency("k2", "probe", now, ttl))
          .hasValueSatisfying(
              held -> assertThat(held).contains("already handled").contains("(done)"));
      assertThat(
              ledger
                  .facts(
                      "dev",
                      "api-latency",
                      List.of(scale),
                      Duration.ofHours(1),
                      Duration.ofHours(1),
                      now.plusSeconds(1))
                  .lastApplied())
          .containsKey(GuardContext.Facts.key(scale.kind(), BACKEND));
    }
  }

  @Test
  void whenTheAuditRecordCannotBeWrittenNothingIsApplied_auditWriteFailsAtTheLedgerPort(
      MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Map<String, String> vars = vars(env, "api-latency-load-spike.json");
      try (AwsClients aws = new AwsClients(Config.from(vars))) {
        Ledger real =
            new DynamoDbLedger(aws::dynamoDb, env.ledgerTable(), new ActionCodec(Json.MAPPER));
        // refuse the one-write claim, so the PENDING record goes through putAttempt
        Ledger auditFails =
            withOpenRefused(
                real,
                () -> {
                  throw new IllegalStateException("ledger unavailable");
                });
        JsonNode report =
            Json.MAPPER.valueToTree(
                shell(vars, aws, auditFails, new EcsExecutor(aws::ecs), Clock.systemUTC())
                    .handle(event(SNS)));

        assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
        assertThat(report.path("outcome").asText()).isEqualTo("FAILED");
        assertThat(report.path("changes").get(0).path("detail").asText())
            .isEqualTo("not applied: the audit record could not be written (ledger unavailable)");
        assertThat(real.lockExpiry(BACKEND)).as("the lock was released").isEmpty();
      }
    }
  }

  /**
   * The real ledger, but its one-write claim is refused and an attempt's write answers {@code
   * putAttempt}.
   */
  static Ledger withOpenRefused(
      Ledger real, java.util.function.Supplier<Ledger.Opening> putAttempt) {
    return (Ledger)
        java.lang.reflect.Proxy.newProxyInstance(
            Ledger.class.getClassLoader(),
            new Class<?>[] {Ledger.class},
            (proxy, method, args) -> {
              if (method.getName().equals("open")) {
                return Ledger.Opening.REFUSED;
              }
              if (method.getName().equals("putAttempt")) {
                return putAttempt.get();
              }
              try {
                return method.invoke(real, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void aChangeWhosePendingRecordFindsTheRateLimitFullIsBlockedNamingIt(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Map<String, String> vars = vars(env, "api-latency-load-spike.json");
      try (AwsClients aws = new AwsClients(Config.from(vars))) {
        Ledger real =
            new DynamoDbLedger(aws::dynamoDb, env.ledgerTable(), new ActionCodec(Json.MAPPER));
        // the one-write claim is refused, so the PENDING record is written on its own, and by then
        // concurrent attempts have taken every rate-limit slot
        Ledger slotsTaken = withOpenRefused(real, () -> Ledger.Opening.RATE_LIMIT_FULL);
        JsonNode report =
            Json.MAPPER.valueToTree(
                shell(vars, aws, slotsTaken, new EcsExecutor(aws::ecs), Clock.systemUTC())
                    .handle(event(SNS)));

        assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
        assertThat(report.path("outcome").asText()).isEqualTo("BLOCKED");
        JsonNode guards = report.path("decisions").get(0).path("guards");
        assertThat(guards.get(guards.size() - 1).asText())
            .isEqualTo("rate limit: api-latency acted 6 times in dev in the last 60 min (max 6)");
        assertThat(report.path("changes")).isEmpty();
        assertThat(real.recent("dev", Optional.of(BACKEND), 5))
            .singleElement()
            .satisfies(a -> assertThat(a.status()).isEqualTo("BLOCKED"));
        assertThat(real.lockExpiry(BACKEND)).as("the lock was released").isEmpty();
      }
    }
  }

  @Test
  void aCrashBetweenLockAndApplyLeavesAFailedAuditAndALockThatExpires(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Map<String, String> vars = vars(env, "api-latency-load-spike.json");
      MutableClock clock = new MutableClock(Instant.now());
      try (AwsClients aws = new AwsClients(Config.from(vars))) {
        Ledger ledger =
            new DynamoDbLedger(aws::dynamoDb, env.ledgerTable(), new ActionCodec(Json.MAPPER));
        Executor crashing = dyingWith(Crash::new);
        Remediator crashingShell = shell(vars, aws, ledger, crashing, clock);
        assertThatThrownBy(() -> crashingShell.handle(event(SNS))).isInstanceOf(Crash.class);

        assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
        List<AuditRecord> audit = ledger.recent("dev", Optional.of(BACKEND), 10);
        assertThat(audit)
            .singleElement()
            .satisfies(
                r -> {
                  assertThat(r.status()).isEqualTo("FAILED");
                  assertThat(r.error())
                      .isEqualTo(
                          "the invocation crashed while applying: simulated crash between lock and apply");
                  assertThat(r.action())
                      .isEqualTo(new Action.ScaleEcsService("tradai-dev", BACKEND, 2, 3));
                });
        Instant lockedUntil = ledger.lockExpiry(BACKEND).orElseThrow();
        assertThat(lockedUntil)
            .isEqualTo(Instant.ofEpochSecond(clock.instant().plusSeconds(300).getEpochSecond()));

        clock.advance(Duration.ofSeconds(10));
        JsonNode redelivered = invoke(vars, clock, event(SNS));
        assertThat(lastGuard(redelivered))
            .startsWith("idempotency: duplicate; transition ")
            .contains(" is being handled by another invocation since ");
        JsonNode otherAlarm = invoke(vars, clock, snsTransition(1));
        assertThat(lastGuard(otherAlarm))
            .isEqualTo(
                "lock: tradai-backend-dev is locked by another "
                    + "invocation (tradai-dev-api-latency-high) until "
                    + lockedUntil);
        assertThat(env.desiredCount(BACKEND)).isEqualTo(2);

        clock.advance(Duration.ofSeconds(300));
        JsonNode afterExpiry = invoke(vars, clock, event(SNS));
        assertThat(afterExpiry.path("outcome").asText()).isEqualTo("REMEDIATED");
        assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
      }
    }
  }
}
