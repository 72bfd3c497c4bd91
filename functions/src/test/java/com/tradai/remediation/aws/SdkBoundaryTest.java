package com.tradai.remediation.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.ResourceRef;
import com.tradai.remediation.core.ResourceState;
import com.tradai.remediation.ports.Executor;
import com.tradai.remediation.testing.ScriptedHttp;
import com.tradai.remediation.testing.ScriptedHttp.Request;
import com.tradai.remediation.testing.ScriptedHttp.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The adapters' SDK calls where moto_server cannot answer (provisioned concurrency, Performance
 * Insights, Contributor Insights, stopped Fargate tasks: moto's RunTask fails for Fargate), driven
 * against a scripted local HTTP server that speaks each service's wire protocol. What is tested is
 * the request the real SDK client sends and how the adapter reads the documented response shape.
 */
class SdkBoundaryTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String FN = "tradai-signals-dev";

  static AwsClients clients(ScriptedHttp server) {
    return new AwsClients(
        Config.from(
            Map.of(
                "TRADAI_ENV",
                "dev",
                "AWS_REGION",
                "eu-west-1",
                "AWS_ACCESS_KEY_ID",
                "testing",
                "AWS_SECRET_ACCESS_KEY",
                "testing",
                "AWS_ENDPOINT_URL",
                server.url(),
                "AWS_MAX_ATTEMPTS",
                "1")));
  }

  static JsonNode body(Request r) {
    try {
      return JSON.readTree(r.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Lambda's REST API: configuration, alias "live" on version 7, provisioned concurrency. */
  static Function<Request, Response> lambda(
      AtomicInteger provisioned, AtomicInteger configReads, int inProgressReads) {
    AtomicInteger timeout = new AtomicInteger(30);
    return r -> {
      String config =
          "{\"FunctionName\":\""
              + FN
              + "\",\"MemorySize\":512,\"Timeout\":%d,\"LastUpdateStatus\":\"%s\"}";
      if (r.path().endsWith("/configuration") && r.method().equals("GET")) {
        return Response.json(
            200,
            config.formatted(
                timeout.get(),
                configReads.incrementAndGet() <= inProgressReads ? "InProgress" : "Successful"));
      }
      if (r.path().endsWith("/configuration") && r.method().equals("PUT")) {
        timeout.set(body(r).path("Timeout").asInt(timeout.get()));
        configReads.set(0);
        return Response.json(200, config.formatted(timeout.get(), "InProgress"));
      }
      if (r.path().endsWith("/aliases/live")) {
        return Response.json(
            200,
            "{\"Name\":\"live\",\"FunctionVersion\":\"7\",\"AliasArn\":\"arn:aws:lambda:eu-west-1:123456789012:function:"
                + FN
                + ":live\"}");
      }
      if (r.path().endsWith("/provisioned-concurrency") && r.method().equals("GET")) {
        return provisioned.get() == 0
            ? new Response(
                404,
                "application/json",
                "{\"Type\":\"User\",\"message\":\"No Provisioned Concurrency Config found for this function\"}",
                0)
            : Response.json(
                200,
                "{\"RequestedProvisionedConcurrentExecutions\":"
                    + provisioned.get()
                    + ",\"Status\":\"READY\"}");
      }
      if (r.path().endsWith("/provisioned-concurrency") && r.method().equals("PUT")) {
        provisioned.set(body(r).path("ProvisionedConcurrentExecutions").asInt());
        return Response.json(
            202,
            "{\"RequestedProvisionedConcurrentExecutions\":"
                + provisioned.get()
                + ",\"Status\":\"IN_PROGRESS\"}");
      }
      return Response.json(400, "{\"message\":\"unexpected " + r.method() + " " + r.path() + "\"}");
    };
  }

  @Test
  void lambdaExecutor_readsAndSetsProvisionedConcurrencyOnTheAlias_atTheSdkBoundary() {
    AtomicInteger provisioned = new AtomicInteger();
    try (ScriptedHttp server = new ScriptedHttp(lambda(provisioned, new AtomicInteger(), 0));
        AwsClients aws = clients(server)) {
      LambdaExecutor lambda = new LambdaExecutor(aws::lambda);

      ResourceState before = lambda.read(new ResourceRef.LambdaFunction(FN, "live", 0));
      Executor.Applied applied =
          lambda.apply(new Action.SetProvisionedConcurrency(FN, "live", 0, 5));
      ResourceState after = lambda.read(new ResourceRef.LambdaFunction(FN, "live", 0));

      assertThat(before)
          .isEqualTo(
              new ResourceState.LambdaFunction(
                  FN,
                  512,
                  30,
                  "Successful",
                  Optional.of("live"),
                  Optional.of("7"),
                  0,
                  false,
                  0,
                  false));
      assertThat(applied.detail())
          .isEqualTo("provisioned concurrency on live requested 5 (status IN_PROGRESS)");
      Request put =
          server.requests().stream()
              .filter(r -> r.method().equals("PUT"))
              .findFirst()
              .orElseThrow();
      assertThat(put.path()).isEqualTo("/2019-09-30/functions/" + FN + "/provisioned-concurrency");
      assertThat(put.query()).isEqualTo("Qualifier=live");
      assertThat(body(put).path("ProvisionedConcurrentExecutions").asInt()).isEqualTo(5);
      assertThat(((ResourceState.LambdaFunction) after).provisionedConcurrency()).isEqualTo(5);
    }
  }

  @Test
  void lambdaExecutor_waitsForLastUpdateStatusBeforeAndAfterAnUpdate_atTheSdkBoundary() {
    AtomicInteger reads = new AtomicInteger();
    try (ScriptedHttp server = new ScriptedHttp(lambda(new AtomicInteger(), reads, 2));
        AwsClients aws = clients(server)) {
      LambdaExecutor lambda =
          new LambdaExecutor(aws::lambda, Duration.ofMillis(10), Duration.ofSeconds(5));

      Executor.Applied applied = lambda.apply(new Action.RaiseLambdaTimeout(FN, 30, 60));

      List<String> calls =
          server.requests().stream().map(r -> r.method() + " " + r.path()).toList();
      String cfg = "/2015-03-31/functions/" + FN + "/configuration";
      assertThat(calls)
          .containsExactly(
              "GET " + cfg,
              "GET " + cfg,
              "GET " + cfg,
              "PUT " + cfg,
              "GET " + cfg,
              "GET " + cfg,
              "GET " + cfg);
      assertThat(applied.detail())
          .isEqualTo(
              "timeout is now 60 s (LastUpdateStatus Successful); $LATEST serves unqualified invocations");
    }
  }

  @Test
  void performanceInsights_describeDimensionKeysIsASignedJsonCallForTopSql_atTheSdkBoundary() {
    try (ScriptedHttp server =
            new ScriptedHttp(
                r ->
                    Response.json(
                        200,
                        """
        {"AlignedStartTime": 1795860900, "AlignedEndTime": 1795864500, "Keys": [
          {"Dimensions": {"db.sql_tokenized.statement": "SELECT * FROM trades WHERE pair = ?", "db.sql_tokenized.id": "A1"}, "Total": 2.75},
          {"Dimensions": {"db.sql_tokenized.statement": "UPDATE positions SET qty = ? WHERE id = ?"}, "Total": 0.5}]}"""));
        AwsClients aws = clients(server)) {
      Instant from = Instant.parse("2026-11-27T09:15:00Z");
      Instant to = Instant.parse("2026-11-27T10:15:00Z");

      List<ResourceState.TopSql> top =
          aws.performanceInsights().topSql("db-M5ENSHXFPU6XHZ4G4ZEI5QIO2U", from, to, 5);

      assertThat(top)
          .containsExactly(
              new ResourceState.TopSql("SELECT * FROM trades WHERE pair = ?", 2.75),
              new ResourceState.TopSql("UPDATE positions SET qty = ? WHERE id = ?", 0.5));
      Request r = server.requests().getFirst();
      assertThat(r.header("X-Amz-Target"))
          .isEqualTo("PerformanceInsightsv20180227.DescribeDimensionKeys");
      assertThat(r.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
      assertThat(r.header("Authorization"))
          .startsWith("AWS4-HMAC-SHA256 Credential=testing/")
          .contains("/eu-west-1/pi/aws4_request");
      JsonNode sent = body(r);
      assertThat(sent.path("ServiceType").asText()).isEqualTo("RDS");
      assertThat(sent.path("Identifier").asText()).isEqualTo("db-M5ENSHXFPU6XHZ4G4ZEI5QIO2U");
      assertThat(sent.path("StartTime").asLong()).isEqualTo(from.getEpochSecond());
      assertThat(sent.path("Metric").asText()).isEqualTo("db.load.avg");
      assertThat(sent.path("GroupBy").path("Group").asText()).isEqualTo("db.sql_tokenized");
    }
  }

  @Test
  void ssmParameters_readsEveryNameInOneSignedGetParametersAndReusesIt_atTheSdkBoundary() {
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedHttp server =
            new ScriptedHttp(
                r -> {
                  calls.incrementAndGet();
                  return Response.json(
                      200,
                      """
              {"Parameters": [{"Name": "/tradai/dev/remediation/kill-switch", "Type": "String",
                "Value": "on: incident 4711", "Version": 3}],
               "InvalidParameters": ["/tradai/dev/remediation/policy"]}""");
                });
        AwsClients aws = clients(server)) {
      com.tradai.remediation.testing.MutableClock clock =
          new com.tradai.remediation.testing.MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
      SsmParameters ssm =
          new SsmParameters(
              aws::ssm,
              List.of("/tradai/dev/remediation/kill-switch", "/tradai/dev/remediation/policy"),
              clock);

      assertThat(ssm.get("/tradai/dev/remediation/policy", Duration.ofSeconds(60))).isEmpty();
      assertThat(ssm.get("/tradai/dev/remediation/kill-switch", Duration.ofSeconds(5)))
          .contains("on: incident 4711");
      assertThat(calls.get()).as("both names in one call").isEqualTo(1);
      clock.advance(Duration.ofSeconds(6));
      ssm.get("/tradai/dev/remediation/policy", Duration.ofSeconds(60));
      assertThat(calls.get()).as("the policy is still fresh").isEqualTo(1);
      ssm.get("/tradai/dev/remediation/kill-switch", Duration.ofSeconds(5));
      assertThat(calls.get()).as("the kill switch is re-read after 5 s").isEqualTo(2);

      Request r = server.requests().getFirst();
      assertThat(r.header("X-Amz-Target")).isEqualTo("AmazonSSM.GetParameters");
      assertThat(r.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
      assertThat(r.header("Authorization")).contains("/eu-west-1/ssm/aws4_request");
      assertThat(body(r).path("Names")).hasSize(2);
      assertThat(body(r).path("WithDecryption").asBoolean()).isTrue();
    }
  }

  @Test
  void ssmParameters_anErrorIsRaisedNotReadAsAbsent_atTheSdkBoundary() {
    try (ScriptedHttp server =
            new ScriptedHttp(
                r ->
                    Response.json(
                        400,
                        "{\"__type\":\"AccessDeniedException\",\"message\":\"not allowed\"}"));
        AwsClients aws = clients(server)) {
      SsmParameters ssm = new SsmParameters(aws::ssm, List.of("/k"), java.time.Clock.systemUTC());
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> ssm.get("/k", Duration.ofSeconds(5)))
          .isInstanceOf(software.amazon.awssdk.services.ssm.model.SsmException.class)
          .hasMessageStartingWith("not allowed");
    }
  }

  @Test
  void performanceInsights_errorNamesTheServiceAnswer_atTheSdkBoundary() {
    try (ScriptedHttp server =
            new ScriptedHttp(
                r ->
                    Response.json(
                        400,
                        "{\"__type\":\"NotAuthorizedException\",\"message\":\"PI is not enabled\"}"));
        AwsClients aws = clients(server)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  aws.performanceInsights()
                      .topSql("db-X", Instant.EPOCH, Instant.EPOCH.plusSeconds(60), 5))
          .hasMessage("Performance Insights answered 400 NotAuthorizedException PI is not enabled");
    }
  }

  @Test
  void ecsExecutor_readsStoppedTasksWithTheirReasons_atTheSdkBoundary() {
    String td = "arn:aws:ecs:eu-west-1:123456789012:task-definition/tradai-strategy-service-dev:3";
    try (ScriptedHttp server =
            new ScriptedHttp(
                r ->
                    switch (r.header("X-Amz-Target")) {
                      case "AmazonEC2ContainerServiceV20141113.ListTasks" ->
                          Response.json(
                              200,
                              "{\"taskArns\":[\"arn:aws:ecs:eu-west-1:123456789012:task/tradai-dev/a1\",\"arn:aws:ecs:eu-west-1:123456789012:task/tradai-dev/b2\"]}");
                      case "AmazonEC2ContainerServiceV20141113.DescribeTasks" ->
                          Response.json(
                              200,
                              """
              {"tasks": [
                {"taskArn": "arn:aws:ecs:eu-west-1:123456789012:task/tradai-dev/a1", "taskDefinitionArn": "%s",
                 "stoppedReason": "Essential container in task exited", "stoppedAt": 1795863000.0,
                 "containers": [{"name": "strategy", "reason": "OutOfMemoryError: Container killed due to memory usage", "exitCode": 137}]},
                {"taskArn": "arn:aws:ecs:eu-west-1:123456789012:task/tradai-dev/b2", "taskDefinitionArn": "%s",
                 "stoppedReason": "Task stopped by user", "stoppedAt": 1795862000.0, "cpu": "1024", "memory": "2048",
                 "containers": [{"name": "strategy", "exitCode": 0}]}], "failures": []}"""
                                  .formatted(td, td));
                      case "AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition" ->
                          Response.json(
                              200,
                              "{\"taskDefinition\":{\"taskDefinitionArn\":\""
                                  + td
                                  + "\",\"family\":\"tradai-strategy-service-dev\",\"cpu\":\"1024\",\"memory\":\"2048\"}}");
                      default -> Response.json(400, "{}");
                    });
        AwsClients aws = clients(server)) {
      ResourceState state =
          new EcsExecutor(aws::ecs)
              .read(new ResourceRef.EcsStoppedTasks("tradai-dev", "tradai-strategy-service-dev"));

      assertThat(state)
          .isEqualTo(
              new ResourceState.EcsStoppedTasks(
                  "tradai-dev",
                  "tradai-strategy-service-dev",
                  List.of(
                      new ResourceState.StoppedTask(
                          "arn:aws:ecs:eu-west-1:123456789012:task/tradai-dev/a1",
                          td,
                          1024,
                          2048,
                          List.of(
                              "Essential container in task exited",
                              "OutOfMemoryError: Container killed due to memory usage"),
                          Optional.of(137)),
                      new ResourceState.StoppedTask(
                          "arn:aws:ecs:eu-west-1:123456789012:task/tradai-dev/b2",
                          td,
                          1024,
                          2048,
                          List.of("Task stopped by user"),
                          Optional.of(0)))));
      JsonNode list = body(server.requests().getFirst());
      assertThat(list.path("desiredStatus").asText()).isEqualTo("STOPPED");
      assertThat(list.path("family").asText()).isEqualTo("tradai-strategy-service-dev");
    }
  }

  @Test
  void dynamoDbExecutor_readsContributorInsightsStatusAndRules_atTheSdkBoundary_topKeysFromAStub() {
    try (ScriptedHttp server =
            new ScriptedHttp(
                r ->
                    switch (r.header("X-Amz-Target")) {
                      case "DynamoDB_20120810.DescribeTable" ->
                          Response.json(
                              200,
                              "{\"Table\":{\"TableName\":\"tradai-dev-workflow-state\",\"TableStatus\":\"ACTIVE\","
                                  + "\"BillingModeSummary\":{\"BillingMode\":\"PAY_PER_REQUEST\"},"
                                  + "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":0,\"WriteCapacityUnits\":0}}}");
                      case "DynamoDB_20120810.DescribeContributorInsights" ->
                          Response.json(
                              200,
                              "{\"TableName\":\"tradai-dev-workflow-state\",\"ContributorInsightsStatus\":\"ENABLED\","
                                  + "\"ContributorInsightsRuleList\":[\"DynamoDBContributorInsights-PKT-tradai-dev-workflow-state-1\"]}");
                      default -> Response.json(400, "{}");
                    });
        AwsClients aws = clients(server)) {
      List<List<String>> asked = new java.util.ArrayList<>();
      DynamoDbExecutor ddb =
          new DynamoDbExecutor(
              aws::dynamoDb,
              rules -> {
                asked.add(rules);
                return List.of("PAIR#BTCUSDT (9120)");
              });

      ResourceState state = ddb.read(new ResourceRef.DynamoDbTable("tradai-dev-workflow-state"));

      assertThat(state)
          .isEqualTo(
              new ResourceState.DynamoDbTable(
                  "tradai-dev-workflow-state",
                  "PAY_PER_REQUEST",
                  0,
                  0,
                  "ENABLED",
                  List.of("PAIR#BTCUSDT (9120)")));
      assertThat(asked)
          .containsExactly(List.of("DynamoDBContributorInsights-PKT-tradai-dev-workflow-state-1"));
    }
  }

  @Test
  void cloudWatchInsightRules_topKeysFromGetInsightRuleReportOverCbor_atTheSdkBoundary()
      throws Exception {
    com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper cbor =
        new com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper();
    byte[] answer =
        cbor.writeValueAsBytes(
            Map.of(
                "KeyLabels",
                List.of("PK"),
                "AggregationStatistic",
                "Sum",
                "Contributors",
                List.of(
                    Map.of(
                        "Keys",
                        List.of("PAIR#BTCUSDT"),
                        "ApproximateAggregateValue",
                        9120.0,
                        "Datapoints",
                        List.of()),
                    Map.of(
                        "Keys",
                        List.of("PAIR#ETHUSDT"),
                        "ApproximateAggregateValue",
                        310.4,
                        "Datapoints",
                        List.of()))));
    try (ScriptedHttp server =
            new ScriptedHttp(
                r ->
                    new Response(
                        200,
                        "application/cbor",
                        answer,
                        0,
                        Map.of("smithy-protocol", "rpc-v2-cbor")));
        AwsClients aws = clients(server)) {
      Instant now = Instant.parse("2026-11-27T10:15:00Z");
      CloudWatchInsightRules rules =
          new CloudWatchInsightRules(
              aws::cloudWatch, java.time.Clock.fixed(now, java.time.ZoneOffset.UTC));

      List<String> keys =
          rules.topKeys(List.of("DynamoDBContributorInsights-PKT-tradai-dev-workflow-state-1"));

      assertThat(keys).containsExactly("PAIR#BTCUSDT (9120)", "PAIR#ETHUSDT (310)");
      Request r = server.requests().getFirst();
      assertThat(r.path()).endsWith("/operation/GetInsightRuleReport");
      JsonNode sent = cbor.readTree(r.bytes());
      assertThat(sent.path("RuleName").asText())
          .isEqualTo("DynamoDBContributorInsights-PKT-tradai-dev-workflow-state-1");
      assertThat(sent.path("MaxContributorCount").asInt()).isEqualTo(5);
      assertThat(sent.path("OrderBy").asText()).isEqualTo("Sum");
    }
  }

  @Test
  void httpProber_reportsStatusLatencyAndTimeoutsWithoutThrowing() {
    try (ScriptedHttp server =
        new ScriptedHttp(
            r ->
                r.path().equals("/slow")
                    ? new Response(200, "application/json", "{}", 2500)
                    : Response.json(503, "{}"))) {
      HttpProber prober = new HttpProber(Duration.ofMillis(1000));
      ResourceState.HttpProbes probes =
          (ResourceState.HttpProbes)
              prober.read(
                  new ResourceRef.HttpProbes(
                      "t",
                      List.of(
                          server.url() + "/down",
                          server.url() + "/slow",
                          "http://127.0.0.1:1/closed")));

      assertThat(probes.probes().get(0))
          .satisfies(p -> assertThat(p.status()).as(p.error()).isEqualTo(503));
      assertThat(probes.probes().get(1).status()).isZero();
      assertThat(probes.probes().get(1).error()).isEqualTo("timed out after 1000 ms");
      assertThat(probes.probes().get(2).status()).isZero();
      assertThat(probes.probes().get(2).error()).startsWith("ConnectException");
    }
  }
}
