package com.tradai.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Chat buttons in the template: with a Slack channel and operator roles (the test prod), five
 * custom actions on the channel, user roles required, a guardrail that allows only the one
 * SendMessage; everywhere, the operator command queue that only operator roles may send to and that
 * only the operator function consumes. Limits from the Chatbot API reference: a CommandText of at
 * most 100 characters, at most 5 variables and 5 criteria per attachment, button text of at most
 * 50, an action name of [a-zA-Z0-9_-]{1,64}.
 */
class ChatActionsTest {
  private static final Synth SYNTH = Synth.get();

  private static JsonNode only(String env, String type) {
    Map<String, JsonNode> found = SYNTH.resources(env, type);
    assertThat(found).as(type + " in " + env).hasSize(1);
    return found.values().iterator().next().path("Properties");
  }

  private static JsonNode queue(String env) {
    return SYNTH.resources(env, "AWS::SQS::Queue").values().stream()
        .filter(
            q ->
                q.at("/Properties/QueueName")
                    .asText()
                    .equals("tradai-" + env + "-operator-commands"))
        .findFirst()
        .orElseThrow()
        .path("Properties");
  }

  @Test
  void prodHasOneCustomActionPerButtonEachSendingTheReportsTokenToTheQueue() {
    Map<String, JsonNode> actions = SYNTH.resources("prod", "AWS::Chatbot::CustomAction");
    List<String> names = new ArrayList<>();
    List<String> buttons = new ArrayList<>();
    actions
        .values()
        .forEach(
            a -> {
              JsonNode p = a.path("Properties");
              names.add(p.path("ActionName").asText());
              String command = p.at("/Definition/CommandText").asText();
              assertThat(command)
                  .isEqualTo("aws sqs send-message --queue-url $queue --message-body $command");
              assertThat(command.length()).isLessThanOrEqualTo(ChatActions.COMMAND_TEXT_MAX);
              JsonNode attachment = p.path("Attachments").get(0);
              assertThat(p.path("Attachments")).hasSize(1);
              assertThat(attachment.path("NotificationType").asText()).isEqualTo("Custom");
              buttons.add(attachment.path("ButtonText").asText());
              assertThat(attachment.path("ButtonText").asText().length()).isLessThanOrEqualTo(50);
              assertThat(attachment.path("Variables").size()).isLessThanOrEqualTo(5);
              assertThat(attachment.path("Variables").path("queue").asText())
                  .isEqualTo("event.metadata.additionalContext.commandQueue");
              assertThat(attachment.path("Variables").path("command").asText())
                  .startsWith("event.metadata.additionalContext.");
              assertThat(attachment.path("Criteria")).hasSize(1);
              assertThat(attachment.at("/Criteria/0/Operator").asText()).isEqualTo("HAS_VALUE");
              assertThat(attachment.at("/Criteria/0/VariableName").asText()).isEqualTo("command");
            });
    assertThat(names)
        .containsExactlyInAnyOrder(
            "tradai-remediation-prod-approve",
            "tradai-remediation-prod-reject",
            "tradai-remediation-prod-rollback",
            "tradai-remediation-prod-reset-breaker",
            "tradai-remediation-prod-kill-switch");
    names.forEach(n -> assertThat(n).matches("[a-zA-Z0-9_-]{1,64}"));
    assertThat(buttons)
        .containsExactlyInAnyOrder(
            "Approve", "Reject", "Roll back", "Reset breaker", "Engage kill switch");
  }

  @Test
  void prodsChannelRequiresUserRolesCarriesTheActionsAndIsCappedAtTheOneSend() {
    JsonNode channel = only("prod", "AWS::Chatbot::SlackChannelConfiguration");
    assertThat(channel.path("UserRoleRequired").asBoolean()).isTrue();
    assertThat(channel.path("CustomizationResourceArns")).hasSize(5);
    channel
        .path("CustomizationResourceArns")
        .forEach(arn -> assertThat(arn.at("/Fn::GetAtt/1").asText()).isEqualTo("CustomActionArn"));
    assertThat(channel.path("GuardrailPolicies")).hasSize(1);
    JsonNode guardrail =
        SYNTH.resources("prod", "AWS::IAM::ManagedPolicy").values().stream()
            .filter(
                p ->
                    p.at("/Properties/ManagedPolicyName")
                        .asText()
                        .equals("tradai-remediation-prod-chat-guardrail"))
            .findFirst()
            .orElseThrow()
            .path("Properties");
    JsonNode statements = guardrail.at("/PolicyDocument/Statement");
    assertThat(statements).hasSize(1);
    assertThat(statements.get(0).path("Effect").asText()).isEqualTo("Allow");
    assertThat(statements.get(0).path("Action").asText()).isEqualTo("sqs:SendMessage");
    assertThat(statements.get(0).at("/Resource/Fn::GetAtt/0").asText())
        .startsWith("OperatorCommandQueue");
  }

