package com.tradai.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.infra.IamAllowList.Role;
import com.tradai.infra.RemediationStack.Handler;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.assertions.Match;

/**
 * Least privilege, checked on the synthesized templates against {@link IamAllowList}: each role
 * holds exactly its allow-listed actions, no action is a wildcard, Resource "*" appears only for
 * actions whose API accepts nothing else, and every other resource names this environment.
 */
class IamAllowListTest {

  private static final Synth SYNTH = Synth.get();

  static Stream<Arguments> rolesPerEnvironment() {
    return EnvConfig.ENVIRONMENTS.stream()
        .flatMap(env -> Stream.of(Handler.values()).map(h -> Arguments.of(env, h)));
  }

  /** Every Allow statement attached to the function's role. */
  private static List<JsonNode> statements(String env, Handler h) {
    List<JsonNode> found = new ArrayList<>();
    SYNTH
        .resources(env, "AWS::IAM::Policy")
        .values()
        .forEach(
            policy -> {
              JsonNode roles = policy.at("/Properties/Roles");
              if (roles.toString().contains("\"" + h.logicalId + "Role\"")) {
                policy.at("/Properties/PolicyDocument/Statement").forEach(found::add);
              }
            });
    return found;
  }

  private static List<String> actions(JsonNode statement) {
    List<String> actions = new ArrayList<>();
    JsonNode action = statement.get("Action");
    if (action.isArray()) {
      action.forEach(a -> actions.add(a.asText()));
    } else {
      actions.add(action.asText());
    }
    return actions;
  }

  private static List<JsonNode> resources(JsonNode statement) {
    List<JsonNode> resources = new ArrayList<>();
    JsonNode resource = statement.get("Resource");
    if (resource.isArray()) {
      resource.forEach(resources::add);
    } else {
      resources.add(resource);
    }
    return resources;
  }

  @ParameterizedTest
  @MethodSource("rolesPerEnvironment")
  void roleHoldsExactlyItsAllowListedActions(String env, Handler h) {
    Set<String> granted = new TreeSet<>();
    statements(env, h)
        .forEach(
            s -> {
              assertThat(s.get("Effect").asText()).isEqualTo("Allow");
              granted.addAll(actions(s));
            });
    assertThat(granted).isEqualTo(IamAllowList.actionsFor(h.role, policy(env)));
  }

