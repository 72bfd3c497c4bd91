package com.tradai.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * The explicit Deny statements that keep the writes into the stack's doors to the stack's own
 * roles. In the same account an identity policy's Allow (a broad {@code sns:Publish} or {@code
 * sqs:SendMessage} on {@code *}) is enough on its own when the resource policy is silent; only an
 * explicit Deny in the resource policy takes it away. CloudFormation names the roles it creates
 * {@code {stack}-{logical id}-{suffix}}, so {@code role/{stack}-*} is this stack's roles.
 */
final class StackOnlyWrites {
  private final String stackRoles;

  StackOnlyWrites(String stackName) {
    this.stackRoles =
        Fn.sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/" + stackName + "-*");
  }

  /** The alarm topics: AWS services (CloudWatch, as the topic's Allow narrows it) and our roles. */
  PolicyStatement publishOnlyByServicesAndStackRoles(String topicArn) {
    return deny(
        "OnlyCloudWatchAndThisStackPublish",
        "sns:Publish",
        topicArn,
        Map.of("Bool", Map.of("aws:PrincipalIsAWSService", "false")));
  }

  /** The results topic: the functions publish their reports; nobody else, no service either. */
  PolicyStatement publishOnlyByStackRoles(String topicArn) {
    return deny("OnlyThisStackPublishes", "sns:Publish", topicArn, Map.of());
  }

  /**
   * The verification queue: the functions send checks to it, and SNS delivers the results topic's
   * reports to it (the subscription: {@code aws:SourceArn} is the topic); nobody else sends.
   */
  PolicyStatement sendOnlyByStackRolesAndTopic(String queueArn, String topicArn) {
    return deny(
        "OnlyThisStackAndResultsTopicSend",
        "sqs:SendMessage",
        queueArn,
        Map.of("ArnNotEquals", Map.of("aws:SourceArn", topicArn)));
  }

  /**
   * Denies {@code action} to every principal not of this stack, unless one of {@code unless} holds.
   */
  private PolicyStatement deny(
      String sid, String action, String resource, Map<String, Object> unless) {
    Map<String, Object> conditions = new LinkedHashMap<>(unless);
    conditions.put("ArnNotLike", Map.of("aws:PrincipalArn", stackRoles));
    return PolicyStatement.Builder.create()
        .sid(sid)
        .effect(Effect.DENY)
        .principals(List.of(new AnyPrincipal()))
        .actions(List.of(action))
        .resources(List.of(resource))
        .conditions(conditions)
        .build();
  }
}
