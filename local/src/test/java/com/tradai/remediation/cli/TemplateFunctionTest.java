package com.tradai.remediation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.handler.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The values sam local invoke gives a function's intrinsic-valued variables (SAM CLI 1.164). */
class TemplateFunctionTest {

  private static TemplateFunction function(Path dir, String variables) throws Exception {
    Path template = dir.resolve("t.json");
    Files.writeString(
        template,
        """
        {"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {
          "Handler": "a.B::handleRequest", "Environment": {"Variables": %s}}}}}
        """
            .formatted(variables));
    return TemplateFunction.read(template, "Fn", Json.MAPPER);
  }

  @Test
  void aRefIsTheLogicalIdAndAnArnIsALambdaArnInSamsAccount(@TempDir Path dir) throws Exception {
    TemplateFunction fn =
        function(
            dir,
            """
        {"PLAIN": "x", "TOPIC": {"Ref": "ResultsTopic"}, "REGION": {"Ref": "AWS::Region"},
         "ARN": {"Fn::GetAtt": ["Worker", "Arn"]},
         "JOINED": {"Fn::Join": ["/", [{"Ref": "AWS::AccountId"}, {"Ref": "VerifyQueue"}]]}}""");
    assertThat(fn.samValues("eu-west-1"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "TOPIC",
                "ResultsTopic",
                "REGION",
                "eu-west-1",
                "ARN",
                "arn:aws:lambda:eu-west-1:123456789012:function:Worker",
                "JOINED",
                "123456789012/VerifyQueue"));
  }

  @Test
  void anAttributeSamCannotResolveLeavesEveryIntrinsicOfTheFunctionEmpty(@TempDir Path dir)
      throws Exception {
    TemplateFunction fn =
        function(
            dir,
            """
        {"TOPIC": {"Ref": "ResultsTopic"}, "URL": {"Fn::GetAtt": ["VerifyQueue", "QueueUrl"]}}""");
    assertThat(fn.samValues("eu-west-1"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("TOPIC", "", "URL", ""));
  }
}
