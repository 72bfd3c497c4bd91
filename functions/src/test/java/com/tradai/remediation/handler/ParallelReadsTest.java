package com.tradai.remediation.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.Resources;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * The reads that do not depend on each other are in flight together: the settings (SSM) beside the
 * metrics, then the guard facts Query (its windows come from the settings) beside DescribeServices
 * (which the metrics choose). Each call of a pair holds its request at the SDK boundary until the
 * other one has been sent (or 3 s pass): read in sequence, each would wait out the 3 s and find the
 * other not yet started. ECS, SSM and DynamoDB are moto; CloudWatch is the CBOR double (moto cannot
 * speak the SDK's CloudWatch protocol).
 */
@ExtendWith(Moto.class)
class ParallelReadsTest {
  static final List<List<String>> PAIRS =
      List.of(
          List.of("CloudWatch:GetMetricData", "Ssm:GetParameters"),
          List.of("DynamoDb:Query", "Ecs:DescribeServices"));

  /** Holds each watched call until its pair has started too; records whether it did. */
  static final class Rendezvous implements ExecutionInterceptor {
    final Map<List<String>, CountDownLatch> started = new ConcurrentHashMap<>();
    final Map<String, Boolean> sawItsPair = new ConcurrentHashMap<>();

    Rendezvous() {
      PAIRS.forEach(p -> started.put(p, new CountDownLatch(p.size())));
    }

    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      String op =
          attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
              + ":"
              + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
      for (List<String> pair : PAIRS) {
        if (pair.contains(op) && !sawItsPair.containsKey(op)) {
          CountDownLatch latch = started.get(pair);
          latch.countDown();
          try {
            sawItsPair.put(op, latch.await(3, TimeUnit.SECONDS));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    }
  }

  @Test
  void independentReadsAreInFlightTogether_cloudWatchIsACborDouble(MotoServer moto)
      throws Exception {
    Rendezvous rendezvous = new Rendezvous();
    CallBudgetTest.onSeededDev(
        moto,
        rendezvous,
        (env, handler) -> {
          Report report = handler.handle(Resources.bytes("/events/sns-api-latency-alarm.json"));

          assertThat(report.outcome()).isEqualTo(Outcome.REMEDIATED);
          assertThat(env.desiredCount("tradai-backend-dev")).isEqualTo(3);
          assertThat(rendezvous.sawItsPair)
              .as("each read was in flight while its pair started")
              .containsExactlyInAnyOrderEntriesOf(
                  Map.of(
                      "CloudWatch:GetMetricData",
                      true,
                      "Ssm:GetParameters",
                      true,
                      "DynamoDb:Query",
                      true,
                      "Ecs:DescribeServices",
                      true));
        });
  }
}
