package com.tradai.remediation.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.handler.RemediationHandler;
import com.tradai.remediation.handler.VerifierHandler;
import com.tradai.remediation.ports.VerificationRequest;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.report.TextReport;
import com.tradai.remediation.verify.CheckMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sqs.model.Message;

/** The main job, end to end on moto_server: no AWS account, no Docker. */
final class DemoCommand {
  static final Set<String> FLAGS = Set.of("--dry-run?", "--worse?");
  static final String EVENT = "/events/sns-api-latency-alarm.json";
  static final String METRICS = "/events/metrics/api-latency-load-spike.json";
  static final String RECOVERED = "/events/metrics/verify-api-latency-recovered.json";
  static final String WORSE = "/events/metrics/verify-api-latency-worse.json";

  /** The replay is recorded, so the demo's clock is too: 30 s after the alarm. */
  static final Instant FIXED_AT = Instant.parse("2026-11-27T10:15:30Z");

  private static final String SERVICE = "tradai-backend-dev";

  private final Options options;

  DemoCommand(Options options) {
    this.options = options;
  }

  int run(PrintStream out, PrintStream err) throws IOException {
    Path metrics = Files.createTempFile("tradai-demo-metrics", ".json");
    try (MotoServer moto = MotoServer.start();
        DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev")) {
      out.println("1. moto_server (pid " + moto.pid() + ") is listening on " + moto.endpoint());
      env.seed(2, 512, 1024);
      out.println(
          "2. seeded tradai-dev: cluster tradai-dev, service "
              + SERVICE
              + " with 2 tasks"
              + " (512 CPU / 1024 MB), results topic with a subscribed SQS queue, and the sample alarms"
              + " in CloudWatch (tradai-dev-api-latency-high in ALARM: the function acts only on an"
              + " alarm CloudWatch confirms)");
      Files.write(metrics, resource(METRICS));
      out.println(
          "3. replaying recorded metrics " + METRICS + " (a load spike: 1200 → 3600 requests/min)");
      int before = env.desiredCount(SERVICE);
      Map<String, String> vars =
          env.variables(
              Map.of(
                  "METRICS_REPLAY_FILE",
                  metrics.toString(),
                  "DRY_RUN",
                  String.valueOf(options.has("--dry-run"))));
      out.println(
          "4. running RemediationHandler on "
              + EVENT
              + " (SNS: tradai-dev-api-latency-high → ALARM)");
      Report report =
          new RemediationHandler(Config.from(vars), Clock.fixed(FIXED_AT, ZoneOffset.UTC))
              .handle(resource(EVENT));
      int after = env.desiredCount(SERVICE);
      out.println();
      out.println("---- report (as emailed) ----");
      out.println(TextReport.subject(report));
      out.println();
      out.print(TextReport.body(report));
      out.println("-----------------------------");
      out.println();
      out.println("State before → after: " + SERVICE + " desiredCount " + before + " → " + after);
      for (Message m :
          env.sqs()
              .receiveMessage(
                  b -> b.queueUrl(env.resultsQueueUrl()).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages()) {
        JsonNode envelope = Json.MAPPER.readTree(m.body());
        JsonNode published = Json.MAPPER.readTree(envelope.path("Message").asText());
        out.println(
            "Results topic delivered to its SQS subscriber: outcome="
                + published.path("outcome").asText()
                + ", runbook="
                + published.path("runbook").asText()
                + ", attributes="
                + envelope.path("MessageAttributes").properties().stream()
                    .map(Map.Entry::getKey)
                    .sorted()
                    .toList());
      }
      if (report.verification() != null) {
        verify(env, moto, vars, metrics, out);
      }
      out.println("moto_server stopped; nothing outside this machine was touched.");
      return 0;
    } finally {
      Files.deleteIfExists(metrics);
    }
  }

  /** Runs the scheduled check now, on the replay of what happened after the fix. */
  private void verify(
      DemoEnvironment env, MotoServer moto, Map<String, String> vars, Path metrics, PrintStream out)
      throws IOException {
    MotoServer.SqsMessage check =
        moto.sqsMessages().stream()
            .filter(m -> m.delayed() && m.body().contains("tradai-verification"))
            .findFirst()
            .orElseThrow();
    out.println();
    out.println(
        "5. the fix's report carried its check to "
            + env.verifyQueueUrl()
            + " (subscribed to the"
            + " results topic, filter verification = SCHEDULED), held for the queue's DelaySeconds "
            + env.sqs()
                .getQueueAttributes(
                    b ->
                        b.queueUrl(env.verifyQueueUrl())
                            .attributeNames(
                                software.amazon.awssdk.services.sqs.model.QueueAttributeName
                                    .DELAY_SECONDS))
                .attributes()
                .get(software.amazon.awssdk.services.sqs.model.QueueAttributeName.DELAY_SECONDS)
            + " (invisible until then; read from moto's state)");
    String replay = options.has("--worse") ? WORSE : RECOVERED;
    Files.write(metrics, resource(replay));
    VerificationRequest request =
        CheckMessage.read(Json.MAPPER.readTree(check.body()), Json.MAPPER).request();
    out.println(
        "6. running VerifierHandler at "
            + request.checkAt()
            + " on the replay "
            + replay
            + " (moto cannot evaluate alarms: the alarm state reads UNKNOWN)");
    JsonNode result =
        new VerifierHandler(Config.from(vars), Clock.fixed(request.checkAt(), ZoneOffset.UTC))
            .handle(env.verificationEvent("demo-1", check.body()));
    Report verdict = Json.MAPPER.treeToValue(result.path("reports").get(0), Report.class);
    out.println();
    out.println("---- verification report (as emailed) ----");
    out.println(TextReport.subject(verdict));
    out.println();
    out.print(TextReport.body(verdict));
    out.println("------------------------------------------");
    out.println("State now: " + SERVICE + " desiredCount " + env.desiredCount(SERVICE));
    int escalated =
        env.sqs()
            .receiveMessage(
                b ->
                    b.queueUrl(env.escalationQueueUrl()).maxNumberOfMessages(10).waitTimeSeconds(1))
            .messages()
            .size();
    out.println("Escalation topic delivered " + escalated + " message(s) to its SQS subscriber.");
  }

  static byte[] resource(String path) throws IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException("missing resource " + path + " in the jar");
      }
      return in.readAllBytes();
    }
  }
}
