package com.tradai.remediation.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.MutableClock;
import com.tradai.remediation.testing.Resources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stale and foreign alarms never act, through the real handler on moto: the SNS latency alarm of
 * 2026-11-27T10:15:00Z (which scales tradai-backend-dev 2 → 3 when it may act), with the deployed
 * default maximum age (15 min) and the function in account 123456789012, region eu-west-1.
 */
@ExtendWith(Moto.class)
class StaleAndForeignAlarmsTest {
  static final Instant CHANGED = Instant.parse("2026-11-27T10:15:00Z");
  static final String ARN =
      "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:tradai-dev-api-latency-high";

  @TempDir Path tmp;

  private JsonNode invoke(DemoEnvironment env, Instant now, String alarm) throws Exception {
    Path replay = tmp.resolve("api-latency-load-spike.json");
    Files.write(replay, Resources.bytes("/events/metrics/api-latency-load-spike.json"));
    Map<String, String> vars =
        new HashMap<>(env.variables(Map.of("METRICS_REPLAY_FILE", replay.toString())));
    vars.remove("ALARM_MAX_AGE_MINUTES"); // the deployed default: 15 min
    return Json.MAPPER.valueToTree(
        new RemediationHandler(Config.from(vars), new MutableClock(now))
            .handle(alarm.getBytes(StandardCharsets.UTF_8)));
  }

  private static String sns() {
    return Resources.text("/events/sns-api-latency-alarm.json");
  }

  @Test
  void aDeliverySixteenMinutesAfterTheStateChangeIsStaleAndChangesNothing(MotoServer moto)
      throws Exception {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      assertThat(sns()).contains(ARN);
      JsonNode report = invoke(env, CHANGED.plusSeconds(16 * 60), sns());

      assertThat(report.path("outcome").asText()).isEqualTo("STALE");
      assertThat(report.path("summary").asText())
          .isEqualTo(
              "Alarm tradai-dev-api-latency-high changed state at "
                  + "2026-11-27T10:15:00Z, 16 min ago, more than the 15 min a delivery may be old "
                  + "(ALARM_MAX_AGE_MINUTES); nothing was changed. A late retry or a replay never acts; if the alarm "
                  + "still fires, its next state change will.");
      assertThat(env.desiredCount("tradai-backend-dev")).isEqualTo(2);
      assertThat(report.path("changes")).isEmpty();
    }
  }

  @Test
  void aDeliveryWithinTheAgeActs(MotoServer moto) throws Exception {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      JsonNode report = invoke(env, CHANGED.plusSeconds(14 * 60), sns());

      assertThat(report.path("outcome").asText()).isEqualTo("REMEDIATED");
      assertThat(env.desiredCount("tradai-backend-dev")).isEqualTo(3);
    }
  }

  @Test
  void anAlarmOfAnotherAccountAndRegionIsRejectedNamingBoth(MotoServer moto) throws Exception {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      String foreign =
          sns()
              .replace(
                  ARN,
                  "arn:aws:cloudwatch:us-east-1:999999999999:alarm:tradai-dev-api-latency-high");
      JsonNode report = invoke(env, CHANGED.plusSeconds(60), foreign);

      assertThat(report.path("outcome").asText()).isEqualTo("REJECTED");
      assertThat(report.path("rejection").path("code").asText()).isEqualTo("FOREIGN_ALARM");
      assertThat(report.path("rejection").path("message").asText())
          .isEqualTo(
              "alarm ARN "
                  + "arn:aws:cloudwatch:us-east-1:999999999999:alarm:tradai-dev-api-latency-high names account "
                  + "999999999999, region us-east-1, but this function runs in account 123456789012, region eu-west-1; "
                  + "an alarm of another account or region never acts here");
      assertThat(env.desiredCount("tradai-backend-dev")).isEqualTo(2);
    }
  }

  @Test
  void anSnsMessageWhoseAccountIdDiffersFromTheFunctionsIsRejected(MotoServer moto)
      throws Exception {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      String foreign =
          sns()
              .replace(
                  "\\\"AWSAccountId\\\": \\\"123456789012\\\"",
                  "\\\"AWSAccountId\\\": \\\"999999999999\\\"");
      assertThat(foreign).isNotEqualTo(sns());
      JsonNode report = invoke(env, CHANGED.plusSeconds(60), foreign);

      assertThat(report.path("rejection").path("code").asText()).isEqualTo("FOREIGN_ALARM");
      assertThat(env.desiredCount("tradai-backend-dev")).isEqualTo(2);
    }
  }
}
