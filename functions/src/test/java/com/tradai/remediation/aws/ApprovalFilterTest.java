package com.tradai.remediation.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.testing.Moto;
import com.tradai.remediation.testing.Scenario;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The point of NEEDS_APPROVAL being an outcome: a subscription filter on the message attribute
 * sends the approvers exactly the reports that wait for them (moto's SNS applies filter policies).
 */
@ExtendWith(Moto.class)
class ApprovalFilterTest {

  @Test
  void aSubscriptionFilteredOnOutcomeNeedsApprovalGetsOnlyThePlansThatWait(MotoServer moto)
      throws IOException {
    Scenario held = new Scenario();
    held.policyOverride = "{\"guards\": {\"approval\": {\"always\": [\"ecs-scale\"]}}}";
    var waiting = held.remediate("sns-api-latency-alarm.json", "api-latency-load-spike.json");
    var applied =
        new Scenario().remediate("sns-api-latency-alarm.json", "api-latency-load-spike.json");
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev").seed(2, 512, 1024)) {
      String url = env.sqs().createQueue(b -> b.queueName("approvers")).queueUrl();
      String arn =
          env.sqs()
              .getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
              .attributes()
              .get(QueueAttributeName.QUEUE_ARN);
      env.sns()
          .subscribe(
              b ->
                  b.topicArn(env.resultsTopicArn())
                      .protocol("sqs")
                      .endpoint(arn)
                      .attributes(Map.of("FilterPolicy", "{\"outcome\":[\"NEEDS_APPROVAL\"]}")));
      SnsReportPublisher publisher =
          new SnsReportPublisher(env::sns, env.resultsTopicArn(), Json.MAPPER);
      publisher.publish(applied);
      publisher.publish(waiting);

      List<Message> received =
          env.sqs()
              .receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages();
      assertThat(received)
          .singleElement()
          .satisfies(
              m -> {
                JsonNode envelope = Json.MAPPER.readTree(m.body());
                assertThat(
                        envelope.path("MessageAttributes").path("outcome").path("Value").asText())
                    .isEqualTo("NEEDS_APPROVAL");
                assertThat(
                        Json.MAPPER
                            .readTree(envelope.path("Message").asText())
                            .path("decisions")
                            .get(0)
                            .path("planId")
                            .asText())
                    .isEqualTo(waiting.decisions().getFirst().planId());
              });
    }
  }
}
