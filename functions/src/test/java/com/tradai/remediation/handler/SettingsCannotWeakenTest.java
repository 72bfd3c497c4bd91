package com.tradai.remediation.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.testing.LogCapture;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill switch and the policy override cannot weaken the guards by accident, through the real
 * handler on moto (ECS, SSM, DynamoDB, SNS): a missing kill-switch parameter stops every fix
 * outside dev, and an override that loosens any field is refused whole, so the file's policy
 * decides (and the log names the field).
 */
@ExtendWith(Moto.class)
class SettingsCannotWeakenTest {
  @TempDir Path tmp;

  private JsonNode invoke(DemoEnvironment env, String name, String alarm) throws Exception {
    Path replay = tmp.resolve("api-latency-load-spike.json");
    Files.writeString(
        replay, inEnv(Resources.text("/events/metrics/api-latency-load-spike.json"), name));
    Map<String, String> vars = env.variables(Map.of("METRICS_REPLAY_FILE", replay.toString()));
    return Json.MAPPER.valueToTree(
        new RemediationHandler(Config.from(vars), Clock.systemUTC())
            .handle(alarm.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** The dev sample moved to env: its alarm, load balancer, target group and service names. */
  private static String inEnv(String text, String env) {
    return text.replace("tradai-dev", "tradai-" + env)
        .replace("tradai-backend-dev", "tradai-backend-" + env);
  }

  private static String latencyAlarm(String env) {
    return inEnv(Resources.text("/events/sns-api-latency-alarm.json"), env);
  }

  private static String lastGuard(JsonNode report) {
    return com.tradai.remediation.testing.Fixtures.lastGuard(report);
  }

  @Test
  void inProdAMissingKillSwitchParameterStopsEveryFix(MotoServer moto) throws Exception {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "prod").seed(2, 512, 1024)) {
      String name = env.variables().get("KILL_SWITCH_PARAMETER");
      software.amazon.awssdk.services.ssm.SsmClient ssm =
          new com.tradai.remediation.aws.AwsClients(Config.from(env.variables())).ssm();
      ssm.deleteParameter(b -> b.name(name));

      JsonNode report = invoke(env, "prod", latencyAlarm("prod"));

      assertThat(report.path("outcome").asText()).isEqualTo("BLOCKED");
      assertThat(lastGuard(report))
          .isEqualTo(
              "kill switch: engaged (SSM "
                  + name
                  + " is missing, and in prod"
                  + " a missing kill switch counts as engaged (set it to 'off' to allow fixes)); nothing is changed"
                  + " until it is turned off");
      assertThat(env.desiredCount("tradai-backend-prod")).isEqualTo(2);
    }
  }

  @Test
  void inDevAMissingKillSwitchParameterIsOff(MotoServer moto) throws Exception {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      String name = env.variables().get("KILL_SWITCH_PARAMETER");
      new com.tradai.remediation.aws.AwsClients(Config.from(env.variables()))
          .ssm()
          .deleteParameter(b -> b.name(name));

      assertThat(invoke(env, "dev", latencyAlarm("dev")).path("outcome").asText())
          .isEqualTo("REMEDIATED");
      assertThat(env.desiredCount("tradai-backend-dev")).isEqualTo(3);
    }
  }

  @Test
  void anOverrideThatLoosensOneFieldIsRefusedWholeAndTheFilePolicyDecides(MotoServer moto)
      throws Exception {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024);
        LogCapture log = new LogCapture("%m%n")) {
      // tightens approvals (ecs-scale would wait for a person) but loosens the rate limit: refused
      // whole
      env.policyOverride(
          "{\"guards\": {\"approval\": {\"always\": [\"ecs-scale\"]},"
              + " \"rateLimit\": {\"max\": 100, \"windowMinutes\": 60}}}");

      JsonNode report = invoke(env, "dev", latencyAlarm("dev"));

      assertThat(report.path("outcome").asText())
          .as("dev's file policy: no approval for ecs-scale")
          .isEqualTo("REMEDIATED");
      assertThat(env.desiredCount("tradai-backend-dev")).isEqualTo(3);
      assertThat(log.text())
          .contains(
              "policy override ssm:/tradai/dev/remediation/policy refused: it loosens"
                  + " guards.rateLimit.max (6 → 100); the file policy stays in force");
    }
  }

  @Test
  void anOverrideThatOnlyTightensIsInForce(MotoServer moto) throws Exception {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      env.policyOverride(
          "{\"guards\": {\"approval\": {\"always\": [\"ecs-scale\"]},"
              + " \"rateLimit\": {\"max\": 2, \"windowMinutes\": 120}}}");

      JsonNode report = invoke(env, "dev", latencyAlarm("dev"));

      assertThat(lastGuard(report)).startsWith("approval: pending as plan p-");
      assertThat(env.desiredCount("tradai-backend-dev")).isEqualTo(2);
    }
  }
}
