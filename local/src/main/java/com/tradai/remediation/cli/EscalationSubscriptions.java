package com.tradai.remediation.cli;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;

/**
 * Whether the escalation topic reaches a person: its subscriptions, confirmed or still waiting. An
 * email subscription stays "PendingConfirmation" until its recipient clicks the link in AWS's mail,
 * and until then every page (FAILED, NEEDS_APPROVAL, NOT_RECOVERED, the stack's own alarms) is
 * delivered to nobody. {@code ops status} shows this beside the guardrails' state.
 *
 * @param topicArn the stack's EscalationTopicArn output; null when the stack has none
 * @param confirmed the confirmed subscriptions, as "protocol endpoint"
 * @param pendingConfirmation the subscriptions waiting for confirmation, as "protocol endpoint"
 * @param unreadable why the subscriptions could not be read, else null
 */
record EscalationSubscriptions(
    String topicArn, List<String> confirmed, List<String> pendingConfirmation, String unreadable) {
  static final String OUTPUT = "EscalationTopicArn";

  /** What ListSubscriptionsByTopic answers as the ARN of a subscription not yet confirmed. */
  static final String PENDING = "PendingConfirmation";

  /** Pure: the subscriptions split by their ARN. */
  static EscalationSubscriptions of(String topicArn, List<Subscription> subscriptions) {
    return new EscalationSubscriptions(
        topicArn,
        subscriptions.stream()
            .filter(s -> !PENDING.equals(s.subscriptionArn()))
            .map(EscalationSubscriptions::named)
            .toList(),
        subscriptions.stream()
            .filter(s -> PENDING.equals(s.subscriptionArn()))
            .map(EscalationSubscriptions::named)
            .toList(),
        null);
  }

  /** Reads the topic from the stack's outputs and its subscriptions (every page of them). */
  static EscalationSubscriptions read(CloudFormationClient cfn, SnsClient sns, String stackName) {
    Optional<String> topic =
        cfn.describeStacks(b -> b.stackName(stackName)).stacks().stream()
            .flatMap(s -> s.outputs().stream())
            .filter(o -> OUTPUT.equals(o.outputKey()))
            .map(Output::outputValue)
            .findFirst();
    if (topic.isEmpty()) {
      return new EscalationSubscriptions(
          null, List.of(), List.of(), "stack " + stackName + " has no output " + OUTPUT);
    }
    try {
      return of(
          topic.get(),
          sns
              .listSubscriptionsByTopicPaginator(b -> b.topicArn(topic.get()))
              .subscriptions()
              .stream()
              .toList());
    } catch (SdkException e) {
      return new EscalationSubscriptions(topic.get(), List.of(), List.of(), e.getMessage());
    }
  }

  /** One line of {@code ops status}. */
  String line() {
    String what;
    if (unreadable != null) {
      what = "unknown: " + unreadable;
    } else if (confirmed.isEmpty()) {
      what = "NOBODY confirmed: pages reach no one" + pendingText();
    } else {
      what = confirmed.size() + " confirmed" + pendingText();
    }
    return String.format("%-14s %s%n", "Escalation", what);
  }

  private String pendingText() {
    return pendingConfirmation.isEmpty()
        ? ""
        : ", "
            + pendingConfirmation.size()
            + " pending confirmation ("
            + String.join(", ", pendingConfirmation)
            + ": the link in AWS's email confirms)";
  }

  private static String named(Subscription s) {
    return s.protocol() + " " + s.endpoint();
  }
}
