package com.tradai.infra;

import com.tradai.infra.IamAllowList.Scope;
import com.tradai.infra.RemediationStack.Handler;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;

/**
 * Writes {@link IamAllowList} into the function roles for one environment: one Allow statement per
 * grant, its scope turned into this environment's ARNs ({@link #resources}) and its condition
 * placeholders filled in, and a cdk-nag IAM5 reason for every wildcard, taken from the allow-list.
 * Who holds {@code rds:ModifyDBInstance} follows the policy file ({@link RdsChangeRights}).
 */
final class FunctionGrants {
  private final EnvConfig cfg;
  private final PolicyFile policyFile;
  private final Messaging messaging;
  private final GuardrailState state;

  FunctionGrants(EnvConfig cfg, PolicyFile policyFile, Messaging messaging, GuardrailState state) {
    this.cfg = cfg;
    this.policyFile = policyFile;
    this.messaging = messaging;
    this.state = state;
  }

  /**
   * Adds the function's statements to its role, and the reasons for its wildcards. The grants the
   * CDK writes itself ({@link IamAllowList#addedByCdk}) get their reasons only.
   */
  void grant(Role role, Handler which) {
    List<String> wildcardReasons = new ArrayList<>();
    List<Object> wildcardFindings = new ArrayList<>();
    for (IamAllowList grant : IamAllowList.forRole(which.role, policyFile.json())) {
      List<String> arns = patterns(grant.scope(), which);
      if (grant.wildcardResource()) {
        wildcardReasons.add(String.join(", ", grant.actions()) + ": " + grant.why());
      } else {
        for (String pattern : arns) {
          if (pattern.contains("*") && !wildcardFindings.contains(finding(pattern))) {
            wildcardFindings.add(finding(pattern));
            NagSuppressions.addResourceSuppressions(
                role,
                List.of(
                    NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason(grant.scope().name() + ": " + grant.scope().why())
                        .appliesTo(List.of(finding(pattern)))
                        .build()),
                true);
          }
        }
      }
      if (grant.addedByCdk()) {
        continue;
      }
      PolicyStatement.Builder statement =
          PolicyStatement.Builder.create()
              .sid(sid(grant))
              .effect(Effect.ALLOW)
              .actions(grant.actions())
              .resources(arns.stream().map(Arns::resolve).toList());
      if (!grant.conditions().isEmpty()) {
        statement.conditions(IamConditions.render(grant.conditions(), this::conditionValues));
      }
      role.addToPolicy(statement.build());
    }
    NagSuppressions.addResourceSuppressions(
        role,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason(
                    "Resource \"*\" only where the API accepts nothing else: "
                        + String.join("; ", wildcardReasons))
                .appliesTo(List.of("Resource::*"))
                .build()),
        true);
  }

  /**
   * A scope's ARNs in this environment, ready for a template. Not for {@link Scope#OWN_LOG_GROUP},
   * which differs per function.
   */
  List<String> resources(Scope scope) {
    return patterns(scope, null).stream().map(Arns::resolve).toList();
  }

  /** The environment's values for a condition placeholder (see {@link IamAllowList.Condition}). */
  private List<Object> conditionValues(String value) {
    return switch (value) {
      case "{cluster}" -> List.of(Arns.sub("ecs", "cluster/" + cfg.clusterName()));
      case "{taskDefinitions}" -> new ArrayList<>(resources(Scope.TASK_DEFINITIONS));
      case "{taskMemoryMax}" -> List.of(String.valueOf(policyFile.taskMemoryMax()));
      default -> List.of(value);
    };
  }

  /** {@code READ_GUARDRAILS} is {@code ReadGuardrails}. */
  private static String sid(IamAllowList grant) {
    StringBuilder sid = new StringBuilder();
    for (String part : grant.name().split("_")) {
      sid.append(part.charAt(0)).append(part.substring(1).toLowerCase());
    }
    return sid.toString();
  }

  /** The cdk-nag finding text for an ARN pattern written for Fn::Sub. */
  private static String finding(String pattern) {
    return "Resource::" + pattern.replace("${", "<").replace("}", ">");
  }

  /**
   * Resource patterns for a scope, written as Fn::Sub templates (or tokens of this stack); {@code
   * which} names the function for {@link Scope#OWN_LOG_GROUP}.
   */
  private List<String> patterns(Scope scope, Handler which) {
    return switch (scope) {
      case ANY, ANY_IN_ENV_CLUSTER -> List.of("*");
      case ENV_ALARMS -> List.of(Arns.pattern("cloudwatch", "alarm:" + cfg.envPrefix() + "*"));
      case TARGET_LOG_GROUPS -> {
        List<String> groups = new ArrayList<>();
        cfg.ecsServiceNames()
            .forEach(s -> groups.add(Arns.pattern("logs", "log-group:/ecs/" + s + ":*")));
        cfg.lambdaFunctionNames()
            .forEach(f -> groups.add(Arns.pattern("logs", "log-group:/aws/lambda/" + f + ":*")));
        yield groups;
      }
      case ECS_SERVICES ->
          cfg.ecsServiceNames().stream()
              .map(s -> Arns.pattern("ecs", "service/" + cfg.clusterName() + "/" + s))
              .toList();
      case ECS_TASKS -> List.of(Arns.pattern("ecs", "task/" + cfg.clusterName() + "/*"));
      case TASK_ROLES -> cfg.ecsTaskRoleArns();
      case TASK_DEFINITIONS ->
          cfg.ecsTaskFamilies().stream()
              .map(f -> Arns.pattern("ecs", "task-definition/" + f + ":*"))
              .toList();
      case LAMBDA_TARGETS ->
          cfg.lambdaFunctionNames().stream()
              .flatMap(
                  f ->
                      Stream.of(
                          Arns.pattern("lambda", "function:" + f),
                          Arns.pattern("lambda", "function:" + f + ":*")))
              .toList();
      case RDS_INSTANCE -> List.of(Arns.pattern("rds", "db:" + cfg.rdsInstance()));
      case PI_METRICS -> List.of(Arns.pattern("pi", "metrics/rds/*"));
      case TARGET_TABLES ->
          cfg.dynamodbTableNames().stream()
              .map(t -> Arns.pattern("dynamodb", "table/" + t))
              .toList();
      case TABLE_INSIGHT_RULES ->
          cfg.dynamodbTableNames().stream()
              .map(
                  t ->
                      Arns.pattern(
                          "cloudwatch", "insight-rule/DynamoDBContributorInsights-*-" + t + "-*"))
              .toList();
      case LEDGER -> List.of(state.ledger().getTableArn());
      case GUARDRAIL_PARAMETERS ->
          List.of(state.killSwitch().getParameterArn(), state.policyOverride().getParameterArn());
      case RESULTS_TOPIC -> List.of(messaging.resultsTopic().getTopicArn());
      case ESCALATION_TOPIC -> List.of(messaging.escalationTopic().getTopicArn());
      case TOPIC_KEY -> List.of(messaging.topicKey().getKeyArn());
      case VERIFY_QUEUE -> List.of(messaging.verifyQueue().getQueueArn());
      case KILL_SWITCH -> List.of(state.killSwitch().getParameterArn());
      case OPERATOR_ROLES -> ChatActions.operatorRoleResources(cfg);
      case FAILURE_QUEUE -> List.of(messaging.failureQueue().getQueueArn());
      case OWN_LOG_GROUP ->
          List.of(
              Arns.pattern(
                  "logs", "log-group:/aws/lambda/" + cfg.serviceName(which.service) + ":*"));
    };
  }
}
