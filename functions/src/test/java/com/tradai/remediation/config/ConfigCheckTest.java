package com.tradai.remediation.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.cli.LocalContext;
import com.tradai.remediation.handler.HealthCheckHandler;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.handler.RemediationHandler;
import com.tradai.remediation.handler.VerifierHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The configuration is checked once at start; a bad value is answered with one FAILED report that
 * names the variable, never a stack trace, and nothing is called (no endpoint here answers).
 */
public class ConfigCheckTest {

  /** A complete, valid environment as the dev stack sets it. */
  public static Map<String, String> valid() {
    Map<String, String> env = new HashMap<>();
    env.put("TRADAI_PROJECT", "tradai");
    env.put("TRADAI_ENV", "dev");
    env.put("AWS_REGION", "eu-west-1");
    env.put(
        "RESULTS_TOPIC_ARN", "arn:aws:sns:eu-west-1:123456789012:tradai-dev-remediation-results");
    env.put(
        "ESCALATION_TOPIC_ARN",
        "arn:aws:sns:eu-west-1:123456789012:tradai-dev-remediation-escalation");
    env.put(
        "VERIFY_QUEUE_URL",
        "https://sqs.eu-west-1.amazonaws.com/123456789012/tradai-dev-remediation-verify");
    env.put(
        "VERIFICATION_QUEUE_ARN",
        "arn:aws:sqs:eu-west-1:123456789012:tradai-dev-remediation-verify");
    env.put("LEDGER_TABLE", "tradai-dev-remediation-ledger");
    env.put("KILL_SWITCH_PARAMETER", "/tradai/dev/remediation/kill-switch");
    env.put("POLICY_PARAMETER", "/tradai/dev/remediation/policy");
    env.put("ECS_CLUSTER", "tradai-dev");
    env.put("ALB_LOAD_BALANCER", "app/tradai-dev/50dc6c495c0c9188");
    env.put("ALB_BACKEND_TARGET_GROUP", "targetgroup/tradai-backend-dev/6d0ecf831eec9f09");
    env.put("RDS_INSTANCE", "tradai-dev");
    env.put("LAMBDA_FUNCTIONS", "tradai-signals-dev,tradai-api-dev");
    env.put("LAMBDA_ALIAS", "live");
    env.put("API_CALLER_TIMEOUT_SECONDS", "29");
    env.put("EXCHANGE_ENDPOINTS", "https://api.binance.com/api/v3/ping");
    env.put("HEALTH_ENDPOINTS", "");
    env.put("HEALTH_SERVICES", "backend,strategy-service");
    env.put("DRY_RUN", "true");
    env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:5000");
    env.put("AWS_MAX_ATTEMPTS", "2");
    return env;
  }

  @Test
  void theStacksValuesPass() {
    assertThat(ConfigCheck.problems(valid())).isEmpty();
  }

  @Test
  void emptyOptionalVariablesKeepTheirMeaning() {
    Map<String, String> env = new HashMap<>(Map.of("TRADAI_ENV", "dev"));
    for (String name : valid().keySet()) {
      if (!name.equals("TRADAI_ENV")) {
        env.put(name, "");
      }
    }
    assertThat(ConfigCheck.problems(env)).isEmpty();
    assertThat(Config.from(env).ledgerTable()).isEmpty();
    assertThat(Config.from(env).resultsTopicArn()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "TRADAI_ENV | qa | TRADAI_ENV is 'qa'; set it to dev, staging or prod",
        "RESULTS_TOPIC_ARN | ResultsTopic | RESULTS_TOPIC_ARN is 'ResultsTopic'; expected an SNS topic ARN like"
            + " arn:aws:sns:eu-west-1:123456789012:tradai-dev-remediation-results (this is a CloudFormation logical id",
        "ESCALATION_TOPIC_ARN | arn:aws:sqs:eu-west-1:123456789012:q | ESCALATION_TOPIC_ARN is 'arn:aws:sqs:eu-west-1:123456789012:q'; expected an SNS topic ARN",
        "VERIFY_QUEUE_URL | VerifyQueue | VERIFY_QUEUE_URL is 'VerifyQueue'; expected an SQS queue URL",
        "VERIFY_QUEUE_URL | https://sqs.eu-west-1.amazonaws.com/queue | VERIFY_QUEUE_URL is 'https://sqs.eu-west-1.amazonaws.com/queue'; expected an SQS queue URL",
        "VERIFICATION_QUEUE_ARN | https://sqs.eu-west-1.amazonaws.com/123456789012/q | VERIFICATION_QUEUE_ARN is 'https://sqs.eu-west-1.amazonaws.com/123456789012/q'; expected an SQS queue ARN",
        "VERIFICATION_QUEUE_ARN | arn:aws:sns:eu-west-1:123456789012:q | VERIFICATION_QUEUE_ARN is 'arn:aws:sns:eu-west-1:123456789012:q'; expected an SQS queue ARN",
        "LEDGER_TABLE | LedgerTable | LEDGER_TABLE is 'LedgerTable'; expected a DynamoDB table name",
        "LEDGER_TABLE | a b | LEDGER_TABLE is 'a b'; expected a DynamoDB table name",
        "KILL_SWITCH_PARAMETER | KillSwitchParameter | KILL_SWITCH_PARAMETER is 'KillSwitchParameter'; expected an SSM parameter name",
        "POLICY_PARAMETER | /tradai//policy | POLICY_PARAMETER is '/tradai//policy'; expected an SSM parameter name",
        "AWS_ENDPOINT_URL | 127.0.0.1:5000 | AWS_ENDPOINT_URL is '127.0.0.1:5000'; expected an http(s) URL",
        "AWS_REGION | europe | AWS_REGION is 'europe'; expected a region like eu-west-1",
        "DRY_RUN | maybe | DRY_RUN is 'maybe'; expected true or false",
        "AWS_MAX_ATTEMPTS | 0 | AWS_MAX_ATTEMPTS is '0'; expected a whole number above 0",
        "METRICS_REPLAY_FILE | /no/such/file.json | METRICS_REPLAY_FILE is '/no/such/file.json'; expected a readable file",
        "HEALTH_ENDPOINTS | https://ok.example/h,ftp://x | HEALTH_ENDPOINTS is 'https://ok.example/h,ftp://x'; expected comma-separated http(s) URLs",
        "ALB_LOAD_BALANCER | tradai-dev | ALB_LOAD_BALANCER is 'tradai-dev'; expected the ALB dimension value app/<name>/<id>",
      })
  void aBadValueIsNamedWithWhatWasExpected(String name, String value, String message) {
    Map<String, String> env = valid();
    env.put(name, value);
    assertThat(ConfigCheck.problems(env)).singleElement().asString().startsWith(message);
  }

