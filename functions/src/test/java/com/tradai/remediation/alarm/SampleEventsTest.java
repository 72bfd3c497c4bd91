package com.tradai.remediation.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.testing.Resources;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sample events in {@code events/} are AWS-shaped: each loads through aws-lambda-java-tests'
 * EventLoader into aws-lambda-java-events' type for its source, and the strict intake (which parses
 * the raw bytes itself, refusing duplicate keys and oversize input before parsing) reads the same
 * alarm from it as the library's model does.
 */
class SampleEventsTest {
  private final AlarmIntake intake = new AlarmIntake("tradai");

  private Alarm accepted(String file) {
    Intake result = intake.parse(Resources.bytes("/events/" + file));
    assertThat(result).as(file).isInstanceOf(Intake.Accepted.class);
    return ((Intake.Accepted) result).alarm();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "sns-api-latency-alarm.json",
        "sns-api-latency-ok.json",
        "sns-api-latency-insufficient-data.json",
        "sns-backtest-memory-alarm.json",
        "sns-ecs-cpu-alarm.json",
        "sns-exchange-errors-alarm.json",
        "sns-lambda-duration-alarm.json",
        "sns-rds-cpu-alarm.json"
      })
  void snsSamplesAreSnsEventsCarryingTheAlarmTheIntakeReads(String file) throws IOException {
    SNSEvent event = EventLoader.loadSNSEvent("/events/" + file);

    assertThat(event.getRecords())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getEventSource()).isEqualTo("aws:sns");
              assertThat(r.getSNS().getType()).isEqualTo("Notification");
              assertThat(r.getSNS().getTopicArn())
                  .startsWith("arn:aws:sns:eu-west-1:123456789012:tradai-");
            });
    JsonNode message = Json.MAPPER.readTree(event.getRecords().getFirst().getSNS().getMessage());
    Alarm alarm = accepted(file);
    assertThat(alarm.delivery()).isEqualTo(Delivery.SNS);
    assertThat(alarm.name()).isEqualTo(message.path("AlarmName").asText());
    assertThat(alarm.arn()).isEqualTo(message.path("AlarmArn").asText());
    assertThat(alarm.state().name()).isEqualTo(message.path("NewStateValue").asText());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "eventbridge-api-latency-alarm.json",
        "eventbridge-ecs-memory-alarm.json",
        "eventbridge-lambda-errors-alarm.json"
      })
  void eventBridgeSamplesAreAlarmStateChangesForTheAlarmTheIntakeReads(String file) {
    ScheduledEvent event = EventLoader.loadScheduledEvent("/events/" + file);

    assertThat(event.getSource()).isEqualTo("aws.cloudwatch");
    assertThat(event.getDetailType()).isEqualTo("CloudWatch Alarm State Change");
    Alarm alarm = accepted(file);
    assertThat(alarm.delivery()).isEqualTo(Delivery.EVENTBRIDGE);
    assertThat(event.getResources()).containsExactly(alarm.arn());
    assertThat(event.getAccount()).isEqualTo(alarm.account());
    assertThat(event.getRegion()).isEqualTo(alarm.region());
    assertThat(event.getDetail()).containsEntry("alarmName", alarm.name());
    assertThat(((Map<?, ?>) event.getDetail().get("state")).get("value"))
        .isEqualTo(alarm.state().name());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"scheduled-health-check.json"})
  void theHealthCheckSampleIsAnEventBridgeScheduledEvent(String file) {
    ScheduledEvent event = EventLoader.loadScheduledEvent("/events/" + file);

    assertThat(event.getSource()).isEqualTo("aws.events");
    assertThat(event.getDetailType()).isEqualTo("Scheduled Event");
    assertThat(event.getResources())
        .singleElement()
        .asString()
        .isEqualTo("arn:aws:events:eu-west-1:123456789012:rule/tradai-dev-quick-health-check");
    assertThat(event.getTime().toDate().toInstant())
        .isEqualTo(Instant.parse("2026-11-27T10:15:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sqs-verification-check.json"})
  void theVerificationSampleIsAnSqsEventCarryingOneCheck(String file) throws IOException {
    SQSEvent event = EventLoader.loadSQSEvent("/events/" + file);

    assertThat(event.getRecords())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getEventSource()).isEqualTo("aws:sqs");
              assertThat(r.getMessageId()).isNotBlank();
              assertThat(Json.MAPPER.readTree(r.getBody()).path("kind").asText())
                  .isEqualTo("tradai-verification");
            });
  }
}
