package com.tradai.remediation.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.aws.CallCounter;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.report.VerificationStatus;
import com.tradai.remediation.testing.CborCloudWatch;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.Resources;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * How many AWS calls one latency → scale-out remediation makes, counted by an SDK interceptor on
 * every client. ECS, SNS (and whatever else the handler calls) are real moto; CloudWatch is the
 * CBOR double answering from the recorded spike, because moto cannot speak the SDK's CloudWatch
 * protocol.
 */
@ExtendWith(Moto.class)
class CallBudgetTest {

  /** What a test does with the seeded environment and the handler. */
  interface Body {
    void run(DemoEnvironment env, RemediationHandler handler) throws Exception;
  }

  /**
   * Runs {@code body} on a seeded tradai-dev on moto with the handler, CloudWatch on the CBOR
   * double replaying the load spike, every call passing {@code watch}.
   */
  static void onSeededDev(MotoServer moto, ExecutionInterceptor watch, Body body) throws Exception {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024);
        CborCloudWatch cloudWatch =
            CborCloudWatch.replaying("/events/metrics/api-latency-load-spike.json")) {
      Map<String, String> vars = new HashMap<>(env.variables());
      vars.put("AWS_ENDPOINT_URL_CLOUDWATCH", cloudWatch.endpoint());
      Config config = Config.from(vars);
      body.run(
          env,
          new RemediationHandler(
              config, new AwsClients(config, List.of(watch)), Clock.systemUTC()));
    }
  }

  @Test
  void
      latencyScaleOutMakesOneGetMetricDataOneDescribeAlarmsAndAtMost10Calls_cloudWatchIsACborDouble(
          MotoServer moto) throws Exception {
    CallCounter calls = new CallCounter();
    onSeededDev(
        moto,
        calls,
        (env, handler) -> {
          Report report = handler.handle(Resources.bytes("/events/sns-api-latency-alarm.json"));

          assertThat(report.outcome()).isEqualTo(Outcome.REMEDIATED);
          assertThat(env.desiredCount("tradai-backend-dev")).isEqualTo(3);
          assertThat(calls.count("CloudWatch:GetMetricData")).isEqualTo(1);
          assertThat(calls.snapshot())
              .containsEntry("Ecs:UpdateService", 1)
              .containsEntry("Sns:Publish", 1);
          // 9 calls. 5 for the fix itself (metrics, service, its re-read just before the update,
          // update,
          // report; the task definition is read only when memory is the suspect), 1 SSM read (kill
          // switch and policy
          // override in one GetParameters) and 3 ledger calls: one Query for the guards' facts, one
          // transaction taking the claim, the lock and the PENDING audit, one closing it (APPLIED,
          // last
          // change, unlock, claim completed). The verification check costs no call of its own: it
          // rides
          // on the report (the verification queue subscribes to the results topic). One
          // DescribeAlarms
          // (query protocol, answered by moto) confirms the alarm with CloudWatch, read beside the
          // metrics; DescribeAlarmHistory only when the alarm is no longer in ALARM. And the
          // executor
          // re-reads the service just before the change (compare-and-set).
          assertThat(calls.total()).as("all calls: %s", calls.snapshot()).isLessThanOrEqualTo(10);
          assertThat(calls.snapshot())
              .containsEntry("CloudWatch:DescribeAlarms", 1)
              .doesNotContainKey("CloudWatch:DescribeAlarmHistory");
          assertThat(calls.snapshot())
              .as("read for the plan, re-read just before the change")
              .containsEntry("Ecs:DescribeServices", 2);
          assertThat(calls.snapshot())
              .containsEntry("DynamoDb:TransactWriteItems", 2)
              .containsEntry("DynamoDb:Query", 1)
              .containsEntry("Ssm:GetParameters", 1)
              .doesNotContainKey("Sqs:SendMessage");
          assertThat(report.verification().status()).isEqualTo(VerificationStatus.SCHEDULED);
          assertThat(moto.sqsMessages())
              .as("the report reached the verification queue, delayed")
              .filteredOn(MotoServer.SqsMessage::delayed)
              .singleElement()
              .satisfies(m -> assertThat(m.body()).contains("\"kind\":\"tradai-verification\""));
        });
  }
}