  /** What sam local invoke gives the dev template's references, without an env-vars value. */
  public static Map<String, String> asSamSetsThem() {
    Map<String, String> env = valid();
    env.remove("AWS_ENDPOINT_URL"); // SAM drops what the template does not declare
    env.putAll(
        Map.of(
            "RESULTS_TOPIC_ARN",
            "ResultsTopic",
            "ESCALATION_TOPIC_ARN",
            "EscalationTopic",
            "VERIFY_QUEUE_URL",
            "VerifyQueue",
            "LEDGER_TABLE",
            "LedgerTable",
            "KILL_SWITCH_PARAMETER",
            "KillSwitchParameter",
            "POLICY_PARAMETER",
            "PolicyParameter"));
    return env;
  }

  private static final String SAM_REFUSAL =
      "Configuration refused, nothing was done: RESULTS_TOPIC_ARN"
          + " is 'ResultsTopic'; expected an SNS topic ARN like"
          + " arn:aws:sns:eu-west-1:123456789012:tradai-dev-remediation-results (this is a CloudFormation"
          + " logical id: sam local invoke sets a Ref to it; give the deployed value in --env-vars, or an"
          + " empty one for a plan-only run); ESCALATION_TOPIC_ARN is 'EscalationTopic';";

  @Test
  void theRemediationFunctionAnswersSamsLogicalIdsWithOneFailedReportNamingThem() throws Exception {
    RemediationHandler handler = new RemediationHandler(asSamSetsThem());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream("{\"command\":\"list-actions\"}".getBytes(StandardCharsets.UTF_8)),
        out,
        new LocalContext("RemediationFunction"));

    JsonNode report = Json.MAPPER.readTree(out.toByteArray());
    assertThat(report.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(report.path("environment").asText()).isEqualTo("dev");
    assertThat(report.path("summary").asText())
        .startsWith(SAM_REFUSAL)
        .contains(
            "VERIFY_QUEUE_URL is 'VerifyQueue'",
            "LEDGER_TABLE is 'LedgerTable'",
            "KILL_SWITCH_PARAMETER is 'KillSwitchParameter'",
            "POLICY_PARAMETER is 'PolicyParameter'");
  }

  @Test
  void theHealthCheckFunctionAnswersTheSameWay() {
    var report = new HealthCheckHandler(asSamSetsThem()).run();
    assertThat(report.outcome().name()).isEqualTo("FAILED");
    assertThat(report.summary()).startsWith(SAM_REFUSAL);
  }

  @Test
  void theVerifierFailsEveryCheckOfTheBatchSoSqsKeepsThemAndSaysWhy() throws Exception {
    JsonNode out =
        new VerifierHandler(asSamSetsThem())
            .handle(
                "{\"Records\":[{\"messageId\":\"m-1\",\"body\":\"{}\",\"eventSource\":\"aws:sqs\"}]}"
                    .getBytes(StandardCharsets.UTF_8));
    assertThat(out.path("batchItemFailures").path(0).path("itemIdentifier").asText())
        .isEqualTo("m-1");
    assertThat(out.path("reports").path(0).path("outcome").asText()).isEqualTo("FAILED");
    assertThat(out.path("reports").path(0).path("summary").asText()).startsWith(SAM_REFUSAL);
  }

  @Test
  void aFunctionThatCannotBeWiredSaysWhyInsteadOfFailingItsInit() {
    Map<String, String> env = valid();
    env.put("ROUTING_FILE", "pom.xml"); // readable, but not a routing file
    var report = new RemediationHandler(env).handle("{}".getBytes(StandardCharsets.UTF_8));
    assertThat(report.outcome().name()).isEqualTo("FAILED");
    assertThat(report.summary()).startsWith("The function could not start, nothing was done: ");
  }
}
