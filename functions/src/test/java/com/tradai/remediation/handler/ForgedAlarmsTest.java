package com.tradai.remediation.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.alarm.CloudWatchAlarm;
import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.ports.AlarmLookup;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alarm acts only as CloudWatch confirms it. Each delivery here would scale tradai-backend-dev 2
 * → 3 if taken on trust (the load-spike replay); each is checked against the alarms moto holds, and
 * a forged one changes nothing in AWS: the service keeps 2 tasks, the ledger stays empty, and a
 * REJECTED report (which is never published) names what was wrong.
 */
@ExtendWith(Moto.class)
class ForgedAlarmsTest {
  private static final String BACKEND = "tradai-backend-dev";
  private static final String SNS = "/events/sns-api-latency-alarm.json";

  @TempDir Path tmp;

  private Map<String, String> vars(DemoEnvironment env, Map<String, String> extra) {
    return Resources.withReplay(env.variables(), tmp, "api-latency-load-spike.json", extra);
  }

  private static Report handle(Map<String, String> vars, String event) {
    return new RemediationHandler(vars).handle(event.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertNothingChanged(DemoEnvironment env) {
    assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
    assertThat(env.dynamoDb().scan(b -> b.tableName(env.ledgerTable())).items()).isEmpty();
  }

  @Test
  void theSampleAlarmMotoHoldsIsConfirmedAndFixed(MotoServer moto) {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Report report = handle(vars(env, Map.of()), Resources.text(SNS));
      assertThat(report.outcome().name()).isEqualTo("REMEDIATED");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
    }
  }

  @Test
  void anAlarmCloudWatchDoesNotKnowIsRejected(MotoServer moto) {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Report report =
          handle(
              vars(env, Map.of()),
              Resources.text(SNS)
                  .replace("tradai-dev-api-latency-high", "tradai-dev-api-latency-made-up"));
      assertThat(report.outcome().name()).isEqualTo("REJECTED");
      assertThat(report.summary())
          .isEqualTo(
              "Rejected, nothing changed: alarm 'tradai-dev-api-latency-made-up'"
                  + " does not exist in CloudWatch (DescribeAlarms found no alarm of that name); a delivery of an alarm"
                  + " CloudWatch does not know never acts");
      assertThat(report.rejection().code().name()).isEqualTo("UNKNOWN_ALARM");
      assertThat(
              com.tradai.remediation.testing.ReportSchema.violations(
                  Json.MAPPER.valueToTree(report)))
          .isEmpty();
      assertNothingChanged(env);
    }
  }

