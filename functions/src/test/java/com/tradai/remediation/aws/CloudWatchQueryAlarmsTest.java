package com.tradai.remediation.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradai.remediation.alarm.CloudWatchAlarm;
import com.tradai.remediation.alarm.MetricIdentity;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.Resources;
import com.tradai.remediation.testing.ScriptedHttp;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The query-protocol alarm reads: over the wire against moto (which serves DescribeAlarms in the
 * query protocol, but not DescribeAlarmHistory), and against answers in real CloudWatch's XML shape
 * (ExtendedStatistic, a composite alarm, NextToken pages, history items) replayed by a scripted
 * endpoint, since moto's answer lacks some of them.
 */
@ExtendWith(Moto.class)
class CloudWatchQueryAlarmsTest {

  @Test
  void readsTheDefinitionAndStateMotoHoldsOverTheWire(MotoServer moto) {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev")) {
      env.seedAlarms(
          Resources.bytes("/events/sns-ecs-cpu-alarm.json"),
          Resources.bytes("/events/sns-api-latency-alarm.json"));
      CloudWatchAlarm cpu = env.alarms().describe("tradai-dev-backend-cpu-high").orElseThrow();
      assertThat(cpu.kind()).isEqualTo(CloudWatchAlarm.Kind.METRIC);
      assertThat(cpu.stateValue()).isEqualTo("ALARM");
      assertThat(cpu.metric())
          .contains(
              new MetricIdentity(
                  "AWS/ECS",
                  "CPUUtilization",
                  Map.of("ClusterName", "tradai-dev", "ServiceName", "tradai-backend-dev"),
                  "Average",
                  60,
                  Optional.of(80.0),
                  Optional.of("GreaterThanThreshold")));
      assertThat(
              env.alarms()
                  .describe("tradai-dev-api-latency-high")
                  .orElseThrow()
                  .metric()
                  .orElseThrow()
                  .statistic())
          .isEqualTo("p99");
      assertThat(env.alarms().describe("tradai-dev-made-up-alarm")).isEmpty();
      env.alarmState("tradai-dev-backend-cpu-high", "OK");
      assertThat(env.alarms().describe("tradai-dev-backend-cpu-high").orElseThrow().stateValue())
          .isEqualTo("OK");
    }
  }

  @Test
  void motoCannotAnswerAlarmHistorySoTheReadThrowsRatherThanAnsweringEmpty(MotoServer moto) {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev")) {
      assertThatThrownBy(
              () ->
                  env.alarms()
                      .stateUpdates(
                          "tradai-dev-backend-cpu-high",
                          Instant.parse("2026-11-27T10:00:00Z"),
                          Instant.parse("2026-11-27T10:15:00Z")))
          .isInstanceOf(AwsQueryCall.Failure.class)
          .hasMessageStartingWith("CloudWatch answered 500");
    }
  }

  /**
   * Real CloudWatch's DescribeAlarms answer (API reference shape): a first page with a NextToken.
   */
  static final String PAGE_1 =
      """
      <DescribeAlarmsResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
        <DescribeAlarmsResult>
          <CompositeAlarms/>
          <MetricAlarms/>
          <NextToken>page-2-token</NextToken>
        </DescribeAlarmsResult>
        <ResponseMetadata><RequestId>f2a9e2f4-1111-4d6e-9d55-000000000001</RequestId></ResponseMetadata>
      </DescribeAlarmsResponse>""";

  static final String PAGE_2 =
      """
      <DescribeAlarmsResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
        <DescribeAlarmsResult>
          <CompositeAlarms>
            <member>
              <AlarmName>tradai-prod-api-latency-composite</AlarmName>
              <AlarmRule>ALARM(tradai-prod-api-latency-high) OR ALARM(tradai-prod-api-5xx-high)</AlarmRule>
              <StateValue>ALARM</StateValue>
              <StateUpdatedTimestamp>2026-11-27T10:15:00.118Z</StateUpdatedTimestamp>
            </member>
          </CompositeAlarms>
          <MetricAlarms>
            <member>
              <AlarmName>tradai-prod-api-latency-high</AlarmName>
              <AlarmArn>arn:aws:cloudwatch:eu-west-1:123456789012:alarm:tradai-prod-api-latency-high</AlarmArn>
              <StateValue>OK</StateValue>
              <StateUpdatedTimestamp>2026-11-27T10:21:00.000Z</StateUpdatedTimestamp>
              <MetricName>TargetResponseTime</MetricName>
              <Namespace>AWS/ApplicationELB</Namespace>
              <ExtendedStatistic>p99</ExtendedStatistic>
              <Dimensions>
                <member><Name>LoadBalancer</Name><Value>app/tradai-prod/50dc6c495c0c9188</Value></member>
              </Dimensions>
              <Period>60</Period>
              <EvaluationPeriods>3</EvaluationPeriods>
              <Threshold>2.0</Threshold>
              <ComparisonOperator>GreaterThanThreshold</ComparisonOperator>
            </member>
          </MetricAlarms>
        </DescribeAlarmsResult>
        <ResponseMetadata><RequestId>f2a9e2f4-1111-4d6e-9d55-000000000002</RequestId></ResponseMetadata>
      </DescribeAlarmsResponse>""";

  static final String HISTORY =
      """
      <DescribeAlarmHistoryResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
        <DescribeAlarmHistoryResult>
          <AlarmHistoryItems>
            <member>
              <AlarmName>tradai-prod-api-latency-high</AlarmName>
              <AlarmType>MetricAlarm</AlarmType>
              <Timestamp>2026-11-27T10:21:00.000Z</Timestamp>
              <HistoryItemType>StateUpdate</HistoryItemType>
              <HistorySummary>Alarm updated from ALARM to OK</HistorySummary>
              <HistoryData>{"version":"1.0","oldState":{"stateValue":"ALARM"},"newState":{"stateValue":"OK"}}</HistoryData>
            </member>
            <member>
              <AlarmName>tradai-prod-api-latency-high</AlarmName>
              <AlarmType>MetricAlarm</AlarmType>
              <Timestamp>2026-11-27T10:15:00.000Z</Timestamp>
              <HistoryItemType>StateUpdate</HistoryItemType>
              <HistorySummary>Alarm updated from OK to ALARM</HistorySummary>
              <HistoryData>{"version":"1.0","oldState":{"stateValue":"OK"},"newState":{"stateValue":"ALARM"}}</HistoryData>
            </member>
          </AlarmHistoryItems>
        </DescribeAlarmHistoryResult>
      </DescribeAlarmHistoryResponse>""";

  static final String THROTTLED =
      """
      <ErrorResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
        <Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>
        <RequestId>f2a9e2f4-1111-4d6e-9d55-000000000003</RequestId>
      </ErrorResponse>""";

  private static CloudWatchQueryAlarms adapter(
      ScriptedHttp http, int maxAttempts, List<String> calls) {
    return new CloudWatchQueryAlarms(
        new AwsQueryCall(
            UrlConnectionHttpClient.create(),
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIAEXAMPLEEXAMPLE00", "secret")),
            "eu-west-1",
            "monitoring",
            "2010-08-01",
            "CloudWatch",
            "CloudWatch",
            URI.create(http.url()),
            maxAttempts,
            calls::add));
  }

  private static ScriptedHttp.Response xml(int status, String body) {
    return new ScriptedHttp.Response(status, "text/xml", body, 0);
  }

  @Test
  void followsNextTokenAndReadsExtendedStatisticAndCompositesInRealCloudWatchsShape() {
    try (ScriptedHttp http =
        new ScriptedHttp(
            r -> xml(200, r.body().contains("NextToken=page-2-token") ? PAGE_2 : PAGE_1))) {
      List<String> calls = new ArrayList<>();
      CloudWatchQueryAlarms alarms = adapter(http, 1, calls);
      CloudWatchAlarm latency = alarms.describe("tradai-prod-api-latency-high").orElseThrow();
      assertThat(latency.metric())
          .contains(
              new MetricIdentity(
                  "AWS/ApplicationELB",
                  "TargetResponseTime",
                  Map.of("LoadBalancer", "app/tradai-prod/50dc6c495c0c9188"),
                  "p99",
                  60,
                  Optional.of(2.0),
                  Optional.of("GreaterThanThreshold")));
      assertThat(latency.stateValue()).isEqualTo("OK");
      assertThat(latency.stateUpdated()).contains(Instant.parse("2026-11-27T10:21:00Z"));
      CloudWatchAlarm composite =
          alarms.describe("tradai-prod-api-latency-composite").orElseThrow();
      assertThat(composite.kind()).isEqualTo(CloudWatchAlarm.Kind.COMPOSITE);
      assertThat(composite.stateValue()).isEqualTo("ALARM");
      assertThat(http.requests().getFirst().body())
          .isEqualTo(
              "Action=DescribeAlarms&Version=2010-08-01"
                  + "&AlarmNames.member.1=tradai-prod-api-latency-high&AlarmTypes.member.1=MetricAlarm"
                  + "&AlarmTypes.member.2=CompositeAlarm");
      assertThat(http.requests().getFirst().header("Authorization"))
          .contains("/eu-west-1/monitoring/aws4_request");
      assertThat(calls)
          .containsExactly(
              "CloudWatch:DescribeAlarms",
              "CloudWatch:DescribeAlarms",
              "CloudWatch:DescribeAlarms",
              "CloudWatch:DescribeAlarms");
    }
  }

  @Test
  void readsStateUpdatesNewestFirstFromHistoryData() {
    try (ScriptedHttp http = new ScriptedHttp(r -> xml(200, HISTORY))) {
      List<CloudWatchAlarm.StateUpdate> updates =
          adapter(http, 1, new ArrayList<>())
              .stateUpdates(
                  "tradai-prod-api-latency-high",
                  Instant.parse("2026-11-27T10:06:00Z"),
                  Instant.parse("2026-11-27T10:21:30Z"));
      assertThat(updates)
          .containsExactly(
              new CloudWatchAlarm.StateUpdate(Instant.parse("2026-11-27T10:21:00Z"), "OK"),
              new CloudWatchAlarm.StateUpdate(Instant.parse("2026-11-27T10:15:00Z"), "ALARM"));
      assertThat(http.requests().getFirst().body())
          .isEqualTo(
              "Action=DescribeAlarmHistory&Version=2010-08-01"
                  + "&AlarmName=tradai-prod-api-latency-high&HistoryItemType=StateUpdate"
                  + "&StartDate=2026-11-27T10%3A06%3A00Z&EndDate=2026-11-27T10%3A21%3A30Z&ScanBy=TimestampDescending");
    }
  }

  @Test
  void throttlingIsRetriedThenThrownWithItsCode() {
    try (ScriptedHttp http = new ScriptedHttp(r -> xml(400, THROTTLED))) {
      assertThatThrownBy(
              () -> adapter(http, 3, new ArrayList<>()).describe("tradai-prod-api-latency-high"))
          .isInstanceOf(AwsQueryCall.Failure.class)
          .hasMessage("CloudWatch answered 400 Throttling Rate exceeded");
      assertThat(http.requests()).hasSize(3);
    }
  }
}
