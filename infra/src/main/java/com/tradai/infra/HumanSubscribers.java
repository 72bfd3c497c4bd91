package com.tradai.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.chatbot.LoggingLevel;
import software.amazon.awscdk.services.chatbot.SlackChannelConfiguration;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.StringConditions;
import software.amazon.awscdk.services.sns.SubscriptionFilter;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscriptionProps;
import software.constructs.Construct;

/**
 * The people of {@link Notifications}: each email address gets every escalation and the results
 * whose {@code outcome} attribute (set by the functions' SnsReportPublisher) is in {@code
 * resultOutcomes}; the Slack channel (AWS Chatbot) gets the escalation topic, and the results topic
 * when {@code allResults} is set (Chatbot's own subscriptions take no filter policy).
 */
final class HumanSubscribers extends Construct {

  HumanSubscribers(
      Construct scope,
      EnvConfig cfg,
      ITopic results,
      ITopic escalation,
      software.amazon.awscdk.services.sqs.Queue commandQueue) {
    super(scope, "HumanSubscribers");
    Notifications n = cfg.notifications();
    EmailSubscriptionProps.Builder filtered = EmailSubscriptionProps.builder();
    if (n.resultOutcomes() != null) {
      filtered.filterPolicy(
          Map.of(
              "outcome",
              SubscriptionFilter.stringFilter(
                  StringConditions.builder().allowlist(n.resultOutcomes()).build())));
    }
    for (String email : n.emails()) {
      escalation.addSubscription(new EmailSubscription(email));
      if (n.resultOutcomes() == null || !n.resultOutcomes().isEmpty()) {
        results.addSubscription(new EmailSubscription(email, filtered.build()));
      }
    }
    if (n.slack() != null) {
      List<ITopic> topics = new ArrayList<>(List.of(escalation));
      if (n.slack().allResults()) {
        topics.add(results);
      }
      boolean buttons = ChatActions.enabled(cfg);
      SlackChannelConfiguration channel =
          SlackChannelConfiguration.Builder.create(this, "SlackChannel")
              .slackChannelConfigurationName(cfg.stackName())
              .slackWorkspaceId(n.slack().workspaceId())
              .slackChannelId(n.slack().channelId())
              .notificationTopics(topics)
              // with buttons: each member clicks with their own role, capped at the one
              // SendMessage;
              // without: notifications only, whoever is in the channel can run nothing through it
              .userRoleRequired(buttons)
              .guardrailPolicies(
                  List.of(
                      buttons
                          ? ChatActions.guardrail(this, cfg, commandQueue)
                          : ManagedPolicy.fromAwsManagedPolicyName("ReadOnlyAccess")))
              .loggingLevel(LoggingLevel.ERROR)
              .build();
      if (buttons) {
        ((software.amazon.awscdk.services.chatbot.CfnSlackChannelConfiguration)
                channel.getNode().getDefaultChild())
            .setCustomizationResourceArns(ChatActions.customActions(this, cfg));
      }
    }
  }
}
