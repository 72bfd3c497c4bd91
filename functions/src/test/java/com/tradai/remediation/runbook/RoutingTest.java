package com.tradai.remediation.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradai.remediation.alarm.Alarm;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** routing.json: metric first, the alarm name only as a hint for alarms without a metric. */
class RoutingTest {
  static Stream<Arguments> routes() {
    return Stream.of(
        Arguments.of(
            Alarms.metric(
                "tradai-dev-api-latency-high",
                "AWS/ApplicationELB",
                "TargetResponseTime",
                Map.of("LoadBalancer", "app/tradai-dev/x"),
                2.0),
            "api-latency"),
        Arguments.of(
            Alarms.metric(
                "tradai-dev-backend-cpu",
                "AWS/ECS",
                "CPUUtilization",
                Map.of("ClusterName", "tradai-dev", "ServiceName", "tradai-backend-dev"),
                80.0),
            "ecs-service"),
        Arguments.of(
            Alarms.metric(
                "tradai-dev-strategy-mem",
                "AWS/ECS",
                "MemoryUtilization",
                Map.of("ClusterName", "tradai-dev", "ServiceName", "tradai-strategy-service-dev"),
                80.0),
            "backtest"),
        Arguments.of(
            Alarms.metric(
                "tradai-dev-ecs-cluster-cpu",
                "AWS/ECS",
                "CPUUtilization",
                Map.of("ClusterName", "tradai-dev"),
                80.0),
            null),
        Arguments.of(
            Alarms.metric(
                "tradai-dev-fn-duration",
                "AWS/Lambda",
                "Duration",
                Map.of("FunctionName", "tradai-signals-dev"),
                3000.0),
            "lambda-cold-start"),
        Arguments.of(
            Alarms.metric(
                "tradai-dev-fn-errors",
                "AWS/Lambda",
                "Errors",
                Map.of("FunctionName", "tradai-signals-dev"),
                0.0),
            "lambda-timeout"),
        Arguments.of(
            Alarms.metric(
                "tradai-dev-rds-connections",
                "AWS/RDS",
                "DatabaseConnections",
                Map.of("DBInstanceIdentifier", "tradai-dev"),
                80.0),
            "rds-slow-queries"),
        Arguments.of(
            Alarms.metric(
                "tradai-dev-ddb",
                "AWS/DynamoDB",
                "WriteThrottleEvents",
                Map.of("TableName", "tradai-dev-workflow-state"),
                0.0),
            "dynamodb-throttling"),
        Arguments.of(
            Alarms.metric(
                "tradai-dev-exchange", "tradai/DataCollection", "RateLimitErrors", Map.of(), 0.0),
            "exchange-api"),
        Arguments.of(
            Alarms.metric(
                "tradai-dev-api-latency-high",
                "AWS/SQS",
                "ApproximateAgeOfOldestMessage",
                Map.of(),
                0.0),
            null),
        Arguments.of(Alarms.named("tradai-dev-health-check"), "health-check"),
        Arguments.of(Alarms.named("tradai-dev-api-latency-composite"), "api-latency"),
        Arguments.of(Alarms.named("tradai-dev-something-else"), null));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @MethodSource("routes")
  void shippedRoutingSendsEachAlarmToItsRunbook(Alarm alarm, String runbook) {
    assertThat(Runbooks.standard().route(alarm).map(Runbook::id))
        .isEqualTo(Optional.ofNullable(runbook));
  }

  @Test
  void aNewAlarmRoutesWithoutCodeFromAnOverrideFile() throws Exception {
    Routing custom =
        Routing.parse(
            new ObjectMapper()
                .readTree(
                    """
        {"routes": [{"namespace": "AWS/SQS", "metrics": ["ApproximateAgeOfOldestMessage"],
                     "dimensions": {"QueueName": "tradai-*-dev"}, "runbook": "ecs-service"}]}"""),
            "test");
    Alarm alarm =
        Alarms.metric(
            "tradai-dev-queue-age",
            "AWS/SQS",
            "ApproximateAgeOfOldestMessage",
            Map.of("QueueName", "tradai-jobs-dev"),
            300.0);
    assertThat(Runbooks.standard(custom).route(alarm).map(Runbook::id)).contains("ecs-service");
    Alarm otherQueue =
        Alarms.metric(
            "tradai-dev-queue-age",
            "AWS/SQS",
            "ApproximateAgeOfOldestMessage",
            Map.of("QueueName", "other"),
            300.0);
    assertThat(Runbooks.standard(custom).route(otherQueue)).isEmpty();
  }

  @Test
  void aBadRoutingFileNamesTheField() {
    assertThatThrownBy(
            () ->
                Routing.parse(
                    new ObjectMapper()
                        .readTree(
                            "{\"routes\": [{\"namespace\": \"AWS/ECS\", \"metrics\": [\"*\"]}]}"),
                    "f.json"))
        .hasMessage("routing f.json: routes[0].runbook is missing");
  }

  @Test
  void everyRunbookIsRegisteredAndEveryRouteNamesOne() {
    Runbooks all = Runbooks.standard();
    assertThat(all.all())
        .extracting(Runbook::id)
        .containsExactly(
            "api-latency",
            "ecs-service",
            "lambda-cold-start",
            "lambda-timeout",
            "rds-slow-queries",
            "dynamodb-throttling",
            "backtest",
            "exchange-api",
            "health-check");
    assertThat(Routing.defaults().routes())
        .allSatisfy(r -> assertThat(all.byId(r.runbook())).isPresent());
    assertThat(Routing.defaults().nameHints())
        .allSatisfy(h -> assertThat(all.byId(h.runbook())).isPresent());
  }
}
