package com.tradai.remediation.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.withSettings;

import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.ports.AlarmStatus;
import com.tradai.remediation.testing.Moto;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmHistoryItem;
import software.amazon.awssdk.services.cloudwatch.model.CompositeAlarm;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmHistoryRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmHistoryResponse;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.HistoryItemType;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * The alarm-state and alarm-history adapters. moto never evaluates alarms and does not answer the
 * SDK's CBOR CloudWatch protocol, so each adapter's mapping is tested against a Mockito mock of
 * CloudWatchClient (the SDK interface itself), and against moto only for what moto really does:
 * fail, which must read as UNKNOWN rather than break a verification.
 */
@ExtendWith(Moto.class)
class CloudWatchAlarmAdaptersTest {
  private static final Instant AT = Instant.parse("2026-11-27T10:19:40Z");

  /**
   * The SDK's own interface, mocked: the adapters call the builder overloads, whose default
   * implementations build the request and call the request overloads stubbed here, so the request
   * the adapter built is the one captured.
   */
  private static CloudWatchClient cloudWatch(
      DescribeAlarmsResponse alarms, DescribeAlarmHistoryResponse history) {
    CloudWatchClient cw =
        mock(CloudWatchClient.class, withSettings().defaultAnswer(CALLS_REAL_METHODS));
    doReturn(alarms).when(cw).describeAlarms(any(DescribeAlarmsRequest.class));
    doReturn(history).when(cw).describeAlarmHistory(any(DescribeAlarmHistoryRequest.class));
    return cw;
  }

  private static CloudWatchClient cloudWatch(DescribeAlarmsResponse alarms) {
    return cloudWatch(alarms, null);
  }

  private static DescribeAlarmsRequest describeAlarmsRequest(CloudWatchClient cw) {
    ArgumentCaptor<DescribeAlarmsRequest> request =
        ArgumentCaptor.forClass(DescribeAlarmsRequest.class);
    verify(cw).describeAlarms(request.capture());
    return request.getValue();
  }

  @Test
  void metricAlarmStateAndSince_atTheSdkInterface() {
    CloudWatchClient cw =
        cloudWatch(
            DescribeAlarmsResponse.builder()
                .metricAlarms(
                    MetricAlarm.builder()
                        .alarmName("tradai-dev-api-latency-high")
                        .stateValue("OK")
                        .stateUpdatedTimestamp(AT)
                        .build())
                .build());
    AlarmStatus status =
        new CloudWatchAlarmStateReader(() -> cw).read("tradai-dev-api-latency-high");
    assertThat(status).isEqualTo(new AlarmStatus("OK", Optional.of(AT)));
    DescribeAlarmsRequest r = describeAlarmsRequest(cw);
    assertThat(r.alarmNames()).containsExactly("tradai-dev-api-latency-high");
    assertThat(r.alarmTypesAsStrings()).containsExactly("MetricAlarm", "CompositeAlarm");
  }

  @Test
  void compositeAlarmState_atTheSdkInterface() {
    CloudWatchClient cw =
        cloudWatch(
            DescribeAlarmsResponse.builder()
                .compositeAlarms(
                    CompositeAlarm.builder()
                        .alarmName("tradai-dev-api-health")
                        .stateValue("ALARM")
                        .stateUpdatedTimestamp(AT)
                        .build())
                .build());
    assertThat(new CloudWatchAlarmStateReader(() -> cw).read("tradai-dev-api-health").state())
        .isEqualTo("ALARM");
  }

  @Test
  void aMissingAlarmIsUnknown_atTheSdkInterface() {
    CloudWatchClient cw = cloudWatch(DescribeAlarmsResponse.builder().build());
    assertThat(new CloudWatchAlarmStateReader(() -> cw).read("gone"))
        .isEqualTo(AlarmStatus.UNKNOWN);
  }

  @Test
  void aFailedReadAgainstMotoIsUnknown(MotoServer moto) {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev");
        AwsClients aws = new AwsClients(Config.from(env.variables()))) {
      assertThat(
              new CloudWatchAlarmStateReader(aws::cloudWatch).read("tradai-dev-api-latency-high"))
          .isEqualTo(AlarmStatus.UNKNOWN);
    }
  }

  private static AlarmHistoryItem update(String at, String from, String to) {
    return AlarmHistoryItem.builder()
        .timestamp(Instant.parse(at))
        .historyItemType(HistoryItemType.STATE_UPDATE)
        .historyData(
            "{\"version\":\"1.0\",\"oldState\":{\"stateValue\":\""
                + from
                + "\"},\"newState\":{\"stateValue\":\""
                + to
                + "\",\"stateReason\":\"Threshold Crossed\"}}")
        .build();
  }

  @Test
  void lastAlarmBeforeTheOkIsTheNewestStateUpdateIntoAlarm_atTheSdkInterface() {
    CloudWatchClient cw =
        cloudWatch(
            null,
            DescribeAlarmHistoryResponse.builder()
                .alarmHistoryItems(
                    update("2026-11-27T10:19:40Z", "ALARM", "OK"),
                    update("2026-11-27T10:15:00Z", "OK", "ALARM"),
                    update("2026-11-27T08:00:00Z", "OK", "ALARM"))
                .build());
    Instant okAt = Instant.parse("2026-11-27T10:19:40Z");
    assertThat(
            new CloudWatchAlarmHistory(() -> cw, com.tradai.remediation.handler.Json.MAPPER)
                .lastAlarmBefore("tradai-dev-api-latency-high", okAt))
        .contains(Instant.parse("2026-11-27T10:15:00Z"));
    ArgumentCaptor<DescribeAlarmHistoryRequest> request =
        ArgumentCaptor.forClass(DescribeAlarmHistoryRequest.class);
    verify(cw).describeAlarmHistory(request.capture());
    DescribeAlarmHistoryRequest r = request.getValue();
    assertThat(r.alarmName()).isEqualTo("tradai-dev-api-latency-high");
    assertThat(r.historyItemType()).isEqualTo(HistoryItemType.STATE_UPDATE);
    assertThat(r.scanBy()).isEqualTo(ScanBy.TIMESTAMP_DESCENDING);
    assertThat(r.endDate()).isEqualTo(okAt);
    assertThat(r.startDate()).isEqualTo(okAt.minus(java.time.Duration.ofDays(1)));
  }

  @Test
  void noAlarmInTheHistoryOrAFailedReadIsUnknown(MotoServer moto) {
    CloudWatchClient quiet =
        cloudWatch(
            null,
            DescribeAlarmHistoryResponse.builder()
                .alarmHistoryItems(update("2026-11-27T10:19:40Z", "INSUFFICIENT_DATA", "OK"))
                .build());
    assertThat(
            new CloudWatchAlarmHistory(() -> quiet, com.tradai.remediation.handler.Json.MAPPER)
                .lastAlarmBefore("x", AT))
        .isEmpty();
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev");
        AwsClients aws = new AwsClients(Config.from(env.variables()))) {
      assertThat(
              new CloudWatchAlarmHistory(
                      aws::cloudWatch, com.tradai.remediation.handler.Json.MAPPER)
                  .lastAlarmBefore("tradai-dev-api-latency-high", AT))
          .isEmpty();
    }
  }
}
