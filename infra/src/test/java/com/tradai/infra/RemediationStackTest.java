package com.tradai.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.infra.RemediationStack.Handler;
import com.tradai.remediation.config.PolicyLoader;
import com.tradai.remediation.guard.KillSwitch;
import com.tradai.remediation.handler.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.FieldSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Key properties of every kind of resource the stack holds, in every environment. */
class RemediationStackTest {

  static final List<String> ENVS = EnvConfig.ENVIRONMENTS;

  private static final Synth SYNTH = Synth.get();
  private static final TypeReference<Map<String, Object>> PROPERTIES = new TypeReference<>() {};

  static Map<String, Object> ref(String logicalId) {
    return Map.of("Ref", logicalId);
  }

  static Map<String, Object> arnOf(String logicalId) {
    return Map.of("Fn::GetAtt", List.of(logicalId, "Arn"));
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void oneStackPerEnvironmentNamedForIt(String env) {
    EnvConfig cfg = SYNTH.config(env);
    assertThat(cfg.stackName()).isEqualTo("tradai-remediation-" + env);
    assertThat(SYNTH.stacks.get(env).getRegion()).isEqualTo(cfg.region());
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void functionsRunJava25OnArmWithSnapStartTracingAndTheContractHandlers(String env) {
    Template t = SYNTH.template(env);
    t.resourceCountIs("AWS::Lambda::Function", 4);
    for (Handler h : Handler.values()) {
      t.templateMatches(
          Map.of(
              "Resources",
              Map.of(
                  h.logicalId,
                  Map.of(
                      "Type",
                      "AWS::Lambda::Function",
                      "Properties",
                      Match.objectLike(
                          Map.of(
                              "FunctionName", "tradai-" + h.service + "-" + env,
                              "Handler", h.handler,
                              "Runtime", "java25",
                              "Architectures", List.of("arm64"),
                              "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                              "TracingConfig", Map.of("Mode", "Active"),
                              "Role", arnOf(h.logicalId + "Role"),
                              "LoggingConfig", Map.of("LogGroup", ref(h.logicalId + "Logs"))))))));
    }
    assertThat(Handler.REMEDIATION.handler)
        .isEqualTo("com.tradai.remediation.handler.RemediationHandler::handleRequest");
    assertThat(Handler.VERIFIER.handler)
        .isEqualTo("com.tradai.remediation.handler.VerifierHandler::handleRequest");
    assertThat(Handler.HEALTH_CHECK.handler)
        .isEqualTo("com.tradai.remediation.handler.HealthCheckHandler::handleRequest");
    assertThat(Handler.OPERATOR.handler)
        .isEqualTo("com.tradai.remediation.handler.OperatorHandler::handleRequest");
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void everyFunctionReservesConcurrencyFromConfigAndTheBreakGlassPathHasRoom(String env) {
    EnvConfig.Functions f = SYNTH.config(env).functions();
    Map<Handler, Integer> expected =
        Map.of(
            Handler.REMEDIATION,
            f.remediation().reservedConcurrency(),
            Handler.VERIFIER,
            f.verifier().reservedConcurrency(),
            Handler.HEALTH_CHECK,
            f.healthCheck().reservedConcurrency(),
            Handler.OPERATOR,
            f.operator().reservedConcurrency());
    Template t = SYNTH.template(env);
    expected.forEach(
        (h, n) ->
            t.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                    "FunctionName",
                    "tradai-" + h.service + "-" + env,
                    "ReservedConcurrentExecutions",
                    n)));
    assertThat(f.operator().reservedConcurrency()).isBetween(1, 2);
    assertThat(f.verifier().reservedConcurrency()).isEqualTo(2);
    assertThat(f.healthCheck().reservedConcurrency()).isEqualTo(1);
    assertThat(expected.values().stream().mapToInt(Integer::intValue).sum())
        .isLessThanOrEqualTo(SYNTH.config(env).lambdaConcurrency().accountLimit() - 100);
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void everyFunctionReadsTheContractEnvironment(String env) {
    for (Handler h : Handler.values()) {
      JsonNode vars =
          SYNTH.json(env).at("/Resources/" + h.logicalId + "/Properties/Environment/Variables");
      assertThat(vars.get("TRADAI_PROJECT").asText()).isEqualTo("tradai");
      assertThat(vars.get("TRADAI_ENV").asText()).isEqualTo(env);
      assertThat(vars.get("RESULTS_TOPIC_ARN")).isEqualTo(json(ref("ResultsTopic")));
      // every function guards its changes: fixes, and the verifier's rollbacks
      assertThat(vars.get("LEDGER_TABLE")).isEqualTo(json(ref("LedgerTable")));
      assertThat(vars.get("KILL_SWITCH_PARAMETER")).isEqualTo(json(ref("KillSwitchParameter")));
      assertThat(vars.get("POLICY_PARAMETER")).isEqualTo(json(ref("PolicyParameter")));
      // the remediation function's checks ride on its reports; it needs the queue only when a
      // report cannot be published; the health check never applies a change, and an approval's
      // report carries no check
      assertThat(vars.get("VERIFY_QUEUE_URL"))
          .isEqualTo(
              h == Handler.HEALTH_CHECK || h == Handler.OPERATOR ? null : json(ref("VerifyQueue")));
      // every function escalates: failed runs, approvals, an open breaker, NOT_RECOVERED
      assertThat(vars.get("ESCALATION_TOPIC_ARN")).isEqualTo(json(ref("EscalationTopic")));
      assertThat(vars.get("ECS_CLUSTER").asText()).isEqualTo("tradai-" + env);
      assertThat(vars.get("ALB_LOAD_BALANCER").asText()).startsWith("app/tradai-" + env + "/");
      assertThat(vars.get("ALB_BACKEND_TARGET_GROUP").asText())
          .startsWith("targetgroup/tradai-backend-" + env + "/");
      assertThat(vars.get("RDS_INSTANCE").asText()).isEqualTo("tradai-" + env);
      assertThat(vars.get("LAMBDA_FUNCTIONS").asText().split(","))
          .isNotEmpty()
          .allMatch(fn -> fn.startsWith("tradai-") && fn.endsWith("-" + env));
      assertThat(vars.get("LAMBDA_ALIAS").asText()).isEqualTo("live");
      assertThat(vars.get("API_CALLER_TIMEOUT_SECONDS").asText()).isEqualTo("29");
      assertThat(vars.get("EXCHANGE_ENDPOINTS").asText())
          .isEqualTo("https://api.binance.com/api/v3/ping");
      assertThat(vars.get("HEALTH_ENDPOINTS").asText()).isEmpty();
      assertThat(vars.get("HEALTH_SERVICES").asText())
          .isEqualTo("backend,strategy-service,data-collection");
      assertThat(vars.get("DRY_RUN").asText()).isEqualTo(policyDryRun(env));
      assertThat(vars.get("POWERTOOLS_SERVICE_NAME").asText())
          .isEqualTo("tradai-" + h.service + "-" + env);
      assertThat(vars.get("POWERTOOLS_LOG_LEVEL").asText()).isEqualTo("INFO");
      assertThat(vars.get("JAVA_TOOL_OPTIONS").asText())
          .isEqualTo("-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    }
    // The two SSM parameters the functions are pointed at carry the contract's names.
    assertThat(SYNTH.json(env).at("/Resources/KillSwitchParameter/Properties/Name").asText())
        .isEqualTo("/tradai/" + env + "/remediation/kill-switch");
    assertThat(SYNTH.json(env).at("/Resources/PolicyParameter/Properties/Name").asText())
        .isEqualTo("/tradai/" + env + "/remediation/policy");
  }

  @ParameterizedTest
  @EnumSource(Handler.class)
  void eachFunctionHasALiveAliasOnAPublishedVersion(Handler h) {
    Template t = SYNTH.template("dev");
    t.resourceCountIs("AWS::Lambda::Version", 4);
    t.resourceCountIs("AWS::Lambda::Alias", 4);
    JsonNode alias = SYNTH.json("dev").at("/Resources/" + h.logicalId + "Alias/Properties");
    assertThat(alias.get("Name").asText()).isEqualTo(RemediationStack.ALIAS);
    assertThat(alias.get("FunctionName")).isEqualTo(json(ref(h.logicalId)));
    String version = alias.at("/FunctionVersion/Fn::GetAtt/0").asText();
    assertThat(SYNTH.json("dev").at("/Resources/" + version + "/Type").asText())
        .isEqualTo("AWS::Lambda::Version");
    assertThat(SYNTH.json("dev").at("/Resources/" + version + "/Properties/FunctionName"))
        .isEqualTo(json(ref(h.logicalId)));
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void asyncFailuresOfTheAliasesGoToTheFailureQueue(String env) {
    Template t = SYNTH.template(env);
    t.resourceCountIs("AWS::Lambda::EventInvokeConfig", 2);
    for (String alias : List.of("RemediationFunctionAlias", "HealthCheckFunctionAlias")) {
      t.hasResourceProperties(
          "AWS::Lambda::EventInvokeConfig",
          Map.of(
              "FunctionName",
              ref(alias.replace("Alias", "")),
              // the alias name, read from the alias ARN so that the alias exists first
              "Qualifier",
              Map.of("Fn::Select", List.of(7, Map.of("Fn::Split", List.of(":", ref(alias))))),
              "MaximumRetryAttempts",
              2,
              "DestinationConfig",
              Map.of("OnFailure", Map.of("Destination", arnOf("FailureQueue")))));
    }
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void topicsAreKmsEncryptedAndCloudWatchMayPublishToTheAlarmTopic(String env) {
    Template t = SYNTH.template(env);
    t.resourceCountIs("AWS::SNS::Topic", 3);
    for (String topic : List.of("alarms", "results", "escalation")) {
      t.hasResourceProperties(
          "AWS::SNS::Topic",
          Map.of(
              "TopicName",
              "tradai-" + env + "-remediation-" + topic,
              "KmsMasterKeyId",
              arnOf("TopicKey")));
    }
    t.hasResourceProperties(
        "AWS::KMS::Key",
        Map.of(
            "EnableKeyRotation",
            true,
            "KeyPolicy",
            withStatement(
                Map.of(
                    "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                    "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*")))));
    t.hasResourceProperties(
        "AWS::SNS::TopicPolicy",
        Map.of(
            "Topics",
            List.of(ref("AlarmTopic")),
            "PolicyDocument",
            Map.of(
                "Statement",
                Match.arrayWith(
                    List.of(
                        Map.of(
                            "Sid",
                            "CloudWatchAlarmsPublish",
                            "Effect",
                            "Allow",
                            "Principal",
                            Map.of("Service", "cloudwatch.amazonaws.com"),
                            "Action",
                            "sns:Publish",
                            "Resource",
                            ref("AlarmTopic"),
                            "Condition",
                            Match.objectLike(
                                Map.of(
                                    "ArnLike",
                                    Map.of(
                                        "aws:SourceArn",
                                        sub("cloudwatch", "alarm:tradai-" + env + "-*"))))),
                        Map.of(
                            "Sid",
                            "OnlyCloudWatchAndThisStackPublish",
                            "Effect",
                            "Deny",
                            "Principal",
                            Map.of("AWS", "*"),
                            "Action",
                            "sns:Publish",
                            "Resource",
                            ref("AlarmTopic"),
                            "Condition",
                            Map.of(
                                "Bool",
                                Map.of("aws:PrincipalIsAWSService", "false"),
                                "ArnNotLike",
                                Map.of(
                                    "aws:PrincipalArn",
                                    Map.of(
                                        "Fn::Sub",
                                        "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/tradai-remediation-"
                                            + env
                                            + "-*")))))))));
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void alarmsReachTheRemediationAliasBySnsEventBridgeAndDirectAction(String env) {
    Template t = SYNTH.template(env);
    t.hasResourceProperties(
        "AWS::SNS::Subscription",
        Map.of(
            "Protocol", "lambda",
            "TopicArn", ref("AlarmTopic"),
            "Endpoint", ref("RemediationFunctionAlias")));
    t.hasResourceProperties(
        "AWS::Events::Rule",
        Map.of(
            "EventPattern",
            Map.of(
                // the stack's account: the pseudo parameter, or the pinned one in staging and prod
                "account",
                    List.of(
                        SYNTH.config(env).account() == null
                            ? ref("AWS::AccountId")
                            : SYNTH.config(env).account()),
                "region", List.of(SYNTH.config(env).region()),
                "source", List.of("aws.cloudwatch"),
                "detail-type", List.of("CloudWatch Alarm State Change"),
                "detail", Map.of("alarmName", List.of(Map.of("prefix", "tradai-" + env + "-")))),
            "State",
            "ENABLED",
            "Targets",
            List.of(Match.objectLike(Map.of("Arn", ref("RemediationFunctionAlias"))))));
    t.hasResourceProperties(
        "AWS::Lambda::Permission",
        Map.of(
            "Action",
            "lambda:InvokeFunction",
            "Principal",
            "lambda.alarms.cloudwatch.amazonaws.com",
            "FunctionName",
            ref("RemediationFunctionAlias"),
            // pinned in staging and prod
            "SourceAccount",
            SYNTH.config(env).account() == null
                ? ref("AWS::AccountId")
                : SYNTH.config(env).account(),
            "SourceArn",
            sub("cloudwatch", "alarm:tradai-" + env + "-*")));
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void healthCheckRunsOnItsSchedule(String env) {
    SYNTH
        .template(env)
        .hasResourceProperties(
            "AWS::Events::Rule",
            Map.of(
                "ScheduleExpression",
                SYNTH.config(env).healthCheckSchedule(),
                "State",
                "ENABLED",
                "Targets",
                List.of(Match.objectLike(Map.of("Arn", ref("HealthCheckFunctionAlias"))))));
    assertThat(SYNTH.config("prod").healthCheckSchedule()).isEqualTo("rate(5 minutes)");
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void aFixsReportReachesTheVerifyQueueRawFilteredAndDelayedByThePolicy(String env) {
    Template t = SYNTH.template(env);
    t.hasResourceProperties(
        "AWS::SNS::Subscription",
        Map.of(
            "Protocol", "sqs",
            "TopicArn", ref("ResultsTopic"),
            "Endpoint", arnOf("VerifyQueue"),
            "RawMessageDelivery", true,
            "FilterPolicy", Map.of("verification", List.of("SCHEDULED"))));
    int delay = new PolicyLoader(Json.MAPPER).verificationFor(env).delaySeconds();
    assertThat(delay).isBetween(1, 900);
    t.hasResourceProperties(
        "AWS::SQS::Queue",
        Map.of("QueueName", "tradai-" + env + "-remediation-verify", "DelaySeconds", delay));
    // SNS may send to the queue, and only from the results topic
    t.hasResourceProperties(
        "AWS::SQS::QueuePolicy",
        Map.of(
            "Queues",
            List.of(ref("VerifyQueue")),
            "PolicyDocument",
            withStatement(
                Map.of(
                    "Action",
                    "sqs:SendMessage",
                    "Principal",
                    Map.of("Service", "sns.amazonaws.com"),
                    "Condition",
                    Map.of("ArnEquals", Map.of("aws:SourceArn", ref("ResultsTopic")))))));
  }

  /** A policy document with (at least) a statement holding these fields. */
  private static Map<String, Object> withStatement(Map<String, Object> fields) {
    return Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(fields))));
  }

  @Test
  void aDelayOutsideWhatSqsAllowsIsRefusedAtSynth() {
    assertThat(
            PolicyFile.parse("{\"verification\":{\"delaySeconds\":300}}")
                .verificationDelaySeconds())
        .isEqualTo(300);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                PolicyFile.parse("{\"verification\":{\"delaySeconds\":901}}")
                    .verificationDelaySeconds())
        .hasMessageContaining("verification.delaySeconds must be a whole number from 0 to 900");
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void verifierReadsTheVerifyQueueWhichHasADeadLetterQueue(String env) {
    Template t = SYNTH.template(env);
    // with the failure queue, the delivery DLQ and the operator command queue (ChatActionsTest)
    t.resourceCountIs("AWS::SQS::Queue", 5);
    t.hasResourceProperties(
        "AWS::SQS::Queue",
        Map.of(
            "QueueName",
            "tradai-" + env + "-remediation-verify",
            "SqsManagedSseEnabled",
            true,
            "VisibilityTimeout",
            6 * SYNTH.config(env).functions().verifier().timeoutSeconds(),
            "RedrivePolicy",
            Map.of("deadLetterTargetArn", arnOf("VerifyDeadLetterQueue"), "maxReceiveCount", 5)));
    t.hasResourceProperties(
        "AWS::SQS::Queue",
        Map.of(
            "QueueName",
            "tradai-" + env + "-remediation-verify-dlq",
            "SqsManagedSseEnabled",
            true));
    t.hasResourceProperties(
        "AWS::Lambda::EventSourceMapping",
        Map.of(
            "EventSourceArn",
            arnOf("VerifyQueue"),
            // {function name taken from the alias ARN}:live
            "FunctionName",
            Map.of(
                "Fn::Join",
                List.of(
                    "",
                    List.of(
                        Map.of(
                            "Fn::Select",
                            List.of(
                                6,
                                Map.of("Fn::Split", List.of(":", ref("VerifierFunctionAlias"))))),
                        ":" + RemediationStack.ALIAS))),
            "FunctionResponseTypes",
            List.of("ReportBatchItemFailures")));
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void ledgerIsOnDemandWithPitrTtlAndEncryption(String env) {
    SYNTH
        .template(env)
        .hasResource(
            "AWS::DynamoDB::Table",
            Map.of(
                "DeletionPolicy",
                "Retain",
                "Properties",
                Map.of(
                    "TableName",
                    "tradai-" + env + "-remediation-ledger",
                    "BillingMode",
                    "PAY_PER_REQUEST",
                    "KeySchema",
                    List.of(
                        Map.of("AttributeName", "pk", "KeyType", "HASH"),
                        Map.of("AttributeName", "sk", "KeyType", "RANGE")),
                    "AttributeDefinitions",
                    List.of(
                        Map.of("AttributeName", "pk", "AttributeType", "S"),
                        Map.of("AttributeName", "sk", "AttributeType", "S")),
                    "PointInTimeRecoverySpecification",
                    Map.of("PointInTimeRecoveryEnabled", true),
                    "TimeToLiveSpecification",
                    Map.of("AttributeName", "expiresAt", "Enabled", true),
                    "SSESpecification",
                    Map.of("SSEEnabled", true),
                    "DeletionProtectionEnabled",
                    env.equals("prod"))));
  }

  /**
   * CloudFormation writes a parameter only when the template's properties of it change; an
   * operator's value set since (e.g. "on: incident 4711") is drift it leaves alone on every other
   * redeploy. These properties are pinned, the same in every environment and independent of any
   * input, so no redeploy can reset the switch; changing them is a deliberate act this test names.
   */
  @ParameterizedTest
  @FieldSource("ENVS")
  void theKillSwitchParametersPropertiesArePinnedSoARedeployNeverRewritesIt(String env) {
    JsonNode resource = SYNTH.json(env).at("/Resources/KillSwitchParameter");
    assertThat(Synth.JSON.convertValue(resource.get("Properties"), PROPERTIES))
        .isEqualTo(
            Map.of(
                "Name", "/tradai/" + env + "/remediation/kill-switch",
                "Type", "String",
                "Value", "off",
                "Description",
                    "\"on\" stops every remediation action at once; \"off\" lets guardrails decide",
                "Tags", Map.of("project", "tradai", "environment", env)));
    assertThat(resource.has("UpdateReplacePolicy") || resource.has("Condition")).isFalse();
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void killSwitchStartsOffAndPolicyOverrideStartsEmpty(String env) {
    JsonNode resources = SYNTH.json(env).get("Resources");
    String killSwitch = resources.at("/KillSwitchParameter/Properties/Value").asText();
    assertThat(killSwitch).isEqualTo("off");
    // ...and the function code reads that value as "off" (its own semantics, not a guess).
    assertThat(KillSwitch.engaged("kill-switch", Optional.of(killSwitch))).isEmpty();
    assertThat(KillSwitch.engaged("kill-switch", Optional.of("on"))).isPresent();
    // The function code accepts the override's first value, and it tightens nothing: the bundled
    // policy file rules until an operator tightens it.
    var loaded =
        new PolicyLoader(Json.MAPPER)
            .withOverride(env, resources.at("/PolicyParameter/Properties/Value").asText(), "ssm");
    assertThat(loaded).isEqualTo(new PolicyLoader(Json.MAPPER).forEnvironment(env));
  }

  /**
   * The policy override, like the kill switch: its properties are pinned, the same in every
   * environment and independent of the policy file, so a redeploy never rewrites a tightening an
   * on-call engineer set at run time; changing them is a deliberate act this test names.
   */
  @ParameterizedTest
  @FieldSource("ENVS")
  void thePolicyOverridesPropertiesArePinnedSoARedeployNeverRewritesIt(String env) {
    JsonNode resource = SYNTH.json(env).at("/Resources/PolicyParameter");
    assertThat(Synth.JSON.convertValue(resource.get("Properties"), PROPERTIES))
        .isEqualTo(
            Map.of(
                "Name",
                "/tradai/" + env + "/remediation/policy",
                "Type",
                "String",
                "Value",
                "{}",
                "Description",
                "Run-time tightening of the guardrail policy: JSON merged over the"
                    + " bundled policy file; {} tightens nothing",
                "Tags",
                Map.of("project", "tradai", "environment", env)));
    assertThat(resource.has("UpdateReplacePolicy") || resource.has("Condition")).isFalse();
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void functionLogGroupsKeepTheConfiguredRetention(String env) {
    for (Handler h : Handler.values()) {
      SYNTH
          .template(env)
          .hasResourceProperties(
              "AWS::Logs::LogGroup",
              Map.of(
                  "LogGroupName",
                  "/aws/lambda/tradai-" + h.service + "-" + env,
                  "RetentionInDays",
                  SYNTH.config(env).logRetentionDays()));
    }
  }

  /** With no dryRun in the infra config, DRY_RUN follows the policy file. */
  private static String policyDryRun(String env) {
    try {
      return Synth.JSON
          .readTree(Synth.INFRA_DIR.getParent().resolve(SYNTH.config(env).policyFile()).toFile())
          .get("dryRun")
          .asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Object> sub(String service, String resource) {
    return Map.of(
        "Fn::Sub",
        "arn:${AWS::Partition}:" + service + ":${AWS::Region}:${AWS::AccountId}:" + resource);
  }

  private static JsonNode json(Object value) {
    return Synth.JSON.valueToTree(value);
  }
}
