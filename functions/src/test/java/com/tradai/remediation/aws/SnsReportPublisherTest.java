package com.tradai.remediation.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.testing.Golden;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.Resources;
import com.tradai.remediation.testing.Scenario;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * One publish, one rendering per protocol. What moto exercises: the topic accepts
 * MessageStructure=json and its SQS subscriber receives the "default" entry (SNS's fallback for a
 * protocol without its own) with the subject and the four attributes. moto cannot deliver to email
 * or to AWS Chatbot's https endpoint, so the email text and the Chatbot notification are asserted
 * in the request as published (its "email" and "https" entries) against the golden files.
 */
@ExtendWith(Moto.class)
class SnsReportPublisherTest {
  private static final String GOLDEN = "/golden/api-latency/remediated";

  @Test
  void sqsSubscribersGetTheJsonWithFilterableAttributes(MotoServer moto) throws IOException {
    Report report =
        new Scenario().remediate("sns-api-latency-alarm.json", "api-latency-load-spike.json");
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      new SnsReportPublisher(env::sns, env.resultsTopicArn(), Json.MAPPER).publish(report);

      List<Message> received =
          env.sqs()
              .receiveMessage(
                  b -> b.queueUrl(env.resultsQueueUrl()).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages();
      assertThat(received).hasSize(1);
      JsonNode envelope = Json.MAPPER.readTree(received.getFirst().body());
      assertThat(Json.MAPPER.readTree(Golden.normalize(envelope.path("Message").asText())))
          .isEqualTo(Json.MAPPER.readTree(Resources.bytes(GOLDEN + ".json")));
      assertThat(envelope.path("Subject").asText())
          .isEqualTo("[tradai-dev] api-latency: REMEDIATED tradai-backend-dev 2 -> 3");
      JsonNode a = envelope.path("MessageAttributes");
      assertThat(a.path("env").path("Value").asText()).isEqualTo("dev");
      assertThat(a.path("runbook").path("Value").asText()).isEqualTo("api-latency");
      assertThat(a.path("severity").path("Value").asText()).isEqualTo("low");
      assertThat(a.path("outcome").path("Value").asText()).isEqualTo("REMEDIATED");
      assertThat(a.path("verification").path("Value").asText())
          .as("what the verification queue filters on")
          .isEqualTo("SCHEDULED");
    }
  }

  @Test
  void emailGetsTheTextAndHttpsTheChatbotNotificationInThePublishedStructure() throws IOException {
    Report report =
        new Scenario().remediate("sns-api-latency-alarm.json", "api-latency-load-spike.json");
    PublishRequest request =
        new SnsReportPublisher(
                () -> {
                  throw new AssertionError("no network here");
                },
                "arn:aws:sns:eu-west-1:123456789012:t",
                Json.MAPPER)
            .request(report);

    assertThat(request.messageStructure()).isEqualTo("json");
    JsonNode body = Json.MAPPER.readTree(request.message());
    assertThat(body.properties())
        .extracting(java.util.Map.Entry::getKey)
        .containsExactly("default", "email", "https");
    String golden = Resources.text(GOLDEN + ".email.txt");
    assertThat(Golden.normalize(body.path("email").asText()))
        .isEqualTo(golden.substring("Subject: ".length()));
    assertThat(Json.MAPPER.readTree(Golden.normalize(body.path("https").asText())))
        .isEqualTo(Json.MAPPER.readTree(Resources.bytes(GOLDEN + ".chatbot.json")));
    assertThat(Json.MAPPER.readTree(Golden.normalize(body.path("default").asText())))
        .isEqualTo(Json.MAPPER.readTree(Resources.bytes(GOLDEN + ".json")));
    assertThat(request.message().length()).as("far under SNS's 256 KB").isLessThan(64 * 1024);
    assertThat(request.subject()).matches("[\\x20-\\x7E]{1,99}");
    assertThat(request.messageAttributes())
        .containsOnlyKeys("env", "runbook", "severity", "outcome", "verification");
  }
}
