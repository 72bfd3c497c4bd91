package com.tradai.remediation.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.aws.CallCounter;
import com.tradai.remediation.aws.SdkClientPriming;
import com.tradai.remediation.config.Config;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SnapStart's priming and the cold start's warm-up, against a loopback server that answers every
 * request with a 500 and counts it: a request that left the process would show there.
 */
class SnapStartPrimingTest {
  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private Config config;

  @BeforeEach
  void loopbackServerThatCountsRequests() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          exchange.sendResponseHeaders(500, -1);
          exchange.close();
        });
    server.start();
    // Every service a remediation calls is configured: settings, ledger, report.
    config =
        Config.from(
            Map.of(
                "TRADAI_ENV",
                "dev",
                "AWS_REGION",
                "eu-west-1",
                "AWS_ACCESS_KEY_ID",
                "AKIATRADAI0TEST0KEYS",
                "AWS_SECRET_ACCESS_KEY",
                "priming-test-secret",
                "AWS_ENDPOINT_URL",
                "http://127.0.0.1:" + server.getAddress().getPort(),
                "AWS_MAX_ATTEMPTS",
                "1",
                "LEDGER_TABLE",
                "tradai-dev-ledger",
                "KILL_SWITCH_PARAMETER",
                "/tradai/dev/kill-switch",
                "RESULTS_TOPIC_ARN",
                "arn:aws:sns:eu-west-1:123456789012:tradai-dev-results"));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void primingRunsThePurePathTheSampleAlarmsWholeFixOnCannedAnswersAndTheWarmUpAndMakesNoAwsCall() {
    CallCounter calls = new CallCounter();
    RemediationHandler handler =
        new RemediationHandler(config, new AwsClients(config, List.of(calls)), Clock.systemUTC());

    String rendered = handler.priming().prime();

    assertThat(rendered)
        .contains("Cause       Load spike")
        .contains("\"outcome\":\"DRY_RUN\"")
        .endsWith("SDK warm-up: complete");
    assertThat(rendered)
        .contains("\"outcome\":\"REMEDIATED\"")
        .contains(
            "canned AWS answered {DescribeAlarms=1,"
                + " DescribeServices=2, GetMetricData=1, GetParameters=1, Publish=1, Query=1, TransactWriteItems=2,"
                + " UpdateService=1}\n");
    assertThat(calls.total()).isZero();
    assertThat(requests).hasValue(0);
  }

  @Test
  void theWarmUpCoversEveryServiceARemediationCallsWhenTheyAreConfigured() {
    assertThat(ColdStartWarmUp.services(config))
        .isEqualTo(EnumSet.allOf(SdkClientPriming.Service.class));
    Config bare = Config.from(Map.of("TRADAI_ENV", "dev", "AWS_REGION", "eu-west-1"));
    assertThat(ColdStartWarmUp.services(bare)).containsExactly(SdkClientPriming.Service.ECS);
  }

  @Test
  void everyServiceIsPrimedAgainstCannedAnswersWithoutARequest() {
    try (AwsClients aws = new AwsClients(config)) {
      assertThat(SdkClientPriming.prime(aws, EnumSet.allOf(SdkClientPriming.Service.class)))
          .isEmpty();
    }
    assertThat(requests).hasValue(0);
  }

  @Test
  void theRealClientsStillReachTheEndpointAfterPriming() {
    // The twins are separate clients: priming must leave the real ones pointed at the endpoint.
    try (AwsClients aws = new AwsClients(config)) {
      SdkClientPriming.prime(aws, EnumSet.allOf(SdkClientPriming.Service.class));
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> aws.ecs().describeServices(b -> b.cluster("c")))
          .isInstanceOf(software.amazon.awssdk.services.ecs.model.EcsException.class);
    }
    assertThat(requests).hasValue(1);
  }

  @Test
  void theVerifierOperatorAndHealthCheckRehearseTheirFirstEventOnCannedAnswersWithoutARequest() {
    Config withQueue =
        Config.from(
            new java.util.HashMap<>(config.raw()) {
              {
                put("VERIFY_QUEUE_URL", "http://127.0.0.1:1/210987654321/tradai-dev-verification");
                // another account's than the sample record's: the rehearsal takes it from the
                // function's own queue
                put(
                    "VERIFICATION_QUEUE_ARN",
                    "arn:aws:sqs:eu-west-1:210987654321:tradai-dev-verification");
              }
            });
    String verifier = FirstEventPriming.verifier(withQueue);
    String operator = FirstEventPriming.operator(config);
    String healthCheck = FirstEventPriming.healthCheck(config);
    assertThat(verifier)
        .contains("\"batchItemFailures\":[]")
        .contains("\"outcome\":\"NOT_RECOVERED\"")
        .endsWith(
            "canned AWS answered {DescribeAlarms=1, GetItem=1, GetMetricData=1, Publish=1, PutItem=1,"
                + " UpdateItem=2}\nloopback HTTP 200");
    assertThat(operator)
        .contains("\"outcome\":\"RECORDED_OK\"")
        .contains("\"outcome\":\"NO_CAUSE\"")
        .endsWith("canned AWS answered {GetParameters=1, Publish=2, Query=2}\nloopback HTTP 200");
    assertThat(healthCheck)
        .contains("\"runbook\":\"health-check\"")
        .endsWith("canned AWS answered {GetParameters=1, Publish=1, Query=1}\nloopback HTTP 200");
    assertThat(requests).hasValue(0);
  }
}
