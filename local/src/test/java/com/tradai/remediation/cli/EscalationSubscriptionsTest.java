package com.tradai.remediation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.testing.Moto;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code ops status}'s escalation line, read from moto: the topic from the stack's outputs, its
 * subscriptions with ListSubscriptionsByTopic. moto confirms every subscription at once, so the
 * tests that need a pending one answer as AWS does for an email nobody confirmed yet (ARN
 * "PendingConfirmation") through an SDK interceptor on moto's answer.
 */
@ExtendWith(Moto.class)
class EscalationSubscriptionsTest {
  private static final String STACK = "tradai-remediation-dev";
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATESTESCALATION", "secret"));

  /** An unconfirmed email subscription, as AWS lists it. */
  private static final ExecutionInterceptor EMAILS_UNCONFIRMED =
      new ExecutionInterceptor() {
        @Override
        public SdkResponse modifyResponse(
            Context.ModifyResponse context, ExecutionAttributes attributes) {
          if (context.response() instanceof ListSubscriptionsByTopicResponse r) {
            return r.toBuilder()
                .subscriptions(
                    r.subscriptions().stream()
                        .map(
                            s ->
                                "email".equals(s.protocol())
                                    ? s.toBuilder().subscriptionArn("PendingConfirmation").build()
                                    : s)
                        .toList())
                .build();
          }
          return context.response();
        }
      };

  private static SnsClient sns(MotoServer moto, ExecutionInterceptor... interceptors) {
    SnsClientBuilder b =
        SnsClient.builder()
            .region(Region.EU_WEST_1)
            .credentialsProvider(CREDENTIALS)
            .endpointOverride(URI.create(moto.endpoint()));
    b.overrideConfiguration(o -> List.of(interceptors).forEach(o::addExecutionInterceptor));
    return b.build();
  }

  private static CloudFormationClient cfn(MotoServer moto) {
    return CloudFormationClient.builder()
        .region(Region.EU_WEST_1)
        .credentialsProvider(CREDENTIALS)
        .endpointOverride(URI.create(moto.endpoint()))
        .build();
  }

  /** The stack with its EscalationTopicArn output (or none), the topic, and an email subscriber. */
  private static String deployed(MotoServer moto, boolean withOutput, boolean queueToo) {
    try (SnsClient sns = sns(moto);
        CloudFormationClient cfn = cfn(moto);
        SqsClient sqs =
            SqsClient.builder()
                .region(Region.EU_WEST_1)
                .credentialsProvider(CREDENTIALS)
                .endpointOverride(URI.create(moto.endpoint()))
                .build()) {
      String topic = sns.createTopic(b -> b.name("tradai-dev-remediation-escalation")).topicArn();
      sns.subscribe(b -> b.topicArn(topic).protocol("email").endpoint("oncall@tradai.test"));
      if (queueToo) {
        String url = sqs.createQueue(b -> b.queueName("chat-relay")).queueUrl();
        String arn =
            sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings()
                .get("QueueArn");
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(arn));
      }
      String outputs =
          withOutput
              ? ", \"Outputs\": {\"EscalationTopicArn\": {\"Value\": \"" + topic + "\"}}"
              : "";
      cfn.createStack(
          b ->
              b.stackName(STACK)
                  .templateBody(
                      "{\"Resources\": {\"Q\": {\"Type\":"
                          + " \"AWS::SQS::Queue\", \"Properties\": {\"QueueName\": \"esc-test\"}}}"
                          + outputs
                          + "}"));
      return topic;
    }
  }

  @Test
  void confirmedSubscriptionsOnMotoAreCountedAndNoneIsPending(MotoServer moto) {
    String topic = deployed(moto, true, true);
    try (SnsClient sns = sns(moto);
        CloudFormationClient cfn = cfn(moto)) {
      EscalationSubscriptions read = EscalationSubscriptions.read(cfn, sns, STACK);
      assertThat(read.topicArn()).isEqualTo(topic);
      assertThat(read.confirmed())
          .containsExactlyInAnyOrder(
              "email oncall@tradai.test", "sqs arn:aws:sqs:eu-west-1:123456789012:chat-relay");
      assertThat(read.pendingConfirmation()).isEmpty();
      assertThat(read.line()).isEqualTo("Escalation     2 confirmed\n");
    }
  }

  @Test
  void anEmailNobodyConfirmedIsShownAsPending_pendingAnsweredByAnInterceptor(MotoServer moto) {
    deployed(moto, true, true);
    try (SnsClient sns = sns(moto, EMAILS_UNCONFIRMED);
        CloudFormationClient cfn = cfn(moto)) {
      EscalationSubscriptions read = EscalationSubscriptions.read(cfn, sns, STACK);
      assertThat(read.pendingConfirmation()).containsExactly("email oncall@tradai.test");
      assertThat(read.line())
          .isEqualTo(
              "Escalation     1 confirmed, 1 pending confirmation"
                  + " (email oncall@tradai.test: the link in AWS's email confirms)\n");
    }
  }

  @Test
  void aTopicWithOnlyPendingSubscriptionsReachesNobodyAndSaysSo_pendingAnsweredByAnInterceptor(
      MotoServer moto) {
    deployed(moto, true, false);
    try (SnsClient sns = sns(moto, EMAILS_UNCONFIRMED);
        CloudFormationClient cfn = cfn(moto)) {
      assertThat(EscalationSubscriptions.read(cfn, sns, STACK).line())
          .isEqualTo(
              "Escalation     NOBODY"
                  + " confirmed: pages reach no one, 1 pending confirmation (email oncall@tradai.test: the link in"
                  + " AWS's email confirms)\n");
    }
  }

  @Test
  void aStackWithoutTheOutputIsNamed(MotoServer moto) {
    deployed(moto, false, false);
    try (SnsClient sns = sns(moto);
        CloudFormationClient cfn = cfn(moto)) {
      assertThat(EscalationSubscriptions.read(cfn, sns, STACK).line())
          .isEqualTo(
              "Escalation     unknown: stack tradai-remediation-dev has no output EscalationTopicArn\n");
    }
  }
}
