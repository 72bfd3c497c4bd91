package com.tradai.infra;

import static com.tradai.infra.RemediationStackTest.arnOf;
import static com.tradai.infra.RemediationStackTest.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The results topic and the verification queue take writes only from the stack's own roles (and the
 * queue from SNS delivering the results topic): explicit Deny statements, since a same-account
 * identity policy's Allow is not taken away by a resource policy that merely does not allow. The
 * verifier is told the queue's ARN, the same its event source mapping reads.
 */
class StackOnlyWritesTest {
  static final List<String> ENVS = EnvConfig.ENVIRONMENTS;
  private static final Synth SYNTH = Synth.get();

  private static Map<String, Object> stackRoles(String env) {
    return Map.of(
        "Fn::Sub",
        "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/tradai-remediation-" + env + "-*");
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void onlyTheStacksRolesPublishToTheResultsTopic(String env) {
    SYNTH
        .template(env)
        .hasResourceProperties(
            "AWS::SNS::TopicPolicy",
            Map.of(
                "Topics", List.of(ref("ResultsTopic")),
                "PolicyDocument",
                    Map.of(
                        "Statement",
                        Match.arrayWith(
                            List.of(
                                Map.of(
                                    "Sid",
                                    "OnlyThisStackPublishes",
                                    "Effect",
                                    "Deny",
                                    "Principal",
                                    Map.of("AWS", "*"),
                                    "Action",
                                    "sns:Publish",
                                    "Resource",
                                    ref("ResultsTopic"),
                                    "Condition",
                                    Map.of(
                                        "ArnNotLike",
                                        Map.of("aws:PrincipalArn", stackRoles(env)))))))));
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void onlyTheStacksRolesAndTheResultsTopicSendToTheVerificationQueue(String env) {
    Template t = SYNTH.template(env);
    t.hasResourceProperties(
        "AWS::SQS::QueuePolicy",
        Map.of(
            "Queues", List.of(ref("VerifyQueue")),
            "PolicyDocument",
                Map.of(
                    "Statement",
                    Match.arrayWith(
                        List.of(
                            Map.of(
                                "Sid",
                                "OnlyThisStackAndResultsTopicSend",
                                "Effect",
                                "Deny",
                                "Principal",
                                Map.of("AWS", "*"),
                                "Action",
                                "sqs:SendMessage",
                                "Resource",
                                arnOf("VerifyQueue"),
                                "Condition",
                                Map.of(
                                    "ArnNotEquals", Map.of("aws:SourceArn", ref("ResultsTopic")),
                                    "ArnNotLike", Map.of("aws:PrincipalArn", stackRoles(env)))),
                            // the subscription's own Allow: SNS, for the results topic only
                            Match.objectLike(
                                Map.of(
                                    "Effect",
                                    "Allow",
                                    "Principal",
                                    Map.of("Service", "sns.amazonaws.com"),
                                    "Action",
                                    "sqs:SendMessage",
                                    "Condition",
                                    Map.of(
                                        "ArnEquals",
                                        Map.of("aws:SourceArn", ref("ResultsTopic"))))))))));
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void theVerifierKnowsItsQueueByTheArnItsEventSourceMappingReads(String env) {
    JsonNode resources = SYNTH.json(env).get("Resources");
    JsonNode arn =
        resources.at("/VerifierFunction/Properties/Environment/Variables/VERIFICATION_QUEUE_ARN");
    assertThat(arn).isEqualTo(Synth.JSON.valueToTree(arnOf("VerifyQueue")));
    List<JsonNode> mappings = new java.util.ArrayList<>();
    resources.forEach(
        r -> {
          // the verifier's mappings (the operator function reads the chat command queue)
          if ("AWS::Lambda::EventSourceMapping".equals(r.path("Type").asText())
              && r.path("Properties").path("FunctionName").toString().contains("Verifier")) {
            mappings.add(r.path("Properties").path("EventSourceArn"));
          }
        });
    assertThat(mappings).containsExactly(arn);
    for (String other : List.of("RemediationFunction", "HealthCheckFunction", "OperatorFunction")) {
      assertThat(
              resources
                  .at("/" + other + "/Properties/Environment/Variables")
                  .has("VERIFICATION_QUEUE_ARN"))
          .as(other)
          .isFalse();
    }
  }
}
