package com.tradai.remediation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.Resources;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(Moto.class)
class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) throws Exception {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void helpDescribesEveryCommandAndExitsZero() throws Exception {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("invoke --event FILE")
        .contains("--env-vars FILE")
        .contains("--metrics FILE")
        .contains("demo");
  }

  @Test
  void noArgumentsPrintsUsageToStderrAndExitsTwo() throws Exception {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).startsWith("tradai-remediation: runs");
  }

  @Test
  void unknownCommandAndOptionAreNamed() throws Exception {
    assertThat(run("deploy")).isEqualTo(2);
    assertThat(err.toString())
        .contains("unknown command 'deploy'; expected invoke, demo, bench or ops");
    err.reset();
    assertThat(run("invoke", "--evnt", "x.json")).isEqualTo(2);
    assertThat(err.toString().trim()).isEqualTo("unknown option '--evnt' (see --help)");
    err.reset();
    assertThat(run("invoke")).isEqualTo(2);
    assertThat(err.toString().trim()).isEqualTo("--event FILE is required (see --help)");
  }

  @Test
  void invokeWithoutTheEnvironmentSaysWhichVariableIsMissing(@TempDir Path tmp) throws Exception {
    Path env = tmp.resolve("env.json");
    Files.writeString(env, "{\"Parameters\":{\"TRADAI_ENV\":\"qa\"}}");
    Path event = tmp.resolve("e.json");
    Files.write(event, Resources.bytes("/events/sns-api-latency-alarm.json"));
    assertThat(run("invoke", "--event", event.toString(), "--env-vars", env.toString()))
        .isEqualTo(1);
    assertThat(Json.MAPPER.readTree(out.toString()).path("summary").asText())
        .isEqualTo(
            "Configuration refused, nothing was done: TRADAI_ENV is 'qa'; set it to dev,"
                + " staging or prod (the environment this function serves)");
  }

  @Test
  void invokeRunsTheHandlerLikeSamLocalInvokeAgainstMoto(MotoServer moto, @TempDir Path tmp)
      throws Exception {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Path vars = tmp.resolve("env.json");
      Map<String, String> all = env.variables();
      Files.writeString(
          vars,
          Json.MAPPER.writeValueAsString(
              Map.of(
                  "Parameters",
                  all,
                  "RemediationFunction",
                  Map.of("RESULTS_TOPIC_ARN", env.resultsTopicArn()))));
      Path event = tmp.resolve("event.json");
      Files.write(event, Resources.bytes("/events/alarm-action-api-latency-alarm.json"));
      Path metrics = tmp.resolve("metrics.json");
      Files.write(metrics, Resources.bytes("/events/metrics/api-latency-load-spike.json"));

      int code =
          run(
              "invoke",
              "--event",
              event.toString(),
              "--env-vars",
              vars.toString(),
              "--metrics",
              metrics.toString(),
              "--endpoint",
              moto.endpoint());

      assertThat(code).isZero();
      JsonNode report = Json.MAPPER.readTree(out.toString());
      assertThat(report.path("outcome").asText()).isEqualTo("REMEDIATED");
      assertThat(report.path("alarm").path("delivery").asText()).isEqualTo("ALARM_ACTION");
      assertThat(env.desiredCount("tradai-backend-dev")).isEqualTo(3);
    }
  }

  @Test
  void invokeDryRunChangesNothing(MotoServer moto, @TempDir Path tmp) throws Exception {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Path vars = tmp.resolve("env.json");
      Files.writeString(
          vars, Json.MAPPER.writeValueAsString(Map.of("Parameters", env.variables())));
      Path event = tmp.resolve("event.json");
      Files.write(event, Resources.bytes("/events/sns-api-latency-alarm.json"));
      Path metrics = tmp.resolve("metrics.json");
      Files.write(metrics, Resources.bytes("/events/metrics/api-latency-load-spike.json"));

      assertThat(
              run(
                  "invoke",
                  "--event",
                  event.toString(),
                  "--env-vars",
                  vars.toString(),
                  "--metrics",
                  metrics.toString(),
                  "--dry-run"))
          .isZero();

      assertThat(Json.MAPPER.readTree(out.toString()).path("outcome").asText())
          .isEqualTo("DRY_RUN");
      assertThat(env.desiredCount("tradai-backend-dev")).isEqualTo(2);
    }
  }

  /** A template shaped like the CDK's: literal values, and Refs that only a deploy resolves. */
  private static String template(String handler) {
    return """
        {"Resources": {
          "RemediationFunction": {"Type": "AWS::Lambda::Function", "Properties": {
            "Handler": "%s",
            "Environment": {"Variables": {
              "TRADAI_ENV": "dev", "ECS_CLUSTER": "tradai-dev", "DRY_RUN": "false",
              "LEDGER_TABLE": {"Ref": "LedgerTable"}, "RESULTS_TOPIC_ARN": {"Ref": "ResultsTopic"}}}}},
          "ResultsTopic": {"Type": "AWS::SNS::Topic"}}}
        """
        .formatted(handler);
  }

  /** {@code invoke --template} on the template above, with the given env-vars for the function. */
  private int invokeOnTemplate(
      MotoServer moto, DemoEnvironment env, Path tmp, Map<String, String> own) throws Exception {
    Path template = tmp.resolve("t.json");
    Files.writeString(
        template, template("com.tradai.remediation.handler.RemediationHandler::handleRequest"));
    Path vars = tmp.resolve("env.json");
    Files.writeString(
        vars,
        Json.MAPPER.writeValueAsString(
            Map.of(
                "Parameters",
                Map.of(
                    "AWS_REGION",
                    "eu-west-1",
                    "AWS_ACCESS_KEY_ID",
                    "testing",
                    "AWS_SECRET_ACCESS_KEY",
                    "testing",
                    "ALARM_MAX_AGE_MINUTES",
                    DemoEnvironment.REPLAYS_MAX_AGE_MINUTES), // a recorded alarm
                "RemediationFunction",
                own)));
    Path event = tmp.resolve("event.json");
    Files.write(event, Resources.bytes("/events/sns-api-latency-alarm.json"));
    Path metrics = tmp.resolve("metrics.json");
    Files.write(metrics, Resources.bytes("/events/metrics/api-latency-load-spike.json"));
    return run(
        "invoke",
        "--template",
        template.toString(),
        "--function",
        "RemediationFunction",
        "--event",
        event.toString(),
        "--env-vars",
        vars.toString(),
        "--metrics",
        metrics.toString(),
        "--endpoint",
        moto.endpoint());
  }

  @Test
  void invokeTakesTheHandlerAndEnvironmentFromATemplateWithTheReferencesFromEnvVars(
      MotoServer moto, @TempDir Path tmp) throws Exception {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      // The template's DRY_RUN (false) is overridden, as SAM's env-vars do; LEDGER_TABLE is given
      // an empty value (as infra/sam/local-env.json does), so nothing could be applied anyway.
      int code =
          invokeOnTemplate(
              moto,
              env,
              tmp,
              Map.of(
                  "DRY_RUN",
                  "true",
                  "LEDGER_TABLE",
                  "",
                  "RESULTS_TOPIC_ARN",
                  env.resultsTopicArn()));

      assertThat(code).as(err.toString()).isZero();
      JsonNode report = Json.MAPPER.readTree(out.toString());
      assertThat(report.path("outcome").asText()).isEqualTo("DRY_RUN");
      assertThat(report.path("environment").asText()).isEqualTo("dev");
      assertThat(env.desiredCount("tradai-backend-dev")).isEqualTo(2);
      assertThat(err.toString())
          .doesNotContain("CloudFormation references")
          .contains(
              "used anyway (sam local invoke would ignore them): [ALARM_MAX_AGE_MINUTES,"
                  + " AWS_ACCESS_KEY_ID, AWS_REGION, AWS_SECRET_ACCESS_KEY]");
    }
  }

  @Test
  void invokeGivesAReferenceWithoutEnvVarsTheLogicalIdAsSamDoesAndTheFunctionRefusesItByName(
      MotoServer moto, @TempDir Path tmp) throws Exception {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      int code =
          invokeOnTemplate(
              moto,
              env,
              tmp,
              Map.of("DRY_RUN", "true", "RESULTS_TOPIC_ARN", env.resultsTopicArn()));

      assertThat(code).as("a FAILED result exits 1").isEqualTo(1);
      JsonNode report = Json.MAPPER.readTree(out.toString());
      assertThat(report.path("outcome").asText()).isEqualTo("FAILED");
      assertThat(report.path("summary").asText())
          .isEqualTo(
              "Configuration refused, nothing was done:"
                  + " LEDGER_TABLE is 'LedgerTable'; expected a DynamoDB table name like"
                  + " tradai-dev-remediation-ledger (this is a CloudFormation logical id: sam local invoke"
                  + " sets a Ref to it; give the deployed value in --env-vars, or an empty one for a"
                  + " plan-only run)");
      assertThat(env.desiredCount("tradai-backend-dev")).isEqualTo(2);
      assertThat(err.toString())
          .contains(
              "CloudFormation references set as sam local invoke sets"
                  + " them (give deployed values, or empty ones for a plan-only run, in --env-vars):"
                  + " [LEDGER_TABLE=LedgerTable]");
    }
  }

  @Test
  void aLocalRunWhoseReportCannotBePublishedAnswersFailedWithoutAStackTrace(
      MotoServer moto, @TempDir Path tmp) throws Exception {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      String missing = "arn:aws:sns:eu-west-1:123456789012:tradai-dev-no-such-topic";
      int code =
          invokeOnTemplate(
              moto,
              env,
              tmp,
              Map.of("DRY_RUN", "true", "LEDGER_TABLE", "", "RESULTS_TOPIC_ARN", missing));

      assertThat(code).isEqualTo(1);
      JsonNode report = Json.MAPPER.readTree(out.toString());
      assertThat(report.path("outcome").asText()).isEqualTo("FAILED");
      assertThat(report.path("summary").asText())
          .startsWith("Not published, the report could not be published: NotFoundException: ")
          .contains("The run itself: DRY_RUN: High API Latency: Load spike");
      assertThat(report.path("decisions").path(0).path("verdict").asText()).isEqualTo("DRY_RUN");
      assertThat(err.toString()).doesNotContain("\tat com.tradai").doesNotContain("Exception in");
    }
  }

  @Test
  void invokeWithATemplateNamesItsFunctionsAndRefusesAStaleHandler(@TempDir Path tmp)
      throws Exception {
    Path template = tmp.resolve("t.json");
    Files.writeString(
        template, template("com.tradai.remediation.handler.GoneHandler::handleRequest"));
    Path event = tmp.resolve("e.json");
    Files.writeString(event, "{}");
    assertThat(
            run(
                "invoke",
                "--template",
                template.toString(),
                "--function",
                "Verifier",
                "--event",
                event.toString()))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "--function 'Verifier' is not a function of "
                + template
                + "; its functions are [RemediationFunction]");
    err.reset();
    assertThat(run("invoke", "--template", template.toString(), "--event", event.toString()))
        .isEqualTo(1);
    assertThat(err.toString())
        .contains("the handler com.tradai.remediation.handler.GoneHandler is not in this jar");
  }
}