  @Test
  void aThresholdThatDiffersFromCloudWatchsIsRejectedNamingTheField(MotoServer moto) {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Report report =
          handle(
              vars(env, Map.of()),
              Resources.text(SNS).replace("\\\"Threshold\\\": 2.0", "\\\"Threshold\\\": 0.5"));
      assertThat(report.summary())
          .isEqualTo(
              "Rejected, nothing changed: Trigger.Threshold 0.5 differs from"
                  + " CloudWatch's 2 (alarm 'tradai-dev-api-latency-high'); the payload must match CloudWatch's"
                  + " definition, which alone is acted on");
      assertThat(report.rejection().code().name()).isEqualTo("ALARM_MISMATCH");
      assertNothingChanged(env);
    }
  }

  @Test
  void dimensionsThatDifferFromCloudWatchsAreRejectedNamingTheField(MotoServer moto) {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Report report =
          handle(
              vars(env, Map.of()),
              Resources.text(SNS)
                  .replace("app/tradai-dev/50dc6c495c0c9188", "app/tradai-dev/0000000000000000"));
      assertThat(report.summary())
          .isEqualTo(
              "Rejected, nothing changed: Trigger.Dimensions"
                  + " {LoadBalancer=app/tradai-dev/0000000000000000} differ from CloudWatch's"
                  + " {LoadBalancer=app/tradai-dev/50dc6c495c0c9188} (alarm 'tradai-dev-api-latency-high'); the payload"
                  + " must match CloudWatch's definition, which alone is acted on");
      assertNothingChanged(env);
    }
  }

  /**
   * CloudWatch says OK and its history has no ALARM in the window. moto does not serve
   * DescribeAlarmHistory, so the history comes from a double behind the same port; DescribeAlarms
   * (the OK state) is moto's.
   */
  @Test
  void anAlarmInOkWithNoAlarmTransitionInTheWindowIsRejectedHistoryFromADouble(MotoServer moto) {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      env.alarmState("tradai-dev-api-latency-high", "OK");
      Config config = Config.from(vars(env, Map.of("ALARM_MAX_AGE_MINUTES", "15")));
      Instant now = Instant.parse("2026-11-27T10:15:30Z");
      AwsClients aws = new AwsClients(config);
      AlarmLookup motoWithHistory =
          new AlarmLookup() {
            @Override
            public Optional<CloudWatchAlarm> describe(String alarmName) {
              return env.alarms().describe(alarmName);
            }

            @Override
            public List<CloudWatchAlarm.StateUpdate> stateUpdates(
                String alarmName, Instant from, Instant to) {
              return List.of(
                  new CloudWatchAlarm.StateUpdate(Instant.parse("2026-11-27T09:40:00Z"), "ALARM"));
            }
          };
      Clock clock = Clock.fixed(now, java.time.ZoneOffset.UTC);
      Report report =
          RemediationHandler.compose(config, aws, clock)
              .confirmAlarmsWith(new AlarmConfirmer(motoWithHistory, Duration.ofMinutes(15), clock))
              .handle(Resources.bytes(SNS));
      assertThat(report.summary())
          .isEqualTo(
              "Rejected, nothing changed: CloudWatch has alarm"
                  + " 'tradai-dev-api-latency-high' in OK and its history shows no transition to ALARM in the last 15 min"
                  + " (ALARM_MAX_AGE_MINUTES); the delivery's ALARM at 2026-11-27T10:15:00Z is not confirmed");
      assertThat(report.rejection().code().name()).isEqualTo("NOT_IN_ALARM");
      assertNothingChanged(env);
    }
  }

  @Test
  void anAlarmThatCannotBeReadGivesAdviceOnlyAndSaysWhy(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      // nothing listens on port 9: the alarm read fails after the client's attempts
      Report report =
          handle(
              vars(env, Map.of("AWS_ENDPOINT_URL_CLOUDWATCH_QUERY", "http://127.0.0.1:9")),
              Resources.text(SNS));
      assertThat(report.outcome().name()).isEqualTo("ADVICE_ONLY");
      assertThat(report.summary())
          .startsWith(
              "High API Latency: Load spike — advice only, nothing was changed:"
                  + " alarm 'tradai-dev-api-latency-high' could not be read from CloudWatch (UncheckedIOException:"
                  + " CloudWatch call failed), so it is not confirmed. Advice: ");
      assertThat(report.decisions()).isEmpty();
      assertThat(
              com.tradai.remediation.testing.ReportSchema.violations(
                  Json.MAPPER.valueToTree(report)))
          .isEmpty();
      assertNothingChanged(env);
    }
  }

  @Test
  void anAlarmNoLongerInAlarmWhoseHistoryMotoCannotServeGivesAdviceOnly(MotoServer moto) {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      env.alarmState("tradai-dev-api-latency-high", "OK");
      Report report = handle(vars(env, Map.of()), Resources.text(SNS));
      assertThat(report.outcome().name()).isEqualTo("ADVICE_ONLY");
      assertThat(report.summary())
          .contains("could not be read from CloudWatch (Failure: CloudWatch answered 500");
      assertNothingChanged(env);
    }
  }

  /**
   * The ECS CPU runbook judges CPU against the alarm's threshold: CloudWatch's (95), never the
   * payload's. The delivery carries no threshold (nothing to disagree with); CPU at 92 % is under
   * CloudWatch's 95, so no cause is found and nothing is scaled, where the payload-free default
   * (80) would have scaled the service.
   */
  @Test
  void theEcsCpuRunbookJudgesAgainstCloudWatchsThreshold(MotoServer moto) {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      String cpu = Resources.text("/events/sns-ecs-cpu-alarm.json");
      env.seedAlarms(
          cpu.replace("\\\"Threshold\\\": 80.0", "\\\"Threshold\\\": 95.0")
              .getBytes(StandardCharsets.UTF_8));
      Report report =
          new RemediationHandler(
                  Resources.withReplay(env.variables(), tmp, "ecs-cpu-high.json", Map.of()))
              .handle(
                  cpu.replace(", \\\"Threshold\\\": 80.0", "").getBytes(StandardCharsets.UTF_8));
      assertThat(report.evidence()).anySatisfy(f -> assertThat(f.threshold()).isEqualTo("> 95%"));
      assertThat(report.outcome().name()).isEqualTo("NO_CAUSE");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
    }
  }
}
