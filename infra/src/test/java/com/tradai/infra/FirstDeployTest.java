package com.tradai.infra;

import static com.tradai.infra.RemediationStackTest.arnOf;
import static com.tradai.infra.RemediationStackTest.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * What a first real deploy needs (staging and prod synthesized from the tests' deployable config,
 * {@link Synth#DEPLOYABLE_CONFIG}): people subscribed, stacks pinned and protected, dead-letter
 * queues on every delivery path, bounded event ages, the verifier's concurrency cap, a dashboard.
 */
class FirstDeployTest {
  static final List<String> ENVS = EnvConfig.ENVIRONMENTS;
  private static final Synth SYNTH = Synth.get();

  @Test
  void prodPagesByEmailAndSlackAndMailsOnlyTheReportsPeopleActOn() {
    Template t = SYNTH.template("prod");
    t.hasResourceProperties(
        "AWS::SNS::Subscription",
        Map.of(
            "Protocol",
            "email",
            "Endpoint",
            "oncall@tradai.test",
            "TopicArn",
            ref("EscalationTopic"),
            "FilterPolicy",
            Match.absent()));
    t.hasResourceProperties(
        "AWS::SNS::Subscription",
        Map.of(
            "Protocol",
            "email",
            "Endpoint",
            "oncall@tradai.test",
            "TopicArn",
            ref("ResultsTopic"),
            "FilterPolicy",
            Map.of(
                "outcome",
                List.of(
                    "REMEDIATED",
                    "PENDING",
                    "SHADOW",
                    "BLOCKED",
                    "FAILED",
                    "NEEDS_APPROVAL",
                    "RECOVERED",
                    "NOT_RECOVERED"))));
    t.resourceCountIs("AWS::SNS::Subscription", 4); // + the alarm topic's Lambda, the verify queue
    t.hasResourceProperties(
        "AWS::Chatbot::SlackChannelConfiguration",
        Map.of(
            "ConfigurationName",
            "tradai-remediation-prod",
            "SlackWorkspaceId",
            "T0TRADAI01",
            "SlackChannelId",
            "C0TRADAIOPS",
            "SnsTopicArns",
            List.of(ref("EscalationTopic")),
            // prod has operator roles too: chat buttons, user roles, the one-send guardrail
            // (ChatActionsTest); a channel without operator roles keeps ReadOnlyAccess
            "UserRoleRequired",
            true,
            "GuardrailPolicies",
            List.of(
                Match.objectLike(
                    Map.of("Ref", Match.stringLikeRegexp("HumanSubscribersChatGuardrail.*"))))));
  }

  @Test
  void devSubscribesNobodyAndStagingMailsItsOnCall() {
    SYNTH.template("dev").resourceCountIs("AWS::SNS::Subscription", 2);
    SYNTH.template("dev").resourceCountIs("AWS::Chatbot::SlackChannelConfiguration", 0);
    SYNTH
        .template("staging")
        .hasResourceProperties(
            "AWS::SNS::Subscription",
            Map.of(
                "Protocol",
                "email",
                "Endpoint",
                "oncall-staging@tradai.test",
                "TopicArn",
                ref("EscalationTopic")));
  }

  @Test
  void stagingAndProdArePinnedToTheirAccountAndOnlyProdIsTerminationProtected() {
    assertThat(SYNTH.stacks.get("prod").getAccount()).isEqualTo("210987654322");
    assertThat(SYNTH.stacks.get("staging").getAccount()).isEqualTo("210987654321");
    assertThat(SYNTH.stacks.get("prod").getTerminationProtection()).isTrue();
    assertThat(SYNTH.stacks.get("staging").getTerminationProtection()).isFalse();
    assertThat(SYNTH.stacks.get("dev").getTerminationProtection()).isFalse();
    assertThat(SYNTH.assembly.getStackByName("tradai-remediation-prod").getTerminationProtection())
        .isTrue();
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void everyDeliveryPathHasADeadLetterQueueAndABoundedEventAge(String env) {
    Template t = SYNTH.template(env);
    t.hasResourceProperties(
        "AWS::SQS::Queue",
        Map.of(
            "QueueName",
            "tradai-" + env + "-remediation-delivery-dlq",
            "SqsManagedSseEnabled",
            true));
    t.hasResourceProperties(
        "AWS::SNS::Subscription",
        Map.of(
            "Protocol",
            "lambda",
            "TopicArn",
            ref("AlarmTopic"),
            "RedrivePolicy",
            Map.of("deadLetterTargetArn", arnOf("DeliveryDeadLetterQueue"))));
    Map<String, Integer> maxAgeByRule = Map.of("alarm-state-change", 900, "health-check", 300);
    maxAgeByRule.forEach(
        (rule, age) ->
            t.hasResourceProperties(
                "AWS::Events::Rule",
                Map.of(
                    "Name",
                    "tradai-remediation-" + env + "-" + rule,
                    "Targets",
                    List.of(
                        Match.objectLike(
                            Map.of(
                                "DeadLetterConfig", Map.of("Arn", arnOf("DeliveryDeadLetterQueue")),
                                "RetryPolicy",
                                    Map.of(
                                        "MaximumEventAgeInSeconds",
                                        age,
                                        "MaximumRetryAttempts",
                                        2)))))));
    Map<String, Integer> maxAgeByAlias =
        Map.of("RemediationFunctionAlias", 900, "HealthCheckFunctionAlias", 300);
    maxAgeByAlias.forEach(
        (alias, age) ->
            t.hasResourceProperties(
                "AWS::Lambda::EventInvokeConfig",
                Map.of(
                    "FunctionName",
                    ref(alias.replace("Alias", "")),
                    "Qualifier",
                    Map.of("Fn::Select", List.of(7, Map.of("Fn::Split", List.of(":", ref(alias))))),
                    "MaximumEventAgeInSeconds",
                    age,
                    "MaximumRetryAttempts",
                    2,
                    "DestinationConfig",
                    Map.of("OnFailure", Map.of("Destination", arnOf("FailureQueue"))))));
    t.resourceCountIs("AWS::Lambda::EventInvokeConfig", 2);
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void theVerifiersQueueTriggerRunsAtMostItsReservationAtOnce(String env) {
    // polling more than the reservation would throttle messages back into the queue
    SYNTH
        .template(env)
        .hasResourceProperties(
            "AWS::Lambda::EventSourceMapping",
            Map.of(
                "EventSourceArn",
                arnOf("VerifyQueue"),
                "ScalingConfig",
                Map.of(
                    "MaximumConcurrency",
                    SYNTH.config(env).functions().verifier().reservedConcurrency())));
    assertThat(SYNTH.config(env).functions().verifier().reservedConcurrency()).isEqualTo(2);
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void theDashboardShowsOutcomesFunctionsDeadLettersAndAlarms(String env) {
    Map<String, JsonNode> dashboards = SYNTH.resources(env, "AWS::CloudWatch::Dashboard");
    assertThat(dashboards).hasSize(1);
    JsonNode dashboard = dashboards.values().iterator().next().get("Properties");
    assertThat(dashboard.get("DashboardName").asText()).isEqualTo("tradai-remediation-" + env);
    // the body as CloudFormation will join it: text, with each reference written as JSON
    StringBuilder joined = new StringBuilder();
    dashboard
        .at("/DashboardBody/Fn::Join/1")
        .forEach(part -> joined.append(part.isTextual() ? part.asText() : part.toString()));
    String body = joined.toString();
    for (String shown :
        List.of(
            "Outcomes by runbook",
            "RemediationsApplied",
            "RemediationsBlocked",
            "RemediationsFailed",
            "TimeToRemediate",
            "VerificationOutcome",
            "BreakerOpen",
            "ShadowPlans",
            "ShadowVerificationOutcome",
            "Function errors",
            "Function duration p99",
            "Cold starts",
            "Dead-letter depth",
            "ApproximateNumberOfMessagesVisible",
            "Runbook alarms",
            "The remediator's own alarms")) {
      assertThat(body).as(shown).contains(shown);
    }
    assertThat(body).contains("Environment=\\\"" + env + "\\\"");
    // every alarm of the stack, runbook and own, is on the dashboard
    SYNTH
        .resources(env, "AWS::CloudWatch::Alarm")
        .keySet()
        .forEach(id -> assertThat(body).contains("{\"Fn::GetAtt\":[\"" + id + "\",\"Arn\"]}"));
    assertThat(SYNTH.json(env).at("/Outputs/DashboardUrl/Value").toString())
        .contains("#dashboards/dashboard/tradai-remediation-" + env);
  }
}
