package com.tradai.remediation.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleLinksTest {
  @Test
  void metricGraphUsesTheConsoleNotationWithStarEscapes() {
    assertThat(
            ConsoleLinks.metric(
                "eu-west-1",
                "AWS/ECS",
                "CPUUtilization",
                Map.of("ServiceName", "tradai-backend-dev", "ClusterName", "tradai-dev"),
                "Average",
                60,
                Instant.parse("2026-11-27T09:15:00Z"),
                Instant.parse("2026-11-27T10:15:00Z")))
        .isEqualTo(
            "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#metricsV2?graph="
                + "~(metrics~(~(~'AWS*2fECS~'CPUUtilization~'ClusterName~'tradai-dev~'ServiceName~'tradai-backend-dev))"
                + "~view~'timeSeries~stacked~false~region~'eu-west-1~stat~'Average~period~60"
                + "~start~'2026-11-27T09*3a15*3a00Z~end~'2026-11-27T10*3a15*3a00Z)");
  }

  @Test
  void valuesCannotBreakOutOfTheNotation() {
    assertThat(ConsoleLinks.enc("a'b~c)(d é")).isEqualTo("a*27b*7ec*29*28d*20*c3*a9");
    assertThat(ConsoleLinks.alarm("us-east-1", "tradai-dev-api latency"))
        .isEqualTo(
            "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/tradai-dev-api*20latency");
  }
}
