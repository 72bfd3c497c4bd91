package com.tradai.remediation.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.handler.OperatorHandler;
import com.tradai.remediation.handler.RemediationHandler;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sample command events and bad command fields, against a real moto_server. */
@ExtendWith(Moto.class)
class LedgerCommandsTest {
  @TempDir Path tmp;

  private static JsonNode invoke(Map<String, String> vars, byte[] event) {
    return Json.MAPPER.valueToTree(new RemediationHandler(vars).handle(event));
  }

  /** A person's command, signed by an on-call session, at the operator function. */
  private static JsonNode operate(Map<String, String> vars, byte[] command) {
    return Json.MAPPER.valueToTree(
        new OperatorHandler(vars)
            .handle(
                com.tradai.remediation.testing.OperatorSigning.asOncall(
                    vars, new String(command, StandardCharsets.UTF_8))));
  }

  @ParameterizedTest(name = "events/{0} → {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "manual-approve.json|REJECTED|planId p-20261127T101500.000Z-1a2b3c4d is not a plan of dev",
        "manual-reject.json|REJECTED|planId p-20261127T101500.000Z-1a2b3c4d is not a plan of dev",
        "manual-rollback.json|REJECTED|auditId 20261127T101500.123Z-5e6f7a8b is not an audit record of dev",
        "manual-reset-breaker.json|RECORDED_OK|Circuit breaker in dev reset by arn:aws:sts::123456789012:assumed-role/tradai-oncall/alice (note: alice) at ",
        "manual-list-actions.json|RECORDED_OK|0 recent action(s) in dev on tradai-backend-dev"
      })
  void everySampleCommandIsUnderstood(String file, String outcome, String text, MotoServer moto) {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      JsonNode report = operate(env.variables(), Resources.bytes("/events/" + file));
      assertThat(report.path("outcome").asText()).isEqualTo(outcome);
      String said =
          outcome.equals("REJECTED")
              ? report.path("rejection").path("message").asText()
              : report.path("summary").asText();
      assertThat(said).startsWith(text);
      assertThat(env.desiredCount("tradai-backend-dev")).isEqualTo(2);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"command\":\"approve\"}|planId is missing or not a plan id like p-20261127T101500.000Z-1a2b3c4d; usage: ",
        "{\"command\":\"approve\",\"planId\":\"PLAN#dev\"}|planId is missing or not a plan id like",
        "{\"command\":\"rollback\",\"auditId\":7}|auditId is missing or not an audit id like 20261127T101500.000Z-1a2b3c4d; usage: ",
        "{\"command\":\"list-actions\",\"limit\":0}|limit must be a whole number from 1 to 100, got 0",
        "{\"command\":\"list-actions\",\"target\":\"*\"}|target must be a resource name like tradai-backend-dev"
      })
  void aBadFieldIsNamedAndNothingChanges(String event, String message, MotoServer moto) {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      JsonNode report = operate(env.variables(), event.getBytes(StandardCharsets.UTF_8));
      assertThat(report.path("outcome").asText()).isEqualTo("REJECTED");
      assertThat(report.path("rejection").path("code").asText()).isEqualTo("INVALID_FIELD");
      assertThat(report.path("rejection").path("message").asText()).startsWith(message);
    }
  }

  @Test
  void withoutALedgerTableAnAlarmPlansButAppliesNothing(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Path metrics = tmp.resolve("m.json");
      Files.write(metrics, Resources.bytes("/events/metrics/api-latency-load-spike.json"));
      Map<String, String> vars =
          new HashMap<>(env.variables(Map.of("METRICS_REPLAY_FILE", metrics.toString())));
      vars.remove("LEDGER_TABLE");
      JsonNode report = invoke(vars, Resources.bytes("/events/sns-api-latency-alarm.json"));

      assertThat(report.path("outcome").asText()).isEqualTo("BLOCKED");
      JsonNode guards = report.path("decisions").get(0).path("guards");
      assertThat(guards.get(guards.size() - 1).asText())
          .isEqualTo(
              "idempotency: not taken (no "
                  + "ledger: LEDGER_TABLE is not set); nothing is applied without it");
      assertThat(env.desiredCount("tradai-backend-dev")).isEqualTo(2);
      assertThat(
              operate(vars, Resources.bytes("/events/manual-list-actions.json"))
                  .path("rejection")
                  .path("message")
                  .asText())
          .startsWith("this function has no ledger");
    }
  }

  @Test
  void anUnreachableLedgerBlocksEveryChangeAndStillAnswersWithAReport(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Path metrics = tmp.resolve("m.json");
      Files.write(metrics, Resources.bytes("/events/metrics/api-latency-load-spike.json"));
      Map<String, String> vars =
          env.variables(
              Map.of("METRICS_REPLAY_FILE", metrics.toString(), "LEDGER_TABLE", "no-such-table"));
      JsonNode report = invoke(vars, Resources.bytes("/events/sns-api-latency-alarm.json"));

      assertThat(report.path("outcome").asText()).isEqualTo("BLOCKED");
      JsonNode guards = report.path("decisions").get(0).path("guards");
      assertThat(guards.get(guards.size() - 1).asText())
          .startsWith("idempotency: not taken (ledger unavailable: ")
          .endsWith("); nothing is applied without it");
      assertThat(env.desiredCount("tradai-backend-dev")).isEqualTo(2);
      JsonNode listed = operate(vars, Resources.bytes("/events/manual-list-actions.json"));
      assertThat(listed.path("outcome").asText()).isEqualTo("FAILED");
      assertThat(listed.path("summary").asText()).startsWith("The command could not finish: ");
    }
  }

  @Test
  void anInvalidPolicyOverrideChangesNothingAndSaysWhich(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Path metrics = tmp.resolve("m.json");
      Files.write(metrics, Resources.bytes("/events/metrics/api-latency-load-spike.json"));
      env.policyOverride("{\"guards\": {\"rateLimit\": {\"max\": 0}}}");
      JsonNode report =
          invoke(
              env.variables(Map.of("METRICS_REPLAY_FILE", metrics.toString())),
              Resources.bytes("/events/sns-api-latency-alarm.json"));
      assertThat(report.path("outcome").asText()).isEqualTo("FAILED");
      assertThat(report.path("summary").asText())
          .isEqualTo(
              "Nothing was changed: policy "
                  + "/policy/dev.json + ssm:/tradai/dev/remediation/policy: guards.rateLimit.max must be a "
                  + "whole number from 1 to 1000, got 0");
      assertThat(env.desiredCount("tradai-backend-dev")).isEqualTo(2);
    }
  }
}
