package com.tradai.infra;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every IAM action the four function roles may hold, with the resources it is scoped to. This is
 * the one place to grow when the function code calls a new API: {@link FunctionGrants} turns each
 * grant into a policy statement, and {@code IamAllowListTest} fails on any action in the
 * synthesized template that is not here, and on any grant here that the template lacks.
 *
 * <p>A grant on {@link Scope#ANY} (Resource "*") must say why the API accepts nothing narrower.
 */
public enum IamAllowList {
  // Which role holds what follows the function code (IamAllowListTest derives it from the
  // sources): RemediationHandler's composition serves the remediation, health-check and operator
  // functions, VerifierHandler's the verifier (metrics, alarm state, queue, reports, ECS rollback
  // through the ledger-guarded rollback command: ledger, kill switch, policy override).

  // ---- diagnosis: read-only ----
  GET_METRIC_DATA(
      Role.ALL,
      Scope.ANY,
      "cloudwatch:GetMetricData has no resource-level permissions (the API accepts only \"*\")",
      "cloudwatch:GetMetricData"),
  // the verifier reads an alarm's state; the remediation function a composite's triggering alarms
  DESCRIBE_ALARMS(Role.ALL, Scope.ENV_ALARMS, null, "cloudwatch:DescribeAlarms"),
  DESCRIBE_ALARM_HISTORY(
      Role.DIAGNOSING, Scope.ENV_ALARMS, null, "cloudwatch:DescribeAlarmHistory"),
  INSIGHT_RULE_REPORTS(
      Role.DIAGNOSING, Scope.TABLE_INSIGHT_RULES, null, "cloudwatch:GetInsightRuleReport"),
  FILTER_TARGET_LOGS(Role.DIAGNOSING, Scope.TARGET_LOG_GROUPS, null, "logs:FilterLogEvents"),
  DESCRIBE_ECS_SERVICES(Role.ALL, Scope.ECS_SERVICES, null, "ecs:DescribeServices"),
  DESCRIBE_TASK_DEFINITION(
      Role.ALL,
      Scope.ANY,
      "ecs:DescribeTaskDefinition has no resource-level permissions (the API accepts only \"*\")",
      "ecs:DescribeTaskDefinition"),
  LIST_TASKS(
      Role.ALL,
      Scope.ANY_IN_ENV_CLUSTER,
      "ecs:ListTasks authorizes on container instances, not tasks; \"*\" is narrowed to this"
          + " environment's cluster by the ecs:cluster condition",
      "ecs:ListTasks"),
  DESCRIBE_TASKS(Role.ALL, Scope.ECS_TASKS, null, "ecs:DescribeTasks"),
  READ_LAMBDA_TARGETS(
      Role.DIAGNOSING,
      Scope.LAMBDA_TARGETS,
      null,
      "lambda:GetFunctionConfiguration",
      "lambda:GetAlias",
      "lambda:ListAliases",
      "lambda:GetProvisionedConcurrencyConfig"),
  DESCRIBE_DB_INSTANCE(Role.DIAGNOSING, Scope.RDS_INSTANCE, null, "rds:DescribeDBInstances"),
  PERFORMANCE_INSIGHTS(Role.DIAGNOSING, Scope.PI_METRICS, null, "pi:DescribeDimensionKeys"),
  DESCRIBE_TARGET_TABLES(
      Role.DIAGNOSING,
      Scope.TARGET_TABLES,
      null,
      "dynamodb:DescribeTable",
      "dynamodb:DescribeContributorInsights"),

  // ---- fixes: the remediation function; ECS also the verifier, which rolls back ECS fixes ----
  UPDATE_ECS_SERVICES(Role.ROLLING_BACK, Scope.ECS_SERVICES, null, "ecs:UpdateService"),
  REGISTER_TASK_DEFINITION(
      Role.ROLLING_BACK, Scope.TASK_DEFINITIONS, null, "ecs:RegisterTaskDefinition"),
  // A new revision carries the running one's tags; tagging on create is authorized as TagResource.
  TAG_NEW_TASK_DEFINITIONS(Role.ROLLING_BACK, Scope.TASK_DEFINITIONS, null, "ecs:TagResource"),
  PASS_TASK_ROLES(Role.ROLLING_BACK, Scope.TASK_ROLES, null, "iam:PassRole"),
  TUNE_LAMBDA_TARGETS(
      Role.FIXING,
      Scope.LAMBDA_TARGETS,
      null,
      "lambda:UpdateFunctionConfiguration",
      "lambda:PublishVersion",
      "lambda:UpdateAlias",
      "lambda:PutProvisionedConcurrencyConfig"),
  // per environment: only the operator's role where every RDS change needs approval
  // (RdsChangeRights)
  MODIFY_DB_INSTANCE(Role.FIXING, Scope.RDS_INSTANCE, null, "rds:ModifyDBInstance"),
  UPDATE_TARGET_TABLES(Role.FIXING, Scope.TARGET_TABLES, null, "dynamodb:UpdateTable"),

  // ---- the function's own state and reports ----
  // ConditionCheckItem and BatchGetItem are granted ahead of the ledger code that uses them (see
  // IamAllowListTest.ANTICIPATED). The kill switch and policy override are read in one
  // GetParameters.
  // TransactWriteItems is no IAM action: a transaction is authorized per item, as PutItem,
  // UpdateItem, DeleteItem and (for a ConditionCheck entry) ConditionCheckItem.
  LEDGER(
      Role.ALL,
      Scope.LEDGER,
      null,
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:Query",
      "dynamodb:ConditionCheckItem",
      "dynamodb:BatchGetItem"),
  READ_GUARDRAILS(Role.ALL, Scope.GUARDRAIL_PARAMETERS, null, "ssm:GetParameters"),
  PUBLISH_RESULTS(Role.ALL, Scope.RESULTS_TOPIC, null, "sns:Publish"),
  ESCALATE(Role.ALL, Scope.ESCALATION_TOPIC, null, "sns:Publish"),
  ENCRYPT_REPORTS(Role.ALL, Scope.TOPIC_KEY, null, "kms:GenerateDataKey", "kms:Decrypt"),
  // A fix's first check reaches the queue through the results topic's subscription; only the
  // verifier sends (an improving fix's next check, or an early report's remainder).
  SCHEDULE_VERIFICATION(
      EnumSet.of(Role.REMEDIATION, Role.VERIFIER), Scope.VERIFY_QUEUE, null, "sqs:SendMessage"),
  WRITE_OWN_LOGS(Role.ALL, Scope.OWN_LOG_GROUP, null, "logs:CreateLogStream", "logs:PutLogEvents"),
  // a chat click: the operator function resolves the sender's role id among the operator roles,
  // and may engage (never release: its code writes only "on") the kill switch
  READ_OPERATOR_ROLES(EnumSet.of(Role.OPERATOR), Scope.OPERATOR_ROLES, null, "iam:GetRole"),
  ENGAGE_KILL_SWITCH(EnumSet.of(Role.OPERATOR), Scope.KILL_SWITCH, null, "ssm:PutParameter"),

  // ---- statements the CDK writes itself (listed so the test knows them; not generated here) ----
  TRACING(
      Role.ALL,
      Scope.ANY,
      "added by the CDK for active tracing: X-Ray's PutTraceSegments and PutTelemetryRecords have"
          + " no resource-level permissions",
      "xray:PutTraceSegments",
      "xray:PutTelemetryRecords"),
  CONSUME_VERIFICATIONS(
      EnumSet.of(Role.VERIFIER),
      Scope.VERIFY_QUEUE,
      null,
      "sqs:ReceiveMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueUrl",
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes"),
  SEND_ASYNC_FAILURES(
      EnumSet.of(Role.REMEDIATION, Role.HEALTH_CHECK),
      Scope.FAILURE_QUEUE,
      null,
      "sqs:SendMessage",
      "sqs:GetQueueAttributes",
      "sqs:GetQueueUrl");

  /** The function roles. */
  public enum Role {
    REMEDIATION,
    VERIFIER,
    HEALTH_CHECK,
    /** The operator function: RemediationHandler's composition, driven by a person's commands. */
    OPERATOR;

    static final Set<Role> ALL = EnumSet.allOf(Role.class);

    /**
     * The functions that apply fixes: alarms' fixes and the approvals and rollbacks of operators.
     */
    static final Set<Role> FIXING = EnumSet.of(REMEDIATION, OPERATOR);

    /** RemediationHandler's composition: the remediation, health-check and operator functions. */
    static final Set<Role> DIAGNOSING = EnumSet.of(REMEDIATION, HEALTH_CHECK, OPERATOR);

    /**
     * The functions that may change ECS services: fixes, operators' and the verifier's rollbacks.
     */
    static final Set<Role> ROLLING_BACK = EnumSet.of(REMEDIATION, VERIFIER, OPERATOR);
  }

  /**
   * What a grant's resources are. {@link FunctionGrants#resources} turns a scope into ARNs for one
   * environment; {@link #why} explains a scope whose ARNs hold a wildcard.
   */
  public enum Scope {
    ANY(null),
    ANY_IN_ENV_CLUSTER(null),
    ENV_ALARMS("alarms are matched by this environment's alarm-name prefix tradai-{env}-"),
    TARGET_LOG_GROUPS(
        "a log group ARN ends in :* so that its log streams match; one ARN per configured target"),
    ECS_SERVICES(null),
    ECS_TASKS(
        "task ids are not known in advance; the ARN is limited to this environment's cluster"),
    TASK_ROLES(
        "the roles the task definitions name (targets.ecsTasks.roles), else matched by the service"
            + " prefix tradai-{service}-{env}-* in dev only (PassRoleTargets); iam:PassedToService limits"
            + " the pass to ECS tasks"),
    TASK_DEFINITIONS(
        "task-definition/{family}:* covers the revisions of the services' families"
            + " (targets.ecsTasks.families, else the service names); a new revision's number is not"
            + " known in advance"),
    LAMBDA_TARGETS(
        "the :* form covers the configured functions' versions and aliases (provisioned"
            + " concurrency is set on a qualifier)"),
    RDS_INSTANCE(null),
    PI_METRICS(
        "Performance Insights names a DB by its resource id (db-XXXX), unknown at synth time;"
            + " limited to RDS metrics in this account and region"),
    TARGET_TABLES(null),
    TABLE_INSIGHT_RULES(
        "DynamoDB names a table's Contributor Insights rules DynamoDBContributorInsights-{mode}-"
            + "{table}-{creation time}; one pattern per configured table"),
    LEDGER(null),
    GUARDRAIL_PARAMETERS(null),
    RESULTS_TOPIC(null),
    ESCALATION_TOPIC(null),
    TOPIC_KEY(null),
    VERIFY_QUEUE(null),
    KILL_SWITCH(null),
    OPERATOR_ROLES(null),
    FAILURE_QUEUE(null),
    OWN_LOG_GROUP("the function's own log group; the :* form covers its log streams");

    private final String why;

    Scope(String why) {
      this.why = why;
    }

    public String why() {
      return why;
    }
  }

  private final Set<Role> roles;
  private final Scope scope;
  private final String why;
  private final List<String> actions;

  IamAllowList(Set<Role> roles, Scope scope, String why, String... actions) {
    this.roles = roles;
    this.scope = scope;
    this.why = why;
    this.actions = List.of(actions);
  }

  public Set<Role> roles() {
    return roles;
  }

  public Scope scope() {
    return scope;
  }

  /** Why this grant needs Resource "*" (null for grants scoped to named resources). */
  public String why() {
    return why;
  }

  public List<String> actions() {
    return actions;
  }

  /**
   * One IAM condition. A value in braces is filled in by {@link FunctionGrants} for the
   * environment: {@code {cluster}} the cluster ARN, {@code {taskDefinitions}} one ARN pattern per
   * family, {@code {taskMemoryMax}} the policy's cap on ecs-task-memory.
   */
  public record Condition(String operator, String key, List<String> values) {
    Condition(String operator, String key, String value) {
      this(operator, key, List.of(value));
    }
  }

  /**
   * The conditions on a grant, each key checked in the Service Authorization Reference for the
   * action it guards. The IfExists forms are for keys that a request may lack: UpdateService
   * carries ecs:task-definition only when it changes the task definition (not on a scale), and
   * ecs:enable-execute-command / ecs:privileged only when the request sets them.
   */
  public List<Condition> conditions() {
    return switch (this) {
      case LIST_TASKS -> List.of(new Condition("ArnEquals", "ecs:cluster", "{cluster}"));
      case PASS_TASK_ROLES ->
          List.of(new Condition("StringEquals", "iam:PassedToService", "ecs-tasks.amazonaws.com"));
      case UPDATE_ECS_SERVICES ->
          List.of(
              new Condition("ArnLikeIfExists", "ecs:task-definition", "{taskDefinitions}"),
              new Condition("BoolIfExists", "ecs:enable-execute-command", "false"));
      case REGISTER_TASK_DEFINITION ->
          List.of(
              new Condition("BoolIfExists", "ecs:privileged", "false"),
              new Condition("NumericLessThanEquals", "ecs:task-memory", "{taskMemoryMax}"));
      case TAG_NEW_TASK_DEFINITIONS ->
          List.of(new Condition("StringEquals", "ecs:CreateAction", "RegisterTaskDefinition"));
      // lambda:Layer holds the layers a request specifies (Lambda's guide, "Granting users access
      // to
      // a Lambda layer"): a memory or timeout update specifies none, so it may never add one
      case TUNE_LAMBDA_TARGETS -> List.of(new Condition("Null", "lambda:Layer", "true"));
      default -> List.of();
    };
  }

  /**
   * True for the statements the CDK writes itself; {@link FunctionGrants} writes all the others.
   */
  public boolean addedByCdk() {
    return this == TRACING || this == CONSUME_VERIFICATIONS || this == SEND_ASYNC_FAILURES;
  }

  public boolean wildcardResource() {
    return scope == Scope.ANY || scope == Scope.ANY_IN_ENV_CLUSTER;
  }

  public static List<IamAllowList> forRole(Role role) {
    return Stream.of(values()).filter(grant -> grant.roles.contains(role)).toList();
  }

  /**
   * The grants of a role in one environment, whose guardrail policy file is {@code policy}: as
   * {@link #forRole(Role)}, but {@link #MODIFY_DB_INSTANCE} only for the roles that may apply an
   * RDS change there ({@link RdsChangeRights}).
   */
  public static List<IamAllowList> forRole(
      Role role, com.fasterxml.jackson.databind.JsonNode policy) {
    return forRole(role).stream()
        .filter(
            grant -> grant != MODIFY_DB_INSTANCE || RdsChangeRights.roles(policy).contains(role))
        .toList();
  }

  /** Every action the given role may hold in the environment of {@code policy}. */
  public static Set<String> actionsFor(Role role, com.fasterxml.jackson.databind.JsonNode policy) {
    return forRole(role, policy).stream()
        .flatMap(grant -> grant.actions.stream())
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  /** Every action the given role may hold. */
  public static Set<String> actionsFor(Role role) {
    return forRole(role).stream()
        .flatMap(grant -> grant.actions.stream())
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  /** The actions that may stand on Resource "*", with the reason. */
  public static Set<String> wildcardActions() {
    return Stream.of(values())
        .filter(IamAllowList::wildcardResource)
        .flatMap(grant -> grant.actions.stream())
        .collect(Collectors.toSet());
  }
}
