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
import software.amazon.awssdk.services.cloudwatch.model.CompositeAlarm;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/**
 * moto never evaluates alarms and does not answer the SDK's CBOR CloudWatch protocol, so the
 * adapter's mapping is tested against a CloudWatchClient implemented in the test (the SDK
 * interface itself), and against moto only for what moto really does: fail, which must read as
 * UNKNOWN rather than break a verification.
 */
@ExtendWith(Moto.class)
class CloudWatchAlarmStateReaderTest {
  private static final Instant AT = Instant.parse("2026-11-27T10:19:40Z");

  /** The SDK's own interface, answering DescribeAlarms with a canned response and recording the request. */
  private static final class Canned implements CloudWatchClient {
    final List<DescribeAlarmsRequest> requests = new ArrayList<>();
    final DescribeAlarmsResponse response;

    Canned(DescribeAlarmsResponse response) {
      this.response = response;
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
}