  @Test
  void withoutOperatorRolesOrSlackThereAreNoButtonsAndTheChannelStaysReadOnly() {
    for (String env : List.of("dev", "staging")) {
      assertThat(SYNTH.resources(env, "AWS::Chatbot::CustomAction")).as(env).isEmpty();
      SYNTH
          .resources(env, "AWS::Lambda::Function")
          .values()
          .forEach(
              f ->
                  assertThat(
                          f.at("/Properties/Environment/Variables").has("CHAT_COMMAND_QUEUE_URL"))
                      .as(env)
                      .isFalse());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theQueueDeniesSendMessageToEveryoneButTheOperatorRoles(String env) {
    JsonNode policy =
        SYNTH.resources(env, "AWS::SQS::QueuePolicy").values().stream()
            .filter(
                p -> p.at("/Properties/Queues/0/Ref").asText().startsWith("OperatorCommandQueue"))
            .findFirst()
            .orElseThrow()
            .at("/Properties/PolicyDocument/Statement");
    JsonNode deny = null;
    for (JsonNode s : policy) {
      if (s.path("Sid").asText().equals("OnlyOperatorRolesSend")) {
        deny = s;
      }
    }
    assertThat(deny).as("the Deny statement in " + env).isNotNull();
    assertThat(deny.path("Effect").asText()).isEqualTo("Deny");
    assertThat(deny.path("Principal").path("AWS").asText()).isEqualTo("*");
    assertThat(deny.path("Action").asText()).isEqualTo("sqs:SendMessage");
    List<String> operators = SYNTH.config(env).operators().roleArns();
    if (operators.isEmpty()) {
      assertThat(deny.has("Condition")).as("nobody may send in " + env).isFalse();
    } else {
      JsonNode allowed = deny.at("/Condition/ArnNotLike/aws:PrincipalArn");
      List<String> arns = new ArrayList<>();
      if (allowed.isArray()) {
        allowed.forEach(a -> arns.add(a.asText()));
      } else {
        arns.add(allowed.asText());
      }
      assertThat(arns).containsExactlyElementsOf(operators);
    }
    // the one Allow: the operator function's role receives (and deletes) the clicks
    List<JsonNode> allows = new ArrayList<>();
    policy.forEach(
        s -> {
          if (s.path("Effect").asText().equals("Allow")) {
            allows.add(s);
          }
        });
    assertThat(allows).hasSize(1);
    assertThat(allows.getFirst().at("/Principal/AWS/Fn::GetAtt/0").asText())
        .isEqualTo("OperatorFunctionRole");
    List<String> actions = new ArrayList<>();
    allows.getFirst().path("Action").forEach(a -> actions.add(a.asText()));
    assertThat(actions)
        .containsExactlyInAnyOrder(
            "sqs:ReceiveMessage",
            "sqs:DeleteMessage",
            "sqs:ChangeMessageVisibility",
            "sqs:GetQueueAttributes");
    // nobody but the operator function may hold a click in flight: the function's check that a
    // click's receipt handle is one SQS holds (SqsInFlightMessages) rests on this Deny
    JsonNode receiveDeny = null;
    for (JsonNode s : policy) {
      if (s.path("Sid").asText().equals("OnlyOperatorFunctionReceives")) {
        receiveDeny = s;
      }
    }
    assertThat(receiveDeny).as("the receive Deny in " + env).isNotNull();
    assertThat(receiveDeny.path("Effect").asText()).isEqualTo("Deny");
    assertThat(receiveDeny.path("Principal").path("AWS").asText()).isEqualTo("*");
    List<String> denied = new ArrayList<>();
    receiveDeny.path("Action").forEach(a -> denied.add(a.asText()));
    assertThat(denied)
        .containsExactlyInAnyOrder(
            "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility");
    assertThat(receiveDeny.at("/Condition/ArnNotEquals/aws:PrincipalArn/Fn::GetAtt/0").asText())
        .isEqualTo("OperatorFunctionRole");
    assertThat(queue(env).path("MessageRetentionPeriod").asInt()).isEqualTo(3600);
    assertThat(queue(env).path("SqsManagedSseEnabled").asBoolean()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void onlyTheOperatorFunctionConsumesTheQueueOneClickAtATime(String env) {
    List<JsonNode> mappings =
        SYNTH.resources(env, "AWS::Lambda::EventSourceMapping").values().stream()
            .map(m -> m.path("Properties"))
            .filter(
                m ->
                    m.at("/EventSourceArn/Fn::GetAtt/0")
                        .asText()
                        .startsWith("OperatorCommandQueue"))
            .toList();
    assertThat(mappings).hasSize(1);
    assertThat(mappings.getFirst().path("BatchSize").asInt()).isEqualTo(1);
    assertThat(mappings.getFirst().path("FunctionName").findValuesAsText("Ref"))
        .containsExactly("OperatorFunctionAlias");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theOperatorRoleReadsOnlyTheOperatorRolesAndWritesOnlyTheKillSwitch(String env) {
    JsonNode policy =
        SYNTH.resources(env, "AWS::IAM::Policy").values().stream()
            .filter(p -> p.at("/Properties/Roles/0/Ref").asText().equals("OperatorFunctionRole"))
            .findFirst()
            .orElseThrow()
            .at("/Properties/PolicyDocument/Statement");
    JsonNode read = null;
    JsonNode write = null;
    for (JsonNode s : policy) {
      if (s.path("Sid").asText().equals("ReadOperatorRoles")) {
        read = s;
      }
      if (s.path("Sid").asText().equals("EngageKillSwitch")) {
        write = s;
      }
    }
    assertThat(read.path("Action").asText()).isEqualTo("iam:GetRole");
    List<String> operators = SYNTH.config(env).operators().roleArns();
    if (operators.isEmpty()) {
      assertThat(read.at("/Resource/Fn::Sub").asText())
          .isEqualTo(
              "arn:${AWS::Partition}:iam::"
                  + "${AWS::AccountId}:role/tradai-remediation-"
                  + env
                  + "-no-operator-roles");
    } else {
      assertThat(
              read.path("Resource").isArray()
                  ? read.path("Resource").get(0).asText()
                  : read.path("Resource").asText())
          .isEqualTo(operators.getFirst());
    }
    assertThat(write.path("Action").asText()).isEqualTo("ssm:PutParameter");
    assertThat(write.path("Resource").findValuesAsText("Ref"))
        .contains("KillSwitchParameter")
        .allMatch(ref -> ref.equals("KillSwitchParameter") || ref.startsWith("AWS::"));
  }

  @Test
  void prodsFunctionsPointTheirReportsAtTheQueueAndTheOperatorFunctionKnowsItsRoles() {
    SYNTH
        .resources("prod", "AWS::Lambda::Function")
        .forEach(
            (id, f) -> {
              JsonNode vars = f.at("/Properties/Environment/Variables");
              if (!vars.has("TRADAI_ENV")) {
                return; // the CDK's own helper functions
              }
              assertThat(vars.at("/CHAT_COMMAND_QUEUE_URL/Ref").asText())
                  .as(id)
                  .startsWith("OperatorCommandQueue");
              assertThat(vars.has("OPERATOR_ROLE_ARNS"))
                  .as(id)
                  .isEqualTo(id.equals("OperatorFunction"));
            });
    JsonNode operator = SYNTH.resources("prod", "AWS::Lambda::Function").get("OperatorFunction");
    assertThat(operator.at("/Properties/Environment/Variables/OPERATOR_ROLE_ARNS").asText())
        .isEqualTo("arn:aws:iam::210987654322:role/tradai-oncall-prod");
  }
}