  /** The environment's guardrail policy file, as the stack read it. */
  static JsonNode policy(String env) {
    try {
      return Synth.JSON.readTree(SYNTH.config(env).policyJson(Synth.INFRA_DIR.getParent()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * rds:ModifyDBInstance (which can also reset the master password) only where the role may apply
   * an RDS change: staging's and prod's policies need approval for every RDS change, so there only
   * the operator function's role holds it.
   */
  static final Map<String, Set<Handler>> MODIFY_DB_INSTANCE =
      Map.of(
          "dev", EnumSet.of(Handler.REMEDIATION, Handler.OPERATOR),
          "staging", EnumSet.of(Handler.OPERATOR),
          "prod", EnumSet.of(Handler.OPERATOR));

  @ParameterizedTest
  @MethodSource("rolesPerEnvironment")
  void modifyDbInstanceOnlyOnTheRolesThatMayApplyAnRdsChangeInThisEnvironment(
      String env, Handler h) {
    Map<String, Object> statement =
        Map.of(
            "PolicyDocument",
            Match.objectLike(
                Map.of(
                    "Statement",
                    Match.arrayWith(
                        List.of(
                            Match.objectLike(
                                Map.of(
                                    "Action",
                                    "rds:ModifyDBInstance",
                                    "Resource",
                                    Map.of(
                                        "Fn::Sub",
                                        "arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:db:tradai-"
                                            + env))))))),
            "Roles",
            List.of(Map.of("Ref", h.logicalId + "Role")));
    SYNTH
        .template(env)
        .resourcePropertiesCountIs(
            "AWS::IAM::Policy",
            Match.objectLike(statement),
            MODIFY_DB_INSTANCE.get(env).contains(h) ? 1 : 0);
    assertThat(RdsChangeRights.everyRdsChangeNeedsApproval(policy(env)))
        .isEqualTo(!env.equals("dev"));
  }

  @Test
  void everyRdsActionKindTheFunctionsApplyIsOneTheRightsKnow() {
    // The policy names RDS changes by kind; a new RDS kind must be weighed by RdsChangeRights.
    for (Class<?> type : com.tradai.remediation.core.Action.class.getPermittedSubclasses()) {
      if (type.getSimpleName().contains("Rds")) {
        assertThat(type.getSimpleName()).isEqualTo("ChangeRdsInstanceClass");
      }
    }
    assertThat(RdsChangeRights.RDS_KINDS)
        .containsExactly(
            new com.tradai.remediation.core.Action.ChangeRdsInstanceClass(
                    "tradai-dev", "db.t4g.micro", "db.t4g.small", 0, 1)
                .kind());
  }

  @ParameterizedTest
  @MethodSource("rolesPerEnvironment")
  void inStagingAndProdPassRoleNamesExactRolesAndDevKeepsTheServicePattern(String env, Handler h) {
    if (!IamAllowList.actionsFor(h.role).contains("iam:PassRole")) {
      return;
    }
    List<String> passed =
        resources(sid(env, h, "PassTaskRoles")).stream()
            .map(r -> r.get("Fn::Sub").asText())
            .toList();
    if (env.equals("dev")) {
      assertThat(passed).allMatch(arn -> arn.endsWith("-dev-*")).hasSize(3);
    } else {
      assertThat(passed)
          .noneMatch(arn -> arn.contains("*") || arn.contains("?"))
          .contains(
              "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/tradai-backend-" + env + "-task")
          .hasSize(SYNTH.config(env).targets().ecsTasks().roles().size());
    }
  }

  @ParameterizedTest
  @MethodSource("rolesPerEnvironment")
  void everyRoleMayPublishToTheEscalationTopic(String env, Handler h) {
    // failed runs, plans waiting for approval and an open breaker (any function), NOT_RECOVERED
    assertThat(statements(env, h))
        .anySatisfy(
            s -> {
              assertThat(actions(s)).containsExactly("sns:Publish");
              assertThat(resources(s))
                  .containsExactly(Synth.JSON.valueToTree(Map.of("Ref", "EscalationTopic")));
            });
  }

  @ParameterizedTest
  @MethodSource("rolesPerEnvironment")
  void noWildcardActionsAndResourceStarOnlyWhereTheApiAcceptsNothingElse(String env, Handler h) {
    Set<String> wildcardOk = IamAllowList.wildcardActions();
    for (JsonNode s : statements(env, h)) {
      assertThat(actions(s)).noneMatch(a -> a.contains("*"));
      if (resources(s).stream().anyMatch(r -> r.isTextual() && r.asText().equals("*"))) {
        assertThat(wildcardOk).as(s.toString()).containsAll(actions(s));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("rolesPerEnvironment")
  void everyNamedResourceBelongsToThisEnvironment(String env, Handler h) {
    Pattern envName = Pattern.compile("tradai-([a-z0-9-]+-)?" + env + "([-/:*]|$)");
    JsonNode templateResources = SYNTH.json(env).get("Resources");
    for (JsonNode s : statements(env, h)) {
      if (s.path("Sid").asText().equals("ReadOperatorRoles")) {
        // the operator roles are the config's, wherever they live (ChatActionsTest pins them)
        continue;
      }
      for (JsonNode r : resources(s)) {
        if (r.isTextual()) {
          assertThat(r.asText()).isEqualTo("*"); // literal ARNs would bypass this check
        } else if (r.has("Fn::Sub")) {
          String arn = r.get("Fn::Sub").asText();
          // Performance Insights names DBs by resource id only (see IamAllowList.Scope.PI_METRICS).
          if (!arn.endsWith(":metrics/rds/*")) {
            assertThat(envName.matcher(arn).find()).as(arn + " names " + env).isTrue();
          }
        } else {
          // Ref / GetAtt / Join over this stack's own resources (topics, queue, ledger,
          // parameters).
          List<String> refs = new ArrayList<>();
          r.findValues("Ref").forEach(ref -> refs.add(ref.asText()));
          r.findValues("Fn::GetAtt").forEach(att -> refs.add(att.get(0).asText()));
          refs.removeIf(ref -> ref.startsWith("AWS::"));
          assertThat(refs).as(r.toString()).isNotEmpty();
          refs.forEach(ref -> assertThat(templateResources.has(ref)).as(ref).isTrue());
        }
      }
    }
  }

  @Test
  void rolesHaveNoManagedOrInlinePoliciesBesideTheAllowList() {
    for (String env : EnvConfig.ENVIRONMENTS) {
      // the functions' roles; besides them only AWS Chatbot's (no policy at all) where a
      // Slack channel is configured
      assertThat(
              SYNTH.resources(env, "AWS::IAM::Role").values().stream()
                  .map(
                      role ->
                          role.at(
                                  "/Properties/AssumeRolePolicyDocument/Statement/0/Principal/Service")
                              .asText())
                  .toList())
          .isSubsetOf("lambda.amazonaws.com", "chatbot.amazonaws.com")
          .filteredOn("lambda.amazonaws.com"::equals)
          .hasSize(Role.values().length);
      // only the chat channel's guardrail, attached to no role, user or group (a Chatbot channel
      // caps its members' clicks with it)
      assertThat(SYNTH.resources(env, "AWS::IAM::ManagedPolicy").keySet())
          .allMatch(id -> id.startsWith("HumanSubscribersChatGuardrail"));
      SYNTH
          .resources(env, "AWS::IAM::ManagedPolicy")
          .values()
          .forEach(
              p ->
                  assertThat(List.of("Roles", "Users", "Groups"))
                      .allMatch(k -> p.at("/Properties/" + k).isMissingNode()));
      SYNTH
          .resources(env, "AWS::IAM::Role")
          .forEach(
              (id, role) -> {
                assertThat(role.at("/Properties/ManagedPolicyArns").isMissingNode())
                    .as(id)
                    .isTrue();
                assertThat(role.at("/Properties/Policies").isMissingNode()).as(id).isTrue();
              });
    }
  }

  /**
   * Each generated statement carries exactly its grant's conditions, values filled in for the env.
   */
  @ParameterizedTest
  @MethodSource("rolesPerEnvironment")
  void everyStatementCarriesExactlyItsGrantsConditions(String env, Handler h) {
    for (IamAllowList grant : IamAllowList.forRole(h.role, policy(env))) {
      if (grant.addedByCdk()) {
        continue;
      }
      JsonNode statement =
          statements(env, h).stream()
              .filter(s -> s.path("Sid").asText().equalsIgnoreCase(grant.name().replace("_", "")))
              .findFirst()
              .orElseThrow(() -> new AssertionError(grant + " has no statement in " + env));
      JsonNode condition = statement.path("Condition");
      Set<String> expected = new TreeSet<>();
      grant.conditions().forEach(c -> expected.add(c.operator() + " " + c.key()));
      Set<String> actual = new TreeSet<>();
      condition
          .properties()
          .forEach(
              op ->
                  op.getValue()
                      .properties()
                      .forEach(k -> actual.add(op.getKey() + " " + k.getKey())));
      assertThat(actual).as(grant + " in " + env).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @MethodSource("rolesPerEnvironment")
  void ecsChangesAreFencedToTheServicesFamiliesWithoutExecOrPrivilege(String env, Handler h) {
    if (!IamAllowList.actionsFor(h.role).contains("ecs:RegisterTaskDefinition")) {
      return;
    }
    JsonNode register = sid(env, h, "RegisterTaskDefinition");
    assertThat(register.at("/Condition/BoolIfExists/ecs:privileged").asText()).isEqualTo("false");
    String memoryCap = register.at("/Condition/NumericLessThanEquals/ecs:task-memory").asText();
    assertThat(memoryCap).matches("\\d+"); // the policy's ecs-task-memory cap
    if (env.equals("prod")) {
      assertThat(memoryCap).isEqualTo("16384");
    }
    assertThat(register.get("Resource").toString())
        .contains("task-definition/tradai-backend-" + env + ":*")
        .doesNotContain("\"*\"");
    JsonNode update = sid(env, h, "UpdateEcsServices");
    assertThat(update.at("/Condition/BoolIfExists/ecs:enable-execute-command").asText())
        .isEqualTo("false");
    assertThat(update.at("/Condition/ArnLikeIfExists/ecs:task-definition").toString())
        .contains("task-definition/tradai-strategy-service-" + env + ":*");
    assertThat(
            sid(env, h, "TagNewTaskDefinitions")
                .at("/Condition/StringEquals/ecs:CreateAction")
                .asText())
        .isEqualTo("RegisterTaskDefinition");
  }

  @ParameterizedTest
  @MethodSource("rolesPerEnvironment")
  void lambdaTuningCannotAddALayer(String env, Handler h) {
    if (IamAllowList.actionsFor(h.role).contains("lambda:UpdateFunctionConfiguration")) {
      assertThat(sid(env, h, "TuneLambdaTargets").at("/Condition/Null/lambda:Layer").asText())
          .isEqualTo("true");
    }
  }

  private static JsonNode sid(String env, Handler h, String sid) {
    return statements(env, h).stream()
        .filter(s -> s.path("Sid").asText().equals(sid))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no statement " + sid));
  }

  @Test
  void everyWildcardGrantSaysWhy() {
    for (IamAllowList grant : IamAllowList.values()) {
      if (grant.wildcardResource()) {
        assertThat(grant.why()).as(grant.name()).isNotBlank();
      }
    }
  }

  @Test
  void onlyTheRemediationAndOperatorRolesChangeTargetsAndTheVerifierOnlyRollsBackEcs() {
    assertThat(IamAllowList.actionsFor(Role.REMEDIATION)).containsAll(MUTATING);
    assertThat(IamAllowList.actionsFor(Role.OPERATOR)).containsAll(MUTATING);
    assertThat(IamAllowList.actionsFor(Role.VERIFIER))
        .filteredOn(MUTATING::contains)
        .containsExactlyInAnyOrder(
            "ecs:UpdateService", "ecs:RegisterTaskDefinition", "ecs:TagResource", "iam:PassRole");
    assertThat(IamAllowList.actionsFor(Role.HEALTH_CHECK)).doesNotContainAnyElementsOf(MUTATING);
  }

  // ---- the allow-list against the function code ----

  static final Set<String> MUTATING =
      Set.of(
          "ecs:UpdateService",
          "ecs:RegisterTaskDefinition",
          "iam:PassRole",
          "ecs:TagResource",
          "lambda:UpdateFunctionConfiguration",
          "lambda:PublishVersion",
          "lambda:UpdateAlias",
          "lambda:PutProvisionedConcurrencyConfig",
          "rds:ModifyDBInstance",
          "dynamodb:UpdateTable");

  /**
   * Every source file that calls AWS, and the roles whose function builds it (reviewed; checked
   * below against the composition roots). RemediationHandler.compose serves the remediation and
   * health-check functions; VerifierHandler.compose the verifier.
   */
  static final Map<String, Set<Role>> CALLERS =
      Map.ofEntries(
          Map.entry("aws/CloudWatchMetricReader.java", Role.ALL),
          Map.entry("aws/CloudWatchAlarmHistory.java", Role.DIAGNOSING),
          Map.entry("aws/CloudWatchAlarmDefinitions.java", Role.DIAGNOSING),
          Map.entry("aws/CloudWatchAlarmStateReader.java", EnumSet.of(Role.VERIFIER)),
          // the alarm confirmation, built by AwsClients.alarms() for RemediationHandler.compose
          Map.entry("aws/CloudWatchQueryAlarms.java", Role.DIAGNOSING),
          Map.entry("aws/CloudWatchInsightRules.java", Role.DIAGNOSING),
          Map.entry("aws/CloudWatchLogsSearcher.java", Role.DIAGNOSING),
          Map.entry("aws/EcsExecutor.java", Role.ALL),
          Map.entry("aws/LambdaExecutor.java", Role.DIAGNOSING),
          Map.entry("aws/RdsExecutor.java", Role.DIAGNOSING),
          Map.entry("aws/PerformanceInsights.java", Role.DIAGNOSING),
          Map.entry("aws/DynamoDbExecutor.java", Role.DIAGNOSING),
          Map.entry("aws/SnsReportPublisher.java", Role.ALL),
          Map.entry(
              "aws/SqsVerificationScheduler.java", EnumSet.of(Role.REMEDIATION, Role.VERIFIER)),
          Map.entry("aws/SsmParameters.java", Role.ALL),
          Map.entry("ledger/DynamoDbLedger.java", Role.ALL),
          // the chat path, built by ChatWiring for the operator function only
          Map.entry("aws/IamOperatorRoleIds.java", EnumSet.of(Role.OPERATOR)),
          Map.entry("aws/SqsInFlightMessages.java", EnumSet.of(Role.OPERATOR)),
          Map.entry("aws/SsmKillSwitch.java", EnumSet.of(Role.OPERATOR)));

  /**
   * Calls the health check's composition holds but it never makes: HealthCheckHandler only runs the
   * health-check command, a dry run that plans no change, so nothing is applied (and no report of
   * its schedules a verification).
   */
  static final Set<String> HEALTH_CHECK_NEVER =
      new TreeSet<>(MUTATING.stream().filter(a -> !a.equals("iam:PassRole")).toList());

  /**
   * Adapters RemediationHandler's composition builds only when a variable is set that the stack
   * does not give the health check nor the operator function (RemediationStackTest pins that): the
   * check fallback's queue needs VERIFY_QUEUE_URL.
   */
  static final Set<String> HEALTH_CHECK_UNSET = Set.of("aws/SqsVerificationScheduler.java");

  /** What a call needs besides its own action. */
  static final Map<String, List<String>> IMPLIED =
      Map.of(
          "ecs:RegisterTaskDefinition",
          // a task definition names its task and execution roles, and a revision keeps its tags
          List.of("iam:PassRole", "ecs:TagResource"),
          "sns:Publish",
          List.of("kms:GenerateDataKey", "kms:Decrypt")); // the topics are KMS-encrypted

  /** Granted ahead of the code (the ledger's batched reads and transactional writes). */
  static final Map<String, String> ANTICIPATED =
      Map.of(
          "dynamodb:ConditionCheckItem",
              "a ConditionCheck entry of the ledger's TransactWriteItems",
          "dynamodb:BatchGetItem", "the ledger's facts (lock, cooldown, breaker) in one read");

  /**
   * Called by the code but granted by a resource's own policy, not the role's: the operator command
   * queue's policy (ChatActions.consume, statement OperatorFunctionReceives) lets the operator
   * function's role receive and change a click's visibility; the role's inline policy stays small.
   */
  static final Map<String, String> BY_RESOURCE_POLICY =
      Map.of(
          "sqs:ChangeMessageVisibility", "a chat click confirmed in flight (SqsInFlightMessages)");

  /** Written by Lambda and the CDK, not called by our code. */
  static final Set<IamAllowList> PLATFORM =
      EnumSet.of(
          IamAllowList.WRITE_OWN_LOGS,
          IamAllowList.TRACING,
          IamAllowList.CONSUME_VERIFICATIONS,
          IamAllowList.SEND_ASYNC_FAILURES);

  private static final Map<String, TreeSet<String>> CALLS = FunctionSources.awsCallsByFile();

  @Test
  void theSourceScanFindsTheCallsItMustFind() {
    // Guards the scan: one call of each kind (client method, paginator, signed JSON).
    assertThat(CALLS.get("aws/EcsExecutor.java")).contains("ecs:UpdateService", "ecs:ListTasks");
    assertThat(CALLS.get("aws/CloudWatchMetricReader.java")).contains("cloudwatch:GetMetricData");
    assertThat(CALLS.get("aws/CloudWatchLogsSearcher.java")).contains("logs:FilterLogEvents");
    assertThat(CALLS.get("aws/SsmParameters.java")).containsExactly("ssm:GetParameters");
    assertThat(CALLS.get("aws/PerformanceInsights.java"))
        .containsExactly("pi:DescribeDimensionKeys");
    assertThat(CALLS.get("aws/IamOperatorRoleIds.java")).containsExactly("iam:GetRole");
    assertThat(CALLS.get("aws/CloudWatchQueryAlarms.java"))
        .containsExactly("cloudwatch:DescribeAlarmHistory", "cloudwatch:DescribeAlarms");
    assertThat(CALLS.get("ledger/DynamoDbLedger.java"))
        .contains("dynamodb:Query", "dynamodb:PutItem");
  }

  /**
   * Every file that calls a service through {@code AwsQueryCall} is read by the scan ({@link
   * FunctionSources#QUERY_PROTOCOL}), so its actions are checked against the grants like any SDK
   * call's. A new file calling a service this way must be listed there.
   */
  @Test
  void everyQueryProtocolCallerIsScannedOrNamed() {
    Set<String> callers = new TreeSet<>();
    FunctionSources.java()
        .forEach(
            (file, source) -> {
              if (!file.equals("aws/AwsQueryCall.java")
                  && source.contains("AwsQueryCall")
                  && Pattern.compile("\\.call\\(\"\\w+\"").matcher(source).find()) {
                callers.add(file);
              }
            });
    assertThat(callers).isEqualTo(new TreeSet<>(FunctionSources.QUERY_PROTOCOL.keySet()));
  }

  @Test
  void theFilesLeftOutOfTheScanCallOnlyClientsThatAnswerInProcess() {
    for (String file : FunctionSources.CANNED_ONLY) {
      String source = source(file);
      // Every client it calls is a twin over a canned HTTP client; it reaches no real client.
      assertThat(source)
          .as(file)
          .contains("aws.twin(")
          .contains("canned(")
          .contains("CannedResponseHttpClient.builder()")
          .doesNotContainPattern(
              "aws\\.(ssm|dynamoDb|ecs|sns|sqs|lambda|rds|logs|cloudWatch)\\(\\)")
          .doesNotContain("aws::");
    }
  }

  @Test
  void everyFileThatCallsAwsIsAssignedToTheRolesThatBuildIt() {
    assertThat(CALLERS.keySet()).containsExactlyInAnyOrderElementsOf(CALLS.keySet());
    String remediation = source("handler/RemediationHandler.java");
    String verifier = source("handler/VerifierHandler.java");
    String chatWiring = source("handler/ChatWiring.java");
    assertThat(source("handler/OperatorHandler.java")).contains("ChatWiring.intake(");
    assertThat(source("handler/HealthCheckHandler.java")).contains("RemediationHandler.compose(");
    assertThat(source("handler/OperatorHandler.java")).contains("RemediationHandler.compose(");
    assertThat(verifier)
        .contains("RemediationHandler.metricReader(")
        .contains("RemediationHandler.settings(")
        .contains("RemediationHandler.ledger(");
    // what the verifier builds through RemediationHandler's helpers (seen in its source above)
    Map<String, String> viaHelpers =
        Map.of(
            "CloudWatchMetricReader", "RemediationHandler.metricReader(",
            "SsmParameters", "RemediationHandler.settings(",
            "DynamoDbLedger", "RemediationHandler.ledger(");
    // what RemediationHandler builds through AwsClients' accessors (each seen in AwsClients)
    Map<String, String> viaAwsClients = Map.of("CloudWatchQueryAlarms", "aws.alarms()");
    viaAwsClients.forEach(
        (type, call) -> assertThat(source("aws/AwsClients.java")).contains("new " + type + "("));
    CALLERS.forEach(
        (file, roles) -> {
          String type = file.substring(file.indexOf('/') + 1, file.length() - ".java".length());
          String lazy = "aws::" + Character.toLowerCase(type.charAt(0)) + type.substring(1);
          boolean inRemediation =
              remediation.contains("new " + type + "(")
                  || remediation.contains(lazy)
                  || (viaAwsClients.containsKey(type)
                      && remediation.contains(viaAwsClients.get(type)));
          boolean inVerifier =
              verifier.contains("new " + type + "(")
                  || (viaHelpers.containsKey(type) && verifier.contains(viaHelpers.get(type)));
          assertThat(inRemediation)
              .as(file + " in RemediationHandler")
              .isEqualTo(roles.contains(Role.REMEDIATION));
          assertThat(inRemediation)
              .as(file + " for the health check")
              .isEqualTo(roles.contains(Role.HEALTH_CHECK) || HEALTH_CHECK_UNSET.contains(file));
          boolean inChatWiring = chatWiring.contains("new " + type + "(");
          assertThat(inRemediation || inChatWiring)
              .as(file + " for the operator function")
              .isEqualTo(roles.contains(Role.OPERATOR) || HEALTH_CHECK_UNSET.contains(file));
          assertThat(inVerifier)
              .as(file + " in VerifierHandler")
              .isEqualTo(roles.contains(Role.VERIFIER));
        });
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void eachRoleHoldsExactlyWhatItsCodeCalls(Role role) {
    Set<String> expected = new TreeSet<>();
    CALLERS.forEach(
        (file, roles) -> {
          if (roles.contains(role)) {
            expected.addAll(CALLS.get(file));
          }
        });
    if (role == Role.HEALTH_CHECK) {
      expected.removeAll(HEALTH_CHECK_NEVER);
    }
    new ArrayList<>(expected).forEach(a -> expected.addAll(IMPLIED.getOrDefault(a, List.of())));
    Set<String> granted = new TreeSet<>();
    IamAllowList.forRole(role).stream()
        .filter(g -> !PLATFORM.contains(g))
        .forEach(g -> granted.addAll(g.actions()));
    granted.removeAll(ANTICIPATED.keySet());
    expected.removeAll(ANTICIPATED.keySet());
    expected.removeAll(BY_RESOURCE_POLICY.keySet());
    assertThat(granted)
        .as("granted to " + role + " (left) vs called by its code")
        .isEqualTo(expected);
  }

  @Test
  void everyCallTheCodeMakesIsGrantedToSomeRole() {
    Set<String> called = new TreeSet<>();
    CALLS.values().forEach(called::addAll);
    called.removeAll(BY_RESOURCE_POLICY.keySet());
    Set<String> granted = new TreeSet<>();
    for (Role role : Role.values()) {
      granted.addAll(IamAllowList.actionsFor(role));
    }
    assertThat(granted).containsAll(called);
  }

  private static String source(String file) {
    return FunctionSources.read(FunctionSources.JAVA.resolve(file));
  }
}
