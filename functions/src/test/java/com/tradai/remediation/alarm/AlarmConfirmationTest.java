package com.tradai.remediation.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decision over (payload, CloudWatch's definition, state and history, now, max age),
 * table-driven.
 */
class AlarmConfirmationTest {
  static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");
  static final Duration MAX_AGE = Duration.ofMinutes(15);
  static final Map<String, String> DIMS =
      Map.of("ClusterName", "tradai-dev", "ServiceName", "tradai-backend-dev");

  static MetricIdentity cpu(Map<String, String> dims, String stat, int period, Double threshold) {
    return new MetricIdentity(
        "AWS/ECS",
        "CPUUtilization",
        dims,
        stat,
        period,
        Optional.ofNullable(threshold),
        Optional.of("GreaterThanThreshold"));
  }

  static Alarm delivered(Delivery delivery, MetricIdentity metric) {
    return new Alarm(
        "tradai-dev-backend-cpu-high",
        "dev",
        AlarmState.ALARM,
        Optional.of(AlarmState.OK),
        "Threshold Crossed",
        Instant.parse("2026-11-27T10:15:00Z"),
        "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:tradai-dev-backend-cpu-high",
        "123456789012",
        "eu-west-1",
        delivery,
        Optional.ofNullable(metric),
        List.of(),
        List.of(),
        "");
  }

  static CloudWatchAlarm inCloudWatch(String state, MetricIdentity metric) {
    return new CloudWatchAlarm(
        "tradai-dev-backend-cpu-high",
        CloudWatchAlarm.Kind.METRIC,
        Optional.of(metric),
        state,
        Optional.of(Instant.parse("2026-11-27T10:15:00Z")));
  }

  static CloudWatchAlarm.StateUpdate to(String state, String at) {
    return new CloudWatchAlarm.StateUpdate(Instant.parse(at), state);
  }

  static final MetricIdentity CW = cpu(DIMS, "Average", 60, 90.0);

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(
            "in ALARM now, payload agrees",
            Delivery.SNS,
            cpu(DIMS, "Average", 60, 90.0),
            Optional.of(inCloudWatch("ALARM", CW)),
            List.of(),
            "CONFIRMED CloudWatch has alarm 'tradai-dev-backend-cpu-high' in ALARM since 2026-11-27T10:15:00Z"),
        Arguments.of(
            "payload without a threshold takes CloudWatch's",
            Delivery.SNS,
            cpu(DIMS, "Average", 60, null),
            Optional.of(inCloudWatch("ALARM", CW)),
            List.of(),
            "CONFIRMED CloudWatch has alarm 'tradai-dev-backend-cpu-high' in ALARM since 2026-11-27T10:15:00Z"),
        Arguments.of(
            "OK now, went to ALARM 10 min ago",
            Delivery.EVENTBRIDGE,
            cpu(DIMS, "Average", 60, 90.0),
            Optional.of(inCloudWatch("OK", CW)),
            List.of(to("OK", "2026-11-27T10:14:00Z"), to("ALARM", "2026-11-27T10:05:30Z")),
            "CONFIRMED CloudWatch has alarm 'tradai-dev-backend-cpu-high' in OK now; its history shows it went to ALARM at 2026-11-27T10:05:30Z"),
        Arguments.of(
            "OK now, its ALARM is older than the max age",
            Delivery.SNS,
            cpu(DIMS, "Average", 60, 90.0),
            Optional.of(inCloudWatch("OK", CW)),
            List.of(to("ALARM", "2026-11-27T09:59:00Z")),
            "NOT_IN_ALARM CloudWatch has alarm 'tradai-dev-backend-cpu-high' in OK and its history shows no transition to ALARM in the last 15 min (ALARM_MAX_AGE_MINUTES); the delivery's ALARM at 2026-11-27T10:15:00Z is not confirmed"),
        Arguments.of(
            "INSUFFICIENT_DATA now, no ALARM in history",
            Delivery.SNS,
            cpu(DIMS, "Average", 60, 90.0),
            Optional.of(inCloudWatch("INSUFFICIENT_DATA", CW)),
            List.of(to("INSUFFICIENT_DATA", "2026-11-27T10:10:00Z")),
            "NOT_IN_ALARM CloudWatch has alarm 'tradai-dev-backend-cpu-high' in INSUFFICIENT_DATA and its history shows no transition to ALARM in the last 15 min (ALARM_MAX_AGE_MINUTES); the delivery's ALARM at 2026-11-27T10:15:00Z is not confirmed"),
        Arguments.of(
            "unknown to CloudWatch",
            Delivery.SNS,
            cpu(DIMS, "Average", 60, 90.0),
            Optional.empty(),
            List.of(),
            "UNKNOWN_ALARM alarm 'tradai-dev-backend-cpu-high' does not exist in CloudWatch (DescribeAlarms found no alarm of that name); a delivery of an alarm CloudWatch does not know never acts"),
        Arguments.of(
            "threshold differs (SNS)",
            Delivery.SNS,
            cpu(DIMS, "Average", 60, 80.0),
            Optional.of(inCloudWatch("ALARM", CW)),
            List.of(),
            "ALARM_MISMATCH Trigger.Threshold 80 differs from CloudWatch's 90 (alarm 'tradai-dev-backend-cpu-high'); the payload must match CloudWatch's definition, which alone is acted on"),
        Arguments.of(
            "threshold differs (EventBridge)",
            Delivery.EVENTBRIDGE,
            cpu(DIMS, "Average", 60, 80.5),
            Optional.of(inCloudWatch("ALARM", CW)),
            List.of(),
            "ALARM_MISMATCH state.reasonData.threshold 80.5 differs from CloudWatch's 90 (alarm 'tradai-dev-backend-cpu-high'); the payload must match CloudWatch's definition, which alone is acted on"),
        Arguments.of(
            "dimensions differ",
            Delivery.SNS,
            cpu(
                Map.of("ClusterName", "tradai-dev", "ServiceName", "tradai-strategy-dev"),
                "Average",
                60,
                90.0),
            Optional.of(inCloudWatch("ALARM", CW)),
            List.of(),
            "ALARM_MISMATCH Trigger.Dimensions {ClusterName=tradai-dev, ServiceName=tradai-strategy-dev} differ from CloudWatch's {ClusterName=tradai-dev, ServiceName=tradai-backend-dev} (alarm 'tradai-dev-backend-cpu-high'); the payload must match CloudWatch's definition, which alone is acted on"),
        Arguments.of(
            "statistic differs",
            Delivery.ALARM_ACTION,
            cpu(DIMS, "Maximum", 60, 90.0),
            Optional.of(inCloudWatch("ALARM", CW)),
            List.of(),
            "ALARM_MISMATCH configuration.metrics[0].metricStat.stat Maximum differs from CloudWatch's Average (alarm 'tradai-dev-backend-cpu-high'); the payload must match CloudWatch's definition, which alone is acted on"),
        Arguments.of(
            "period differs",
            Delivery.SNS,
            cpu(DIMS, "Average", 300, 90.0),
            Optional.of(inCloudWatch("ALARM", CW)),
            List.of(),
            "ALARM_MISMATCH Trigger.Period 300 differs from CloudWatch's 60 (alarm 'tradai-dev-backend-cpu-high'); the payload must match CloudWatch's definition, which alone is acted on"),
        Arguments.of(
            "CloudWatch's is a composite",
            Delivery.SNS,
            cpu(DIMS, "Average", 60, 90.0),
            Optional.of(
                new CloudWatchAlarm(
                    "tradai-dev-backend-cpu-high",
                    CloudWatchAlarm.Kind.COMPOSITE,
                    Optional.empty(),
                    "ALARM",
                    Optional.empty())),
            List.of(),
            "ALARM_MISMATCH the payload describes a metric alarm but CloudWatch's is a composite alarm (alarm 'tradai-dev-backend-cpu-high'); the payload must match CloudWatch's definition, which alone is acted on"),
        Arguments.of(
            "a payload naming no metric (a composite's followed alarm) takes CloudWatch's",
            Delivery.ALARM_ACTION,
            null,
            Optional.of(inCloudWatch("ALARM", CW)),
            List.of(),
            "CONFIRMED CloudWatch has alarm 'tradai-dev-backend-cpu-high' in ALARM since 2026-11-27T10:15:00Z"),
        Arguments.of(
            "mismatch is rejected even in ALARM with history",
            Delivery.SNS,
            cpu(DIMS, "Average", 60, 80.0),
            Optional.of(inCloudWatch("OK", CW)),
            List.of(to("ALARM", "2026-11-27T10:15:00Z")),
            "ALARM_MISMATCH Trigger.Threshold 80 differs from CloudWatch's 90 (alarm 'tradai-dev-backend-cpu-high'); the payload must match CloudWatch's definition, which alone is acted on"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void decides(
      String name,
      Delivery delivery,
      MetricIdentity payload,
      Optional<CloudWatchAlarm> cw,
      List<CloudWatchAlarm.StateUpdate> history,
      String expected) {
    AlarmConfirmation c =
        AlarmConfirmation.decide(delivered(delivery, payload), cw, history, NOW, MAX_AGE);
    String got =
        switch (c) {
          case AlarmConfirmation.Confirmed ok -> "CONFIRMED " + ok.how();
          case AlarmConfirmation.Rejected r -> r.rejection().code() + " " + r.rejection().message();
          case AlarmConfirmation.Unreadable u -> "UNREADABLE " + u.why();
        };
    assertThat(got).isEqualTo(expected);
  }

  @Test
  void theConfirmedAlarmCarriesCloudWatchsDefinitionNotThePayloads() {
    AlarmConfirmation c =
        AlarmConfirmation.decide(
            delivered(Delivery.SNS, cpu(DIMS, "Average", 60, null)),
            Optional.of(inCloudWatch("ALARM", CW)),
            List.of(),
            NOW,
            MAX_AGE);
    assertThat(((AlarmConfirmation.Confirmed) c).alarm().metric()).contains(CW);
  }

  @Test
  void aReadFailureIsUnreadableAndSaysWhy() {
    AlarmConfirmation c =
        AlarmConfirmation.unreadable(
            delivered(Delivery.SNS, CW),
            "Failure: CloudWatch answered 400 Throttling Rate exceeded");
    assertThat(((AlarmConfirmation.Unreadable) c).why())
        .isEqualTo(
            "alarm 'tradai-dev-backend-cpu-high' could not"
                + " be read from CloudWatch (Failure: CloudWatch answered 400 Throttling Rate exceeded), so it is not confirmed");
  }
}
