package com.tradai.remediation.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.handler.Config;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.verify.AlarmStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmHistoryItem;
import software.amazon.awssdk.services.cloudwatch.model.CompositeAlarm;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmHistoryRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmHistoryResponse;
import software.amazon.awssdk.services.cloudwatch.model.HistoryItemType;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/**
 * The alarm-state and alarm-history adapters. moto never evaluates alarms and does not answer the
 * SDK's CBOR CloudWatch protocol, so each adapter's mapping is tested against a CloudWatchClient implemented in the test (the SDK
 * interface itself), and against moto only for what moto really does: fail, which must read as
 * UNKNOWN rather than break a verification.
 */
@ExtendWith(Moto.class)
class CloudWatchAlarmAdaptersTest {
  private static final Instant AT = Instant.parse("2026-11-27T10:19:40Z");

  /** The SDK's own interface, answering DescribeAlarms with a canned response and recording the request. */
  private static final class Canned implements CloudWatchClient {
    final List<DescribeAlarmsRequest> requests = new ArrayList<>();
    final List<DescribeAlarmHistoryRequest> historyRequests = new ArrayList<>();
    final DescribeAlarmsResponse response;
    final DescribeAlarmHistoryResponse history;

    Canned(DescribeAlarmsResponse response) {
      this(response, null);
    }

    Canned(DescribeAlarmsResponse response, DescribeAlarmHistoryResponse history) {
      this.response = response;
      this.history = history;
    }

    @Override
    public DescribeAlarmHistoryResponse describeAlarmHistory(DescribeAlarmHistoryRequest request) {
      historyRequests.add(request);
      return history;
    }

    @Override
    public DescribeAlarmsResponse describeAlarms(DescribeAlarmsRequest request) {
      requests.add(request);
      return response;
    }

    @Override
    public String serviceName() {
      return "monitoring";
    }

    @Override
    public void close() {}
  }

  @Test
  void metricAlarmStateAndSince_atTheSdkInterface() {
    Canned cw = new Canned(DescribeAlarmsResponse.builder().metricAlarms(MetricAlarm.builder()
        .alarmName("tradai-dev-api-latency-high").stateValue("OK").stateUpdatedTimestamp(AT).build()).build());
    AlarmStatus status = new CloudWatchAlarmStateReader(() -> cw).read("tradai-dev-api-latency-high");
    assertThat(status).isEqualTo(new AlarmStatus("OK", Optional.of(AT)));
    assertThat(cw.requests).singleElement().satisfies(r -> {
      assertThat(r.alarmNames()).containsExactly("tradai-dev-api-latency-high");
      assertThat(r.alarmTypesAsStrings()).containsExactly("MetricAlarm", "CompositeAlarm");
    });
  }

  @Test
  void compositeAlarmState_atTheSdkInterface() {
    Canned cw = new Canned(DescribeAlarmsResponse.builder().compositeAlarms(CompositeAlarm.builder()
        .alarmName("tradai-dev-api-health").stateValue("ALARM").stateUpdatedTimestamp(AT).build()).build());
    assertThat(new CloudWatchAlarmStateReader(() -> cw).read("tradai-dev-api-health").state()).isEqualTo("ALARM");
  }

  @Test
  void aMissingAlarmIsUnknown_atTheSdkInterface() {
    Canned cw = new Canned(DescribeAlarmsResponse.builder().build());
    assertThat(new CloudWatchAlarmStateReader(() -> cw).read("gone")).isEqualTo(AlarmStatus.UNKNOWN);
  }

  @Test
  void aFailedReadAgainstMotoIsUnknown(MotoServer moto) {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev");
        AwsClients aws = new AwsClients(Config.from(env.variables()))) {
      assertThat(new CloudWatchAlarmStateReader(aws::cloudWatch).read("tradai-dev-api-latency-high"))
          .isEqualTo(AlarmStatus.UNKNOWN);
    }
  }

  private static AlarmHistoryItem update(String at, String from, String to) {
    return AlarmHistoryItem.builder().timestamp(Instant.parse(at)).historyItemType(HistoryItemType.STATE_UPDATE)
        .historyData("{\"version\":\"1.0\",\"oldState\":{\"stateValue\":\"" + from
            + "\"},\"newState\":{\"stateValue\":\"" + to + "\",\"stateReason\":\"Threshold Crossed\"}}")
        .build();
  }

  @Test
  void lastAlarmBeforeTheOkIsTheNewestStateUpdateIntoAlarm_atTheSdkInterface() {
    Canned cw = new Canned(null, DescribeAlarmHistoryResponse.builder().alarmHistoryItems(
        update("2026-11-27T10:19:40Z", "ALARM", "OK"),
        update("2026-11-27T10:15:00Z", "OK", "ALARM"),
        update("2026-11-27T08:00:00Z", "OK", "ALARM")).build());
    Instant okAt = Instant.parse("2026-11-27T10:19:40Z");
    assertThat(new CloudWatchAlarmHistory(() -> cw, com.tradai.remediation.handler.Json.MAPPER)
        .lastAlarmBefore("tradai-dev-api-latency-high", okAt)).contains(Instant.parse("2026-11-27T10:15:00Z"));
    assertThat(cw.historyRequests).singleElement().satisfies(r -> {
      assertThat(r.alarmName()).isEqualTo("tradai-dev-api-latency-high");
      assertThat(r.historyItemType()).isEqualTo(HistoryItemType.STATE_UPDATE);
      assertThat(r.scanBy()).isEqualTo(ScanBy.TIMESTAMP_DESCENDING);
      assertThat(r.endDate()).isEqualTo(okAt);
      assertThat(r.startDate()).isEqualTo(okAt.minus(java.time.Duration.ofDays(1)));
    });
  }

  @Test
  void noAlarmInTheHistoryOrAFailedReadIsUnknown(MotoServer moto) {
    Canned quiet = new Canned(null, DescribeAlarmHistoryResponse.builder().alarmHistoryItems(
        update("2026-11-27T10:19:40Z", "INSUFFICIENT_DATA", "OK")).build());
    assertThat(new CloudWatchAlarmHistory(() -> quiet, com.tradai.remediation.handler.Json.MAPPER)
        .lastAlarmBefore("x", AT)).isEmpty();
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev");
        AwsClients aws = new AwsClients(Config.from(env.variables()))) {
      assertThat(new CloudWatchAlarmHistory(aws::cloudWatch, com.tradai.remediation.handler.Json.MAPPER)
          .lastAlarmBefore("tradai-dev-api-latency-high", AT)).isEmpty();
    }
  }
}
