package com.tradai.remediation.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.LocalContext;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.ReportSchema;
import com.tradai.remediation.testing.Resources;
import com.tradai.remediation.testing.ScriptedHttp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Every runbook's sample event through the real handler and SDK clients against a real moto_server,
 * metrics replayed from events/metrics. Asserts AWS state after the run.
 */
@ExtendWith(Moto.class)
class RunbooksEndToEndTest {
  static final Instant AT = Instant.parse("2026-11-27T10:15:00Z");
  static final String FN = "tradai-signals-dev";

  @TempDir Path tmp;

  private Map<String, String> vars(DemoEnvironment env, String metrics, Map<String, String> extra) {
    return Resources.withReplay(env.variables(), tmp, metrics, extra);
  }

  static JsonNode invoke(Map<String, String> vars, String event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new RemediationHandler(vars)
        .handleRequest(
            new ByteArrayInputStream(Resources.bytes("/events/" + event)),
            out,
            new LocalContext("RemediationFunction"));
    return Json.MAPPER.readTree(out.toByteArray());
  }

  private static Service service(DemoEnvironment env, String name) {
    return env.ecs()
        .describeServices(b -> b.cluster("tradai-dev").services(name))
        .services()
        .getFirst();
  }

  @Test
  void ecsCpuAlarmScalesTheServiceOut(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      JsonNode report = invoke(vars(env, "ecs-cpu-high.json", Map.of()), "sns-ecs-cpu-alarm.json");

      assertThat(report.path("runbook").asText()).isEqualTo("ecs-service");
      assertThat(report.path("cause").asText()).isEqualTo("High CPU");
      assertThat(report.path("outcome").asText()).isEqualTo("REMEDIATED");
      assertThat(env.desiredCount("tradai-backend-dev")).isEqualTo(3);
    }
  }

  @Test
  void ecsCpuAlarmWithTasksThatCannotBePlacedReportsCapacityAndDoesNotScale(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev")) {
      env.seedService("backend", 2, 512, 1024, false);
      JsonNode report = invoke(vars(env, "ecs-cpu-high.json", Map.of()), "sns-ecs-cpu-alarm.json");

      assertThat(report.path("cause").asText()).isEqualTo("Placement or capacity problem");
      assertThat(report.path("why").asText())
          .isEqualTo("only 0 of 2 desired tasks run; more tasks would not be placed either");
      assertThat(report.path("outcome").asText()).isEqualTo("ADVICE_ONLY");
      assertThat(env.desiredCount("tradai-backend-dev")).isEqualTo(2);
    }
  }

  @Test
  void ecsMemoryAlarmRegistersANewRevisionAndPointsTheServiceAtIt(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 1024, 2048)) {
      JsonNode report =
          invoke(
              vars(env, "ecs-memory-pressure.json", Map.of()), "eventbridge-ecs-memory-alarm.json");

      assertThat(report.path("cause").asText()).isEqualTo("Memory pressure");
      Service svc = service(env, "tradai-backend-dev");
      assertThat(svc.taskDefinition()).endsWith("task-definition/tradai-backend-dev:2");
      var td =
          env.ecs()
              .describeTaskDefinition(b -> b.taskDefinition(svc.taskDefinition()))
              .taskDefinition();
      assertThat(td.cpu()).isEqualTo("1024");
      assertThat(td.memory()).isEqualTo("3072");
      assertThat(svc.desiredCount()).isEqualTo(2);
    }
  }

  @Test
  void lambdaLongDurationWithoutColdStartsRaisesMemoryOneRung(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev")) {
      env.seedLambda(FN, 512, 30);
      env.seedLogs(
          "/aws/lambda/" + FN,
          AT.minusSeconds(300),
          List.of(
              "REPORT RequestId: 1f0c\tDuration: 2401.10 ms\tBilled Duration: 2402 ms\tMemory Size: 512 MB\tMax Memory Used: 201 MB",
              "REPORT RequestId: 2a7d\tDuration: 2388.00 ms\tBilled Duration: 2388 ms\tMemory Size: 512 MB\tMax Memory Used: 198 MB"));
      JsonNode report =
          invoke(
              vars(env, "lambda-long-duration.json", Map.of()), "sns-lambda-duration-alarm.json");

      assertThat(report.path("runbook").asText()).isEqualTo("lambda-cold-start");
      assertThat(report.path("cause").asText()).isEqualTo("Long duration without cold starts");
      assertThat(report.path("changes").get(0).path("detail").asText())
          .isEqualTo("memory is now 1024 MB; alias live now serves version 2 (was 1, published)");
      assertThat(servedByLive(env).memorySize()).isEqualTo(1024);
      assertThat(
              env.lambda()
                  .getFunctionConfiguration(b -> b.functionName(FN).qualifier("1"))
                  .memorySize())
          .isEqualTo(512);
    }
  }

  /** What traffic on the alias runs: published versions are immutable, so only the alias says. */
  private static software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse
      servedByLive(DemoEnvironment env) {
    String version = env.lambda().getAlias(b -> b.functionName(FN).name("live")).functionVersion();
    return env.lambda().getFunctionConfiguration(b -> b.functionName(FN).qualifier(version));
  }

  /**
   * The cold-start evidence (REPORT lines with Init Duration, read with a quoted filter) comes from
   * moto; provisioned concurrency itself is not served by moto (GetProvisionedConcurrencyConfig
   * answers 404, read as none), so this runs dry and the apply is covered in SdkBoundaryTest.
   */
  @Test
  void lambdaColdStartsPlanProvisionedConcurrencyOnTheAlias_dryRunBecauseMotoLacksIt(
      MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev")) {
      env.seedLambda(FN, 512, 30);
      env.seedLogs(
          "/aws/lambda/" + FN,
          AT.minusSeconds(300),
          List.of(
              "START RequestId: 1f0c Version: 1",
              "REPORT RequestId: 1f0c\tDuration: 2401.10 ms\tBilled Duration: 2402 ms\tMemory Size: 512 MB\tMax Memory Used: 201 MB\tInit Duration: 1650.42 ms",
              "REPORT RequestId: 2a7d\tDuration: 310.00 ms\tBilled Duration: 310 ms\tMemory Size: 512 MB\tMax Memory Used: 198 MB",
              "REPORT RequestId: 3b8e\tDuration: 2210.00 ms\tBilled Duration: 2210 ms\tMemory Size: 512 MB\tMax Memory Used: 190 MB\tInit Duration: 1502.00 ms"));
      JsonNode report =
          invoke(
              vars(env, "lambda-long-duration.json", Map.of("DRY_RUN", "true")),
              "sns-lambda-duration-alarm.json");

      assertThat(report.path("cause").asText()).isEqualTo("Cold start");
      assertThat(report.path("why").asText()).startsWith("cold-start share 0.667 is ≥ 0.2;");
      assertThat(report.path("decisions").get(0).path("effective").asText())
          .isEqualTo("provisioned concurrency on live 0 → 5");
      assertThat(report.path("decisions").get(0).path("verdict").asText()).isEqualTo("DRY_RUN");
      assertThat(report.path("evidence").toString())
          .contains("\"Longest init duration\",\"value\":\"1650.42 ms\"");
      assertThat(env.lambda().getFunctionConfiguration(b -> b.functionName(FN)).memorySize())
          .isEqualTo(512);
    }
  }

  @Test
  void lambdaTimeoutsRaiseTheTimeoutByTheStep(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev")) {
      env.seedLambda(FN, 512, 30);
      env.seedLogs(
          "/aws/lambda/" + FN,
          AT.minusSeconds(120),
          List.of(
              "2026-11-27T10:13:00.000Z 5e1b Task timed out after 30.03 seconds",
              "2026-11-27T10:13:40.000Z 6c2e Task timed out after 30.01 seconds",
              "START RequestId: 7d3f Version: 1"));
      JsonNode report =
          invoke(
              vars(env, "lambda-timeouts.json", Map.of()), "eventbridge-lambda-errors-alarm.json");

      assertThat(report.path("runbook").asText()).isEqualTo("lambda-timeout");
      assertThat(report.path("why").asText())
          .isEqualTo("2 \"Task timed out\" lines in the last hour");
      assertThat(servedByLive(env).timeout()).isEqualTo(60);
      assertThat(servedByLive(env).version()).isEqualTo("2");
    }
  }

  @Test
  void apiFacingLambdaTimeoutStaysUnderTheCallersLimit(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev")) {
      env.seedLambda(FN, 512, 10);
      env.seedLogs(
          "/aws/lambda/" + FN, AT.minusSeconds(120), List.of("Task timed out after 10.00 seconds"));
      JsonNode report =
          invoke(
              vars(
                  env,
                  "lambda-timeouts.json",
                  Map.of(
                      "LAMBDA_FUNCTIONS",
                      FN,
                      "API_FUNCTIONS",
                      FN,
                      "API_CALLER_TIMEOUT_SECONDS",
                      "29")),
              "eventbridge-lambda-errors-alarm.json");

      assertThat(report.path("decisions").get(0).path("effective").asText())
          .isEqualTo("timeout 10 s → 28 s");
      assertThat(servedByLive(env).timeout()).isEqualTo(28);
    }
  }

  @Test
  void rdsSustainedCpuMovesTheInstanceOneClassUpInDev(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev")) {
      env.seedRds("tradai-dev", "db.t4g.micro");
      JsonNode report =
          invoke(vars(env, "rds-cpu-sustained.json", Map.of()), "sns-rds-cpu-alarm.json");

      assertThat(report.path("cause").asText()).isEqualTo("Sustained high CPU");
      assertThat(report.path("evidence").toString())
          .contains("Performance Insights is not enabled on tradai-dev; no top SQL");
      assertThat(
              env.rds()
                  .describeDBInstances(b -> b.dbInstanceIdentifier("tradai-dev"))
                  .dbInstances()
                  .getFirst()
                  .dbInstanceClass())
          .isEqualTo("db.t4g.small");
      // class names, not ladder ranks, wherever the change is shown
      JsonNode change = report.path("changes").get(0);
      assertThat(change.path("beforeName").asText() + " → " + change.path("afterName").asText())
          .isEqualTo("db.t4g.micro → db.t4g.small");
      assertThat(report.path("summary").asText())
          .endsWith("tradai-dev db.t4g.micro → db.t4g.small APPLIED");

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new OperatorHandler(vars(env, null, Map.of()))
          .handleRequest(
              new ByteArrayInputStream("{\"command\":\"list-actions\"}".getBytes()),
              out,
              new LocalContext("f"));
      JsonNode listed = Json.MAPPER.readTree(out.toByteArray()).path("changes").get(0);
      assertThat(listed.path("beforeName").asText()).isEqualTo("db.t4g.micro");
      assertThat(listed.path("afterName").asText()).isEqualTo("db.t4g.small");
    }
  }

  @Test
  void rdsInAnActingProdIsPlannedButWaitsForApprovalAndChangesNothing(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "prod")) {
      env.seedRds("tradai-prod", "db.t4g.medium");
      String event =
          Resources.text("/events/sns-rds-cpu-alarm.json").replace("tradai-dev", "tradai-prod");
      Path metrics = tmp.resolve("prod.json");
      Files.writeString(
          metrics,
          Resources.text("/events/metrics/rds-cpu-sustained.json")
              .replace("tradai-dev", "tradai-prod"));
      Map<String, String> v = new HashMap<>(env.variables());
      v.put("METRICS_REPLAY_FILE", metrics.toString());
      // prod as it stands once its runbooks act (the committed policy starts them in shadow)
      v.put(
          "POLICY_FILE",
          com.tradai.remediation.testing.PolicyFiles.loosened(
                  tmp, "prod", com.tradai.remediation.testing.PolicyFiles.EVERY_RUNBOOK_ACTS)
              .toString());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new RemediationHandler(v)
          .handleRequest(new ByteArrayInputStream(event.getBytes()), out, new LocalContext("f"));
      JsonNode report = Json.MAPPER.readTree(out.toByteArray());

      assertThat(report.path("outcome").asText()).isEqualTo("NEEDS_APPROVAL");
      assertThat(report.path("decisions").get(0).path("verdict").asText())
          .isEqualTo("NEEDS_APPROVAL");
      assertThat(report.path("decisions").get(0).path("effective").asText())
          .isEqualTo("instance class db.t4g.medium → db.t4g.large");
      assertThat(
              env.rds()
                  .describeDBInstances(b -> b.dbInstanceIdentifier("tradai-prod"))
                  .dbInstances()
                  .getFirst()
                  .dbInstanceClass())
          .isEqualTo("db.t4g.medium");

      // approved: prod's rds.applyImmediately is false, so AWS applies the class in the maintenance
      // window (moto applies it at once; the report follows AWS): PENDING, with the window, no
      // check
      String window =
          env.rds()
              .describeDBInstances(b -> b.dbInstanceIdentifier("tradai-prod"))
              .dbInstances()
              .getFirst()
              .preferredMaintenanceWindow();
      String approve =
          "{\"command\":\"approve\",\"planId\":\""
              + report.path("decisions").get(0).path("planId").asText()
              + "\",\"by\":\"alice\"}";
      out = new ByteArrayOutputStream();
      new OperatorHandler(v)
          .handleRequest(
              new ByteArrayInputStream(
                  com.tradai.remediation.testing.OperatorSigning.asOncall(v, approve)),
              out,
              new LocalContext("f"));
      JsonNode approved = Json.MAPPER.readTree(out.toByteArray());

      assertThat(approved.path("outcome").asText()).isEqualTo("PENDING");
      JsonNode change = approved.path("changes").get(0);
      assertThat(change.path("status").asText()).isEqualTo("PENDING_WINDOW");
      assertThat(change.path("detail").asText())
          .isEqualTo(
              "class change to db.t4g.large is pending until the"
                  + " maintenance window "
                  + window
                  + " UTC; tradai-prod serves on db.t4g.medium until then");
      assertThat(approved.path("summary").asText())
          .contains("tradai-prod db.t4g.medium → db.t4g.large PENDING_WINDOW");
      assertThat(approved.has("verification")).isFalse();
      assertThat(ReportSchema.violations(approved)).isEmpty();
    }
  }

  @Test
  void dynamoDbReadThrottlesOnAProvisionedTableRaiseReadCapacity(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev")) {
      env.seedTable("tradai-dev-workflow-state", 100, 50);
      JsonNode report =
          invoke(
              vars(env, "dynamodb-read-throttles.json", Map.of()),
              "alarm-action-dynamodb-throttle-alarm.json");

      assertThat(report.path("cause").asText()).isEqualTo("Provisioned capacity exhausted");
      var pt =
          env.dynamoDb()
              .describeTable(b -> b.tableName("tradai-dev-workflow-state"))
              .table()
              .provisionedThroughput();
      assertThat(pt.readCapacityUnits()).isEqualTo(150);
      assertThat(pt.writeCapacityUnits()).isEqualTo(50);
    }
  }

  @Test
  void dynamoDbOnDemandThrottlingIsReportedAsAHotPartitionAndNothingChanges(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev")) {
      env.seedTable("tradai-dev-workflow-state", 0, 0);
      JsonNode report =
          invoke(
              vars(env, "dynamodb-read-throttles.json", Map.of()),
              "alarm-action-dynamodb-throttle-alarm.json");

      assertThat(report.path("cause").asText()).isEqualTo("Hot partition suspected (on-demand)");
      assertThat(report.path("outcome").asText()).isEqualTo("ADVICE_ONLY");
      assertThat(report.path("changes")).isEmpty();
      assertThat(
              env.dynamoDb()
                  .describeTable(b -> b.tableName("tradai-dev-workflow-state"))
                  .table()
                  .billingModeSummary()
                  .billingModeAsString())
          .isEqualTo("PAY_PER_REQUEST");
    }
  }

  @Test
  void backtestAlarmWithoutOomStopsReportsTheRunbooksOtherCauses(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev")) {
      env.seedService("strategy-service", 1, 1024, 2048, true);
      JsonNode report =
          invoke(vars(env, "backtest-memory.json", Map.of()), "sns-backtest-memory-alarm.json");

      assertThat(report.path("runbook").asText()).isEqualTo("backtest");
      assertThat(report.path("cause").asText()).isEqualTo("Slow backtest (no OOM)");
      assertThat(report.path("outcome").asText()).isEqualTo("ADVICE_ONLY");
      assertThat(service(env, "tradai-strategy-service-dev").taskDefinition())
          .endsWith("task-definition/tradai-strategy-service-dev:1");
    }
  }

  @Test
  void exchangeRateLimitsAreCountedPerTermAndPingedEndpointsReported(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev");
        ScriptedHttp exchange = new ScriptedHttp(r -> ScriptedHttp.Response.json(200, "{}"))) {
      env.seedService("data-collection", 1, 512, 1024, true);
      env.seedLogs(
          "/ecs/tradai-data-collection-dev",
          AT.minusSeconds(600),
          List.of(
              "binance GET /api/v3/klines -> 429 Too Many Requests",
              "binance GET /api/v3/depth -> 429 rate limit exceeded",
              "ccxt.RequestTimeout: binance GET https://api.binance.com/api/v3/ticker timed out",
              "collected 1200 candles"));
      JsonNode report =
          invoke(
              vars(
                  env,
                  "exchange-errors.json",
                  Map.of("EXCHANGE_ENDPOINTS", exchange.url() + "/api/v3/ping")),
              "sns-exchange-errors-alarm.json");

      assertThat(report.path("runbook").asText()).isEqualTo("exchange-api");
      assertThat(report.path("cause").asText()).isEqualTo("Exchange rate limiting");
      assertThat(report.path("outcome").asText()).isEqualTo("ADVICE_ONLY");
      // first the alarm's own metric, as the alarm defines it (Sum by Service and Exchange)
      assertThat(report.path("evidence").get(0).path("name").asText())
          .isEqualTo(
              "Alarm metric ExchangeErrors Sum {Exchange=binance, Service=tradai-data-collection-dev}");
      assertThat(report.path("evidence").findValuesAsText("value"))
          .startsWith("22", "2", "1", "0", "0", "1");
      assertThat(exchange.requests())
          .singleElement()
          .satisfies(r -> assertThat(r.path()).isEqualTo("/api/v3/ping"));
      assertThat(service(env, "tradai-data-collection-dev").desiredCount()).isEqualTo(1);
    }
  }

  /**
   * The slow endpoint goes first so the HTTP client's first-use cost never lands on the fast one.
   */
  @Test
  void manualHealthCheckFlagsStrategyCpuAndASlowEndpoint(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev");
        ScriptedHttp api =
            new ScriptedHttp(
                r ->
                    r.path().startsWith("/slow")
                        ? new ScriptedHttp.Response(
                            200, "application/json", "{\"status\":\"ok\"}", 600)
                        : ScriptedHttp.Response.json(200, "{\"status\":\"ok\"}"))) {
      JsonNode report =
          invoke(
              vars(
                  env,
                  "health-check.json",
                  Map.of(
                      "HEALTH_ENDPOINTS",
                      api.url() + "/slow/api/v1/health," + api.url() + "/api/v1/health")),
              "manual-health-check.json");

      assertThat(report.path("runbook").asText()).isEqualTo("health-check");
      assertThat(report.path("cause").asText()).isEqualTo("Outside the verification thresholds");
      assertThat(report.path("why").asText())
          .startsWith(
              "ECS CPU (15 min avg) strategy-service 73.333%; Health "
                  + api.url()
                  + "/slow/api/v1/health HTTP 200 in ");
      assertThat(report.path("changes")).isEmpty();
    }
  }

  @Test
  void scheduledHealthCheckHandlerIgnoresItsInputAndReportsAllClear(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev");
        ScriptedHttp api =
            new ScriptedHttp(r -> ScriptedHttp.Response.json(200, "{\"status\":\"ok\"}"))) {
      Path metrics = tmp.resolve("calm.json");
      Files.writeString(
          metrics,
          Resources.text("/events/metrics/health-check.json")
              .replace("[71, 74, 75]", "[41, 44, 45]"));
      Map<String, String> v = new HashMap<>(env.variables());
      v.put("METRICS_REPLAY_FILE", metrics.toString());
      v.put("HEALTH_ENDPOINTS", api.url() + "/api/v1/health");
      // the probe times the endpoint against the runbook's 500 ms: load the JDK's HTTP client
      // first,
      // so a loaded machine's first class loading is not read as a slow endpoint
      try (var warm = java.net.http.HttpClient.newHttpClient()) {
        warm.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.url() + "/warm-up"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.discarding());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      HealthCheckHandler handler =
          new HealthCheckHandler(Config.from(v), Clock.fixed(AT, ZoneOffset.UTC));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      handler.handleRequest(
          new ByteArrayInputStream(Resources.bytes("/events/scheduled-health-check.json")),
          out,
          new LocalContext("HealthCheckFunction"));
      JsonNode report = Json.MAPPER.readTree(out.toByteArray());

      assertThat(report.path("runbook").asText()).isEqualTo("health-check");
      assertThat(report.path("outcome").asText())
          .as(report.path("summary").asText())
          .isEqualTo("NO_CAUSE");
      assertThat(report.path("evidence")).hasSize(7);
      assertThat(api.requests()).hasSize(2); // the warm-up and the health check's probe
    }
  }
}
