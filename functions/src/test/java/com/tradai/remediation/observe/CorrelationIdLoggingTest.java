package com.tradai.remediation.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.ports.AlarmStatus;
import com.tradai.remediation.testing.LogCapture;
import com.tradai.remediation.testing.Scenario;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Every log line of a fix and of its verification carries the alarm key as correlation_id. */
class CorrelationIdLoggingTest {
  private static final String KEY =
      "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:tradai-dev-api-latency-high@1795774500000";

  @Test
  void theFixAndItsVerificationLogUnderTheAlarmKeyAndLeaveNoKeyBehind() {
    List<String> lines;
    try (LogCapture log = new LogCapture("%X{correlation_id}|%m%n")) {
      Scenario s = new Scenario();
      s.remediate("sns-api-latency-alarm.json", "api-latency-load-spike.json");
      s.verifier("verify-api-latency-worse.json", new AlarmStatus("ALARM", Optional.empty()))
          .verify(s.lastScheduled());
      lines = log.text().lines().toList();
    }
    assertThat(lines)
        .hasSizeGreaterThanOrEqualTo(3)
        .allSatisfy(l -> assertThat(l).startsWith(KEY + "|"))
        .anySatisfy(
            l -> assertThat(l).startsWith(KEY + "|api-latency: High API Latency: Load spike"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        KEY
                            + "|verification 1 of 2 for tradai-dev-api-latency-high: NOT_RECOVERED"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(KEY + "|rolled back ScaleEcsService on tradai-backend-dev"));
    assertThat(MDC.get(Observability.CORRELATION_ID)).isNull();
  }
}
