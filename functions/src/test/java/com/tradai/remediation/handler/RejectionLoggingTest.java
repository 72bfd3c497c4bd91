package com.tradai.remediation.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rejections need no AWS at all, so the handler runs with an endpoint nothing listens on: a call
 * would fail the test. Log lines are captured with a plain "%m%n" layout, so a raw CR/LF from alarm
 * text would show up as an extra line.
 */
class RejectionLoggingTest {
  private LogCapture capture;

  @BeforeEach
  void capture() {
    capture = new LogCapture("%m%n");
  }

  @AfterEach
  void release() {
    capture.close();
  }

  private Report handle(String input) {
    RemediationHandler handler =
        new RemediationHandler(
            Map.of(
                "TRADAI_ENV",
                "dev",
                "AWS_REGION",
                "eu-west-1",
                "AWS_ACCESS_KEY_ID",
                "x",
                "AWS_SECRET_ACCESS_KEY",
                "y",
                "AWS_ENDPOINT_URL",
                "http://127.0.0.1:9",
                "AWS_MAX_ATTEMPTS",
                "1",
                "RESULTS_TOPIC_ARN",
                ""));
    return handler.handle(input.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void injectedLineBreaksInAlarmTextStayOnOneLogLine() {
    Report r =
        handle(
            "{\"detail-type\":\"CloudWatch Alarm State Change\",\"resources\":[\"arn:aws:cloudwatch:eu-west-1:123456789012:alarm:x\"],"
                + "\"detail\":{\"alarmName\":\"tradai-dev-x\\r\\n{\\\"level\\\":\\\"ERROR\\\",\\\"message\\\":\\\"forged\\\"}\","
                + "\"state\":{\"value\":\"ALARM\",\"timestamp\":\"2026-11-27T10:15:00.000+0000\"},"
                + "\"configuration\":{\"metrics\":[{\"id\":\"m1\",\"metricStat\":{\"metric\":{\"namespace\":\"AWS/SQS\",\"name\":\"Age\",\"dimensions\":{\"QueueName\":\"q\"}},\"period\":60,\"stat\":\"Maximum\"},\"returnData\":true}]}}}");

    assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
    String log = capture.text();
    assertThat(log.lines()).hasSize(1);
    assertThat(log)
        .startsWith("rejected: NO_RUNBOOK no runbook handles alarm 'tradai-dev-x\\r\\n{\"level\"");
  }

  @Test
  void everyRejectionIsLoggedOnceWithItsReason() {
    Report r =
        handle("{\"Records\":[{\"Sns\":{\"Message\":\"{\\\"AlarmName\\\": \\\"tradai-dev-a\"}}]}");
    assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(capture.text().lines())
        .containsExactly("rejected: INVALID_JSON " + r.rejection().message());
    assertThat(r.rejection().message()).startsWith("Records[0].Sns.Message is not valid JSON");
  }
}
