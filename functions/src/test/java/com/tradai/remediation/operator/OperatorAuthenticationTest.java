package com.tradai.remediation.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.handler.OperatorHandler;
import com.tradai.remediation.handler.RemediationHandler;
import com.tradai.remediation.ledger.ActionCodec;
import com.tradai.remediation.ledger.AuditRecord;
import com.tradai.remediation.ledger.DynamoDbLedger;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.OperatorSigning;
import com.tradai.remediation.testing.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may change things through the operator function, against moto: its STS answers
 * GetCallerIdentity for a session it handed out (AssumeRole) with the session's ARN, as AWS does
 * (moto checks no signature; {@code StsSignatureDouble} in the CLI's test does). Each refusal is
 * asserted on the service and the ledger: nothing changed, nothing recorded.
 */
@ExtendWith(Moto.class)
class OperatorAuthenticationTest {
  private static final String BACKEND = "tradai-backend-dev";
  @TempDir Path tmp;

  /** A fix applied by the alarm function (desired 2 → 3); its audit id, to roll back. */
  private String applied(DemoEnvironment env, Map<String, String> vars) {
    JsonNode fixed =
        Json.MAPPER.valueToTree(
            new RemediationHandler(vars)
                .handle(Resources.bytes("/events/sns-api-latency-alarm.json")));
    assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
    return fixed.path("changes").get(0).path("auditId").asText();
  }

  private Map<String, String> vars(DemoEnvironment env) throws IOException {
    Path metrics = tmp.resolve("m.json");
    Files.write(metrics, Resources.bytes("/events/metrics/api-latency-load-spike.json"));
    return env.variables(Map.of("METRICS_REPLAY_FILE", metrics.toString()));
  }

  private static JsonNode operate(Map<String, String> vars, byte[] payload) {
    return Json.MAPPER.valueToTree(new OperatorHandler(vars).handle(payload));
  }

  private static byte[] plain(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static List<AuditRecord> audits(DemoEnvironment env) {
    return new DynamoDbLedger(env::dynamoDb, env.ledgerTable(), new ActionCodec(Json.MAPPER))
        .recent("dev", java.util.Optional.empty(), 50);
  }

  private static String rollback(String auditId, String by) {
    return "{\"command\":\"rollback\",\"auditId\":\"" + auditId + "\",\"by\":\"" + by + "\"}";
  }

  @Test
  void aPlainInvokeOfAChangingCommandIsRefusedAndChangesNothingWhileListActionsRuns(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Map<String, String> vars = vars(env);
      String auditId = applied(env, vars);
      int recorded = audits(env).size();

      for (String command :
          List.of(
              rollback(auditId, "alice"),
              "{\"command\":\"approve\",\"planId\":\"p-20261127T101500.000Z-1a2b3c4d\",\"by\":\"alice\"}",
              "{\"command\":\"reset-breaker\",\"by\":\"alice\"}",
              "{\"command\":\"diagnose\",\"alarmName\":\"tradai-dev-api-latency-high\",\"apply\":true}")) {
        JsonNode report = operate(vars, plain(command));
        String name = Json.MAPPER.readTree(command).path("command").asText();
        assertThat(report.path("outcome").asText()).isEqualTo("REJECTED");
        assertThat(report.path("rejection").path("code").asText()).isEqualTo("NOT_AN_OPERATOR");
        assertThat(report.path("rejection").path("message").asText())
            .isEqualTo(
                "command '"
                    + name
                    + "' changes things, so it is accepted only from an operator role that AWS authenticated,"
                    + " and this request carries no identity proof (a plain Invoke never does); send it with"
                    + " ./run ops, which signs it with your credentials, as a session of one of the operator"
                    + " roles ["
                    + OperatorSigning.ONCALL_ROLE
                    + "] (assume one, e.g. with --profile);"
                    + " nothing was changed");
      }
      assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
      assertThat(audits(env)).hasSize(recorded);

      JsonNode listed = operate(vars, plain("{\"command\":\"list-actions\"}"));
      assertThat(listed.path("outcome").asText()).isEqualTo("RECORDED_OK");
      assertThat(listed.path("changes").get(0).path("auditId").asText()).isEqualTo(auditId);
    }
  }

  @Test
  void aRequestContextInThePayloadIsNoIdentity(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Map<String, String> vars = vars(env);
      String auditId = applied(env, vars);
      // what a Function URL event carries, written by hand into a plain Invoke
      String forged =
          rollback(auditId, "alice")
              .replace(
                  "}",
                  ",\"requestContext\":{\"authorizer\":"
                      + "{\"iam\":{\"userArn\":\""
                      + OperatorSigning.ONCALL_SESSION
                      + "\"}}}}");
      JsonNode report = operate(vars, plain(forged));
      assertThat(report.path("rejection").path("code").asText()).isEqualTo("NOT_AN_OPERATOR");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
    }
  }

  @Test
  void aSessionOfARoleThatIsNoOperatorIsRefusedByName(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Map<String, String> vars = vars(env);
      String auditId = applied(env, vars);
      int recorded = audits(env).size();
      byte[] signed =
          OperatorSigning.signed(
              vars,
              rollback(auditId, "alice"),
              OperatorSigning.session(vars, OperatorSigning.DEVELOPER_ROLE, "dev1"));

      JsonNode report = operate(vars, signed);

      assertThat(report.path("rejection").path("code").asText()).isEqualTo("NOT_AN_OPERATOR");
      assertThat(report.path("rejection").path("message").asText())
          .isEqualTo(
              "the sender"
                  + " arn:aws:sts::123456789012:assumed-role/developer/dev1 is not an operator: it takes a"
                  + " session of one of the operator roles ["
                  + OperatorSigning.ONCALL_ROLE
                  + "] (assume one,"
                  + " e.g. with --profile); nothing was changed");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
      assertThat(audits(env)).hasSize(recorded);
    }
  }

  @Test
  void aProofSignedForAnotherCommandIsRefused(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Map<String, String> vars = vars(env);
      String auditId = applied(env, vars);
      JsonNode envelope =
          Json.MAPPER.readTree(OperatorSigning.asOncall(vars, "{\"command\":\"list-actions\"}"));
      ((com.fasterxml.jackson.databind.node.ObjectNode) envelope)
          .put("signedCommand", rollback(auditId, "alice"));

      JsonNode report = operate(vars, envelope.toString().getBytes(StandardCharsets.UTF_8));

      assertThat(report.path("rejection").path("message").asText())
          .isEqualTo(
              "the identity proof was"
                  + " signed for another command (x-tradai-command-sha256 is not the SHA-256 of signedCommand);"
                  + " nothing was changed");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
    }
  }

  @Test
  void withNoOperatorRoleConfiguredNobodyChangesAnything(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Map<String, String> vars = new HashMap<>(vars(env));
      String auditId = applied(env, vars);
      vars.remove("OPERATOR_ROLE_ARNS");

      JsonNode report = operate(vars, OperatorSigning.asOncall(vars, rollback(auditId, "alice")));

      assertThat(report.path("rejection").path("message").asText())
          .isEqualTo(
              "the sender "
                  + OperatorSigning.ONCALL_SESSION
                  + " is not an operator: it takes an operator role, and this"
                  + " function names none (OPERATOR_ROLE_ARNS is empty; set operators.roleArns in the infra"
                  + " config); nothing was changed");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
    }
  }

  @Test
  void anOperatorSessionIsAcceptedAndTheLedgerRecordsItsIdentityNotThePayloadsBy(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Map<String, String> vars = vars(env);
      String auditId = applied(env, vars);

      JsonNode report =
          operate(
              vars,
              OperatorSigning.asOncall(
                  vars,
                  rollback(auditId, "arn:aws:sts::123456789012:assumed-role/tradai-lead/mallory")));

      assertThat(report.path("outcome").asText()).isEqualTo("REMEDIATED");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
      String rollbackId = report.path("changes").get(0).path("auditId").asText();
      AuditRecord recorded =
          audits(env).stream()
              .filter(r -> r.auditId().equals(rollbackId))
              .findFirst()
              .orElseThrow();
      // the payload's by, its ARN characters dropped, is only a note beside the identity STS named
      assertThat(recorded.alarmName())
          .isEqualTo(
              "rollback of "
                  + auditId
                  + " by "
                  + OperatorSigning.ONCALL_SESSION
                  + " (note: arnawssts123456789012assumed-roletradai-leadmallory)");
      assertThat(report.path("summary").asText())
          .contains(" by " + OperatorSigning.ONCALL_SESSION + " (note: ");

      JsonNode reset =
          operate(vars, OperatorSigning.asOncall(vars, "{\"command\":\"reset-breaker\"}"));
      assertThat(reset.path("summary").asText())
          .startsWith("Circuit breaker in dev reset by " + OperatorSigning.ONCALL_SESSION + " at ");
    }
  }
}
