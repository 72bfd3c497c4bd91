package com.tradai.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;

/**
 * The operator function learns its operator roles from the stack, and, with
 * operators.cloudTrailDataEvents (on in prod's committed config, off by default), a trail records
 * each Invoke of it and nothing else.
 */
class OperatorTrailTest {
  private static final Synth SYNTH = Synth.get();

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theOperatorFunctionIsToldTheOperatorRoles(String env) {
    JsonNode vars =
        SYNTH.json(env).at("/Resources/OperatorFunction/Properties/Environment/Variables");
    assertThat(vars.path("OPERATOR_ROLE_ARNS").asText())
        .isEqualTo(String.join(",", SYNTH.config(env).operators().roleArns()));
  }

  @Test
  void prodRecordsEachInvokeOfTheOperatorFunctionInItsOwnTrail() {
    SYNTH.template("prod").resourceCountIs("AWS::CloudTrail::Trail", 1);
    SYNTH
        .template("prod")
        .hasResourceProperties(
            "AWS::CloudTrail::Trail",
            Map.of(
                "TrailName",
                "tradai-remediation-prod-operator",
                "IsMultiRegionTrail",
                false,
                "IncludeGlobalServiceEvents",
                false,
                "EnableLogFileValidation",
                true,
                "EventSelectors",
                List.of(
                    Map.of(
                        "IncludeManagementEvents",
                        false,
                        "ReadWriteType",
                        "All",
                        "DataResources",
                        List.of(
                            Map.of(
                                "Type",
                                "AWS::Lambda::Function",
                                "Values",
                                List.of(
                                    Map.of("Fn::GetAtt", List.of("OperatorFunction", "Arn"))))))),
                "S3BucketName",
                Map.of("Ref", Match.stringLikeRegexp("OperatorTrailBucket.*"))));
    SYNTH
        .template("prod")
        .hasResourceProperties(
            "AWS::S3::Bucket",
            Match.objectLike(
                Map.of(
                    "BucketEncryption",
                        Map.of(
                            "ServerSideEncryptionConfiguration",
                            List.of(
                                Map.of(
                                    "ServerSideEncryptionByDefault",
                                    Map.of("SSEAlgorithm", "AES256")))),
                    "LoggingConfiguration",
                        Match.objectLike(Map.of("LogFilePrefix", "operator-trail/")),
                    "VersioningConfiguration", Map.of("Status", "Enabled"))));
    assertThat(SYNTH.json("prod").at("/Outputs/OperatorTrailBucketName/Value/Ref").asText())
        .startsWith("OperatorTrailBucket");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging"})
  void withoutTheSettingThereIsNoTrailAndNoBucket(String env) {
    assertThat(SYNTH.config(env).operators().cloudTrailDataEvents()).isFalse();
    SYNTH.template(env).resourceCountIs("AWS::CloudTrail::Trail", 0);
    SYNTH.template(env).resourceCountIs("AWS::S3::Bucket", 0);
    assertThat(SYNTH.json(env).path("Outputs").has("OperatorTrailBucketName")).isFalse();
  }
}
