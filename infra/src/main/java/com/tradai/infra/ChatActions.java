package com.tradai.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.chatbot.CfnCustomAction;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * One click in chat, through the same door as {@code ./run ops}. A chat button (an AWS Chatbot
 * custom action) runs {@code aws sqs send-message} with the clicker's own IAM role (the channel
 * requires user roles) onto the operator command queue; the operator function consumes that queue
 * and checks the sender again (SQS's SenderId, resolved with IAM) before it runs the command.
 *
 * <p>Who may send: the queue policy explicitly denies sqs:SendMessage to every principal whose
 * aws:PrincipalArn is not an operator role. An explicit Deny binds principals of this account too,
 * whatever their own policies allow (a missing Allow would not). The channel's guardrail policy
 * caps every click at that one SendMessage.
 *
 * <p>The queue exists in every stack, so the operator function's role is the same everywhere;
 * without operator roles its policy denies every sender. The buttons (custom actions, user roles,
 * CHAT_COMMAND_QUEUE_URL) come only with a Slack channel and operator roles ({@link #enabled}).
 */
final class ChatActions {
  /** The custom action's command: 61 characters, under the API's limit of 100 for CommandText. */
  static final String COMMAND_TEXT =
      "aws sqs send-message --queue-url $queue --message-body $command";

  static final int COMMAND_TEXT_MAX = 100;

  /** Where Chatbot reads a custom notification's values: the report's additionalContext. */
  static final String CONTEXT = "event.metadata.additionalContext.";

  /** The buttons: name, text, and the additionalContext key of its token (ChatButtons). */
  record Button(String name, String text, String contextKey) {}

  static final List<Button> BUTTONS =
      List.of(
          new Button("approve", "Approve", "approve"),
          new Button("reject", "Reject", "reject"),
          new Button("rollback", "Roll back", "rollback"),
          new Button("reset-breaker", "Reset breaker", "resetBreaker"),
          new Button("kill-switch", "Engage kill switch", "killSwitch"));

  private ChatActions() {}

  /** Buttons only where someone can press them and someone may: a Slack channel and operators. */
  static boolean enabled(EnvConfig cfg) {
    return cfg.notifications().slack() != null && !OperatorAccess.roleArns(cfg).isEmpty();
  }

  /**
   * The operator command queue: one message per click, kept an hour at most (a plan's approval
   * expires before that; a stale click must not act later), encrypted, TLS only, and closed by an
   * explicit Deny to every sender that is not an operator role.
   */
  static Queue commandQueue(Construct scope, EnvConfig cfg) {
    Queue queue =
        Queue.Builder.create(scope, "OperatorCommandQueue")
            .queueName(cfg.envPrefix() + "operator-commands")
            .encryption(QueueEncryption.SQS_MANAGED)
            .enforceSsl(true)
            .retentionPeriod(Duration.hours(1))
            // six times the operator function's timeout, as Lambda advises for SQS event sources
            .visibilityTimeout(
                Duration.seconds(6L * cfg.functions().remediation().timeoutSeconds()))
            .build();
    List<String> operators = OperatorAccess.roleArns(cfg);
    PolicyStatement.Builder deny =
        PolicyStatement.Builder.create()
            .sid("OnlyOperatorRolesSend")
            .effect(Effect.DENY)
            .principals(List.of(new AnyPrincipal()))
            .actions(List.of("sqs:SendMessage"))
            .resources(List.of(queue.getQueueArn()));
    if (!operators.isEmpty()) {
      deny.conditions(Map.of("ArnNotLike", Map.of("aws:PrincipalArn", operators)));
    }
    queue.addToResourcePolicy(deny.build());
    NagSuppressions.addResourceSuppressions(
        queue,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-SQS3")
                .reason(
                    "A click that fails is received again until it succeeds or is an hour old: a"
                        + " dead-letter queue would keep a stale approval around to be replayed")
                .build()));
    return queue;
  }

  /**
   * The operator function consumes the queue, one click per invocation. The right to receive is
   * granted by the queue's policy to the function's role (enough within one account), not added to
   * the role: its inline policy is close to IAM's size limit.
   */
  static void consume(Construct scope, Alias operator, Queue queue) {
    EventSourceMapping.Builder.create(scope, "OperatorCommandSource")
        .target(operator)
        .eventSourceArn(queue.getQueueArn())
        .batchSize(1)
        .build();
    queue.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("OperatorFunctionReceives")
            .effect(Effect.ALLOW)
            .principals(List.of(new ArnPrincipal(operator.getRole().getRoleArn())))
            .actions(
                List.of(
                    "sqs:ReceiveMessage",
                    "sqs:DeleteMessage",
                    "sqs:ChangeMessageVisibility",
                    "sqs:GetQueueAttributes"))
            .resources(List.of(queue.getQueueArn()))
            .build());
    // Only the operator function may hold a click in flight: its in-function check asks SQS whether
    // the receipt handle it was given is one (ChatCommandIntake), so nobody else may receive one.
    queue.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("OnlyOperatorFunctionReceives")
            .effect(Effect.DENY)
            .principals(List.of(new AnyPrincipal()))
            .actions(
                List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"))
            .resources(List.of(queue.getQueueArn()))
            .conditions(
                Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", operator.getRole().getRoleArn())))
            .build());
  }

  /** The environment the functions need for buttons: the queue their reports point to. */
  static Map<String, String> environment(EnvConfig cfg, Queue queue, boolean operatorFunction) {
    Map<String, String> env = new LinkedHashMap<>();
    if (enabled(cfg)) {
      env.put("CHAT_COMMAND_QUEUE_URL", queue.getQueueUrl());
      if (operatorFunction) {
        env.put("OPERATOR_ROLE_ARNS", String.join(",", OperatorAccess.roleArns(cfg)));
      }
    }
    return env;
  }

  /**
   * iam:GetRole's resources: the operator roles. Without any, a role name this stack never creates,
   * so the grant reads nothing (IAM needs a resource; the role stays the same shape).
   */
  static List<String> operatorRoleResources(EnvConfig cfg) {
    List<String> arns = OperatorAccess.roleArns(cfg);
    return arns.isEmpty()
        ? List.of(
            "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/"
                + cfg.stackName()
                + "-no-operator-roles")
        : arns;
  }

  /** The custom actions, one per button; their ARNs go on the Slack channel. */
  static List<String> customActions(Construct scope, EnvConfig cfg) {
    List<String> arns = new ArrayList<>();
    for (Button b : BUTTONS) {
      CfnCustomAction action =
          CfnCustomAction.Builder.create(scope, "ChatAction-" + b.name())
              .actionName(cfg.stackName() + "-" + b.name())
              .definition(
                  CfnCustomAction.CustomActionDefinitionProperty.builder()
                      .commandText(COMMAND_TEXT)
                      .build())
              .attachments(
                  List.of(
                      CfnCustomAction.CustomActionAttachmentProperty.builder()
                          .notificationType("Custom")
                          .buttonText(b.text())
                          .variables(variables(b))
                          // shown only on a report that carries this button's token
                          .criteria(
                              List.of(
                                  CfnCustomAction.CustomActionAttachmentCriteriaProperty.builder()
                                      .variableName("command")
                                      .operator("HAS_VALUE")
                                      .build()))
                          .build()))
              .build();
      arns.add(action.getAttrCustomActionArn());
    }
    return arns;
  }

  /** The channel's guardrail: whatever a member's own role allows, a click can only send here. */
  static ManagedPolicy guardrail(Construct scope, EnvConfig cfg, Queue queue) {
    return ManagedPolicy.Builder.create(scope, "ChatGuardrail")
        .managedPolicyName(cfg.stackName() + "-chat-guardrail")
        .description(
            "The most a chat click in " + cfg.stackName() + " may do: send one operator command")
        .statements(
            List.of(
                PolicyStatement.Builder.create()
                    .effect(Effect.ALLOW)
                    .actions(List.of("sqs:SendMessage"))
                    .resources(List.of(queue.getQueueArn()))
                    .build()))
        .build();
  }

  /**
   * In a fixed order: {@code Map.of}'s order changes from one JVM to the next, and so would the
   * template.
   */
  private static Map<String, String> variables(Button b) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("queue", CONTEXT + "commandQueue");
    variables.put("command", CONTEXT + b.contextKey());
    return variables;
  }
}
