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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.sqs.model.Message;

/** The real handler and SDK clients against a real moto_server; metrics replayed from a file. */
@ExtendWith(Moto.class)
class RemediationEndToEndTest {
  private static final String BACKEND = "tradai-backend-dev";

  @TempDir Path tmp;

  private Path metrics(String name) throws IOException {
    Path file = tmp.resolve(name);
    Files.write(file, Resources.bytes("/events/metrics/" + name));
    return file;
  }

  private JsonNode invoke(Map<String, String> vars, String event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new RemediationHandler(vars)
        .handleRequest(
            new ByteArrayInputStream(Resources.bytes("/events/" + event)),
            out,
            new LocalContext("RemediationFunction"));
    return Json.MAPPER.readTree(out.toByteArray());
  }

  private static List<JsonNode> published(DemoEnvironment env) throws IOException {
    List<JsonNode> out = new java.util.ArrayList<>();
    for (Message m :
        env.sqs()
            .receiveMessage(
                b -> b.queueUrl(env.resultsQueueUrl()).maxNumberOfMessages(10).waitTimeSeconds(1))
            .messages()) {
      out.add(Json.MAPPER.readTree(m.body()));
    }
    return out;
  }

  @Test
  void snsLatencyAlarmWithReplayedSpikeScalesBackendFrom2To3AndPublishesTheReport(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      JsonNode report =
          invoke(
              env.variables(
                  Map.of("METRICS_REPLAY_FILE", metrics("api-latency-load-spike.json").toString())),
              "sns-api-latency-alarm.json");

      assertThat(env.desiredCount(BACKEND)).isEqualTo(3);
      assertThat(report.path("outcome").asText()).isEqualTo("REMEDIATED");
      assertThat(report.path("cause").asText()).isEqualTo("Load spike");
      assertThat(report.path("changes").get(0).path("before").asInt()).isEqualTo(2);
      assertThat(report.path("changes").get(0).path("after").asInt()).isEqualTo(3);
      assertThat(report.path("changes").get(0).path("detail").asText())
          .isEqualTo("desiredCount is now 3");

      List<JsonNode> delivered = published(env);
      assertThat(delivered).hasSize(1);
      JsonNode envelope = delivered.getFirst();
      JsonNode body = Json.MAPPER.readTree(envelope.path("Message").asText());
      assertThat(body).isEqualTo(report);
      assertThat(envelope.path("Subject").asText())
          .isEqualTo("[tradai-dev] api-latency: REMEDIATED tradai-backend-dev 2 -> 3");
      assertThat(envelope.path("MessageAttributes").path("outcome").path("Value").asText())
          .isEqualTo("REMEDIATED");
      assertThat(envelope.path("MessageAttributes").path("runbook").path("Value").asText())
          .isEqualTo("api-latency");
    }
  }

  @Test
  void dryRunPlansTheSameFixAndChangesNothing(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      JsonNode report =
          invoke(
              env.variables(
                  Map.of(
                      "DRY_RUN",
                      "true",
                      "METRICS_REPLAY_FILE",
                      metrics("api-latency-load-spike.json").toString())),
              "sns-api-latency-alarm.json");

      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
      assertThat(report.path("outcome").asText()).isEqualTo("DRY_RUN");
      assertThat(report.path("changes")).isEmpty();
      assertThat(report.path("decisions").get(0).path("verdict").asText()).isEqualTo("DRY_RUN");
      assertThat(report.path("decisions").get(0).path("effective").asText())
          .isEqualTo("desiredCount 2 → 3");
      assertThat(published(env)).hasSize(1);
    }
  }

  @Test
  void okEventIsRecordedAndChangesNothing(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      JsonNode report =
          invoke(
              env.variables(
                  Map.of("METRICS_REPLAY_FILE", metrics("api-latency-load-spike.json").toString())),
              "sns-api-latency-ok.json");

      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
      assertThat(report.path("outcome").asText()).isEqualTo("RECORDED_OK");
      assertThat(report.path("summary").asText())
          .isEqualTo("Alarm tradai-dev-api-latency-high is OK again; recorded, no fix needed.");
    }
  }

  @Test
  void insufficientDataIsReportedNeverActedOn(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      JsonNode report =
          invoke(
              env.variables(
                  Map.of("METRICS_REPLAY_FILE", metrics("api-latency-load-spike.json").toString())),
              "sns-api-latency-insufficient-data.json");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
      assertThat(report.path("outcome").asText()).isEqualTo("INSUFFICIENT_DATA");
    }
  }

  @Test
  void memoryPressureRegistersABiggerRevisionAndPointsTheServiceAtIt(MotoServer moto)
      throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      JsonNode report =
          invoke(
              env.variables(
                  Map.of(
                      "METRICS_REPLAY_FILE",
                      metrics("api-latency-memory-pressure.json").toString())),
              "eventbridge-api-latency-alarm.json");

      assertThat(report.path("outcome").asText()).isEqualTo("REMEDIATED");
      assertThat(report.path("cause").asText()).isEqualTo("Memory pressure");
      Service svc =
          env.ecs()
              .describeServices(b -> b.cluster("tradai-dev").services(BACKEND))
              .services()
              .getFirst();
      assertThat(svc.taskDefinition()).endsWith("task-definition/tradai-backend-dev:2");
      var td =
          env.ecs()
              .describeTaskDefinition(b -> b.taskDefinition(svc.taskDefinition()))
              .taskDefinition();
      assertThat(td.memory()).isEqualTo("2048");
      assertThat(td.cpu()).isEqualTo("512");
      assertThat(td.containerDefinitions())
          .singleElement()
          .satisfies(c -> assertThat(c.image()).isEqualTo("tradai/backend:1.0"));
      assertThat(svc.desiredCount()).isEqualTo(2);
    }
  }

  @Test
  void alarmForAnotherEnvironmentIsRejectedAndChangesNothing(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      Map<String, String> vars = new HashMap<>(env.variables());
      vars.put("TRADAI_ENV", "prod");
      vars.put("METRICS_REPLAY_FILE", metrics("api-latency-load-spike.json").toString());
      JsonNode report = invoke(vars, "sns-api-latency-alarm.json");

      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
      assertThat(report.path("outcome").asText()).isEqualTo("REJECTED");
      assertThat(report.path("rejection").path("code").asText()).isEqualTo("WRONG_ENVIRONMENT");
      assertThat(report.path("rejection").path("message").asText())
          .isEqualTo(
              "alarm 'tradai-dev-api-latency-high' is for dev but this function serves prod");
    }
  }

  @Test
  void alarmNoRunbookHandlesIsRejectedByName(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      String event =
          Resources.text("/events/alarm-action-api-latency-alarm.json")
              .replace("AWS/ApplicationELB", "AWS/SQS")
              .replace("TargetResponseTime", "ApproximateAgeOfOldestMessage");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new RemediationHandler(env.variables())
          .handleRequest(
              new ByteArrayInputStream(event.getBytes()),
              out,
              new LocalContext("RemediationFunction"));
      JsonNode report = Json.MAPPER.readTree(out.toByteArray());

      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
      assertThat(report.path("rejection").path("code").asText()).isEqualTo("NO_RUNBOOK");
      assertThat(report.path("rejection").path("message").asText())
          .isEqualTo(
              "no runbook handles alarm 'tradai-dev-api-latency-high' on [AWS/SQS/ApproximateAgeOfOldestMessage]; nothing was changed");
    }
  }

  @Test
  void manualDiagnoseIsADryRunUnlessAskedToApply(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      JsonNode report =
          Json.MAPPER.valueToTree(
              new OperatorHandler(
                      env.variables(
                          Map.of(
                              "METRICS_REPLAY_FILE",
                              metrics("api-latency-load-spike.json").toString())))
                  .handle(Resources.bytes("/events/manual-diagnose-api-latency.json")));
      assertThat(report.path("outcome").asText()).isEqualTo("DRY_RUN");
      assertThat(report.path("alarm").path("delivery").asText()).isEqualTo("MANUAL");
      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
    }
  }
}
