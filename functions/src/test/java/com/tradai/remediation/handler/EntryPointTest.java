package com.tradai.remediation.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.LocalContext;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.Resources;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Alarms and a person's commands arrive at different functions: the remediation function refuses
 * every command that changes something or reads the audit trail, naming the operator function; the
 * operator function refuses alarms. A refusal changes nothing in AWS (moto: the service, the ledger
 * and the results topic's subscriber are untouched).
 */
@ExtendWith(Moto.class)
class EntryPointTest {
  @TempDir Path tmp;

  private static JsonNode run(
      com.amazonaws.services.lambda.runtime.RequestStreamHandler h, byte[] event)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    h.handleRequest(new ByteArrayInputStream(event), out, new LocalContext("f"));
    return Json.MAPPER.readTree(out.toByteArray());
  }

  /** The environment's variables with a recorded metrics file to replay. */
  private Map<String, String> replaying(DemoEnvironment env, String recording) throws IOException {
    Path metrics = tmp.resolve(recording);
    Files.write(metrics, Resources.bytes("/events/metrics/" + recording));
    return env.variables(Map.of("METRICS_REPLAY_FILE", metrics.toString()));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "manual-approve.json",
        "manual-reject.json",
        "manual-rollback.json",
        "manual-reset-breaker.json",
        "manual-list-actions.json",
        "manual-diagnose-api-latency.json"
      })
  void theAlarmFunctionRefusesAnOperatorCommandNamingTheOperatorFunction(
      String file, MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      JsonNode report =
          run(new RemediationHandler(env.variables()), Resources.bytes("/events/" + file));
      String command =
          Json.MAPPER.readTree(Resources.bytes("/events/" + file)).path("command").asText();

      assertThat(report.path("outcome").asText()).isEqualTo("REJECTED");
      assertThat(report.path("rejection").path("code").asText()).isEqualTo("WRONG_ENTRY_POINT");
      assertThat(report.path("rejection").path("message").asText())
          .isEqualTo(
              "command '"
                  + command
                  + "' is taken only by the operator function tradai-remediation-operator-dev, which only the"
                  + " operator roles may invoke; use `./run ops --env dev ...` (see ./run ops --help); nothing was changed");
      assertThat(env.desiredCount("tradai-backend-dev")).isEqualTo(2);
      assertThat(env.dynamoDb().scan(b -> b.tableName(env.ledgerTable())).items()).isEmpty();
      assertThat(
              env.sqs()
                  .receiveMessage(b -> b.queueUrl(env.resultsQueueUrl()).waitTimeSeconds(0))
                  .messages())
          .isEmpty();
    }
  }

  @Test
  void theAlarmFunctionStillRunsTheReadOnlyHealthCheck(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      JsonNode report =
          run(
              new RemediationHandler(replaying(env, "health-check.json")),
              Resources.bytes("/events/manual-health-check.json"));
      assertThat(report.path("runbook").asText()).isEqualTo("health-check");
      assertThat(report.path("changes")).isEmpty();
    }
  }

  @Test
  void theOperatorFunctionRefusesAnAlarmNamingTheAlarmFunction(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      JsonNode report =
          run(
              new OperatorHandler(replaying(env, "api-latency-load-spike.json")),
              Resources.bytes("/events/sns-api-latency-alarm.json"));

      assertThat(report.path("outcome").asText()).isEqualTo("REJECTED");
      assertThat(report.path("rejection").path("code").asText()).isEqualTo("WRONG_ENTRY_POINT");
      assertThat(report.path("rejection").path("message").asText())
          .isEqualTo(
              "an alarm goes to the"
                  + " remediation function tradai-remediation-dev, not to the operator function"
                  + " tradai-remediation-operator-dev; nothing was changed");
      assertThat(env.desiredCount("tradai-backend-dev")).isEqualTo(2);
      assertThat(env.dynamoDb().scan(b -> b.tableName(env.ledgerTable())).items()).isEmpty();
    }
  }
}
