package com.tradai.remediation.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.LocalContext;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.ledger.ActionCodec;
import com.tradai.remediation.ledger.DynamoDbLedger;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.Resources;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The remediation function's reports that need a person reach the escalation topic as well as the
 * results topic: the real handler on moto_server, each topic's SQS subscriber read afterwards.
 */
@ExtendWith(Moto.class)
class EscalationPublishingTest {
  private static final String BACKEND = "tradai-backend-dev";

  @TempDir Path tmp;

  private JsonNode invoke(DemoEnvironment env) throws IOException {
    Path metrics = tmp.resolve("spike.json");
    Files.write(metrics, Resources.bytes("/events/metrics/api-latency-load-spike.json"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new RemediationHandler(env.variables(Map.of("METRICS_REPLAY_FILE", metrics.toString())))
        .handleRequest(
            new ByteArrayInputStream(Resources.bytes("/events/sns-api-latency-alarm.json")),
            out,
            new LocalContext("RemediationFunction"));
    return Json.MAPPER.readTree(out.toByteArray());
  }

  private static List<JsonNode> received(DemoEnvironment env, String queueUrl) throws IOException {
    List<JsonNode> bodies = new ArrayList<>();
    for (Message m :
        env.sqs()
            .receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
            .messages()) {
      bodies.add(Json.MAPPER.readTree(Json.MAPPER.readTree(m.body()).path("Message").asText()));
    }
    return bodies;
  }

  @Test
  void aFixThatWentWellIsReportedButNotEscalated(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      JsonNode report = invoke(env);

      assertThat(report.path("outcome").asText()).isEqualTo("REMEDIATED");
      assertThat(received(env, env.resultsQueueUrl())).containsExactly(report);
      assertThat(received(env, env.escalationQueueUrl())).isEmpty();
    }
  }

  @Test
  void aBlockByTheOpenCircuitBreakerIsEscalated(MotoServer moto) throws IOException {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024);
        AwsClients aws = new AwsClients(Config.from(env.variables()))) {
      new DynamoDbLedger(aws::dynamoDb, env.ledgerTable(), new ActionCodec(Json.MAPPER))
          .openBreaker("dev", "3 failed fixes in 60 min (max 3)", Instant.now());

      JsonNode report = invoke(env);

      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
      assertThat(report.path("outcome").asText()).isEqualTo("BLOCKED");
      assertThat(report.path("decisions").get(0).path("guards").toString())
          .contains("circuit breaker: open (3 failed fixes in 60 min (max 3), since ");
      assertThat(received(env, env.escalationQueueUrl())).containsExactly(report);
      assertThat(received(env, env.resultsQueueUrl())).containsExactly(report);
    }
  }

  @Test
  void aFailedRunIsEscalated(MotoServer moto) throws IOException {
    try (DemoEnvironment env =
        new DemoEnvironment(moto.endpoint(), "dev")
            .seed(2, 512, 1024)
            .policyOverride("{\"dryRun\": \"sometimes\"}")) {
      JsonNode report = invoke(env);

      assertThat(env.desiredCount(BACKEND)).isEqualTo(2);
      assertThat(report.path("outcome").asText()).isEqualTo("FAILED");
      assertThat(received(env, env.escalationQueueUrl())).containsExactly(report);
    }
  }
}
