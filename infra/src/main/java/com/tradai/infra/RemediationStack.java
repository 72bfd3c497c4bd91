package com.tradai.infra;

import com.tradai.infra.IamAllowList.Role;
import com.tradai.infra.IamAllowList.Scope;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Fn;
import software.constructs.IConstruct;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Permission;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.StringConditions;
import software.amazon.awscdk.services.sns.SubscriptionFilter;
import software.amazon.awscdk.services.sns.subscriptions.LambdaSubscription;
import software.amazon.awscdk.services.sns.subscriptions.LambdaSubscriptionProps;
import software.amazon.awscdk.services.sns.subscriptions.SqsSubscription;
import software.amazon.awscdk.services.sns.subscriptions.SqsSubscriptionProps;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * One environment's auto-remediation: the four functions (remediation, verifier, health check, operator), how alarms reach them, their state,
 * their reports, and the runbook's own alarms. Names follow {@link EnvConfig}.
 */
public final class RemediationStack extends Stack {

  /** An alarm older than this is stale: what it saw has moved on. */
  static final Duration ALARM_EVENT_MAX_AGE = Duration.seconds(900);

  /** A health check runs every few minutes; a late one is replaced by the next. */
  static final Duration HEALTH_CHECK_MAX_AGE = Duration.seconds(300);

  /** The alias every trigger invokes; SnapStart snapshots the version behind it. */
  public static final String ALIAS = "live";

  static final String HANDLER_PACKAGE = "com.tradai.remediation.handler.";

  /** The functions: CloudFormation logical id, name suffix, handler string, role. */
  public enum Handler {
    REMEDIATION("RemediationFunction", "remediation", "RemediationHandler", Role.REMEDIATION),
    VERIFIER("VerifierFunction", "remediation-verifier", "VerifierHandler", Role.VERIFIER),
    HEALTH_CHECK(
        "HealthCheckFunction", "remediation-health-check", "HealthCheckHandler", Role.HEALTH_CHECK),
    /** A person's commands (approve, reject, rollback, ...): invoked only by operator roles. */
    OPERATOR("OperatorFunction", "remediation-operator", "OperatorHandler", Role.OPERATOR);

    public final String logicalId;
    public final String service;
    public final String handler;
    public final Role role;

    Handler(String logicalId, String service, String handlerClass, Role role) {
      this.logicalId = logicalId;
      this.service = service;
      this.handler = HANDLER_PACKAGE + handlerClass + "::handleRequest";
      this.role = role;
    }
  }

  private final EnvConfig cfg;
  private final Key topicKey;
  private final Topic alarmTopic;
  private final Topic resultsTopic;
  private final Topic escalationTopic;
  private final Queue verifyQueue;
  private final Queue commandQueue;
  private final Queue verifyDeadLetters;
  private final Queue failureQueue;
  private final Queue deliveryDeadLetters;
  private final Map<Handler, IFunction> functions = new EnumMap<>(Handler.class);
  private final Map<Handler, ILogGroup> logGroups = new EnumMap<>(Handler.class);
  private final Table ledger;
  private final StringParameter killSwitch;
  private final StringParameter policy;
  private final Code code;
  private final boolean dryRun;
  private final PolicyFile policyFile;
  private final FunctionGrants grants;

  /**
   * @param policyJson the functions' bundled guardrail policy (see {@link EnvConfig#policyJson}):
   *     DRY_RUN, the IAM caps and the queue's delay follow it; the policy parameter holds only an
   *     operator's run-time tightening, created as {@value GuardrailState#NO_OVERRIDE}
   */
  public RemediationStack(
      Construct scope, EnvConfig cfg, FunctionCode functionCode, String policyJson) {
    super(
        scope,
        cfg.stackName(),
        StackProps.builder()
            .stackName(cfg.stackName())
            .description("tradai auto-remediation for " + cfg.env() + " (runbook as code)")
            .env(Environment.builder().account(cfg.account()).region(cfg.region()).build())
            .terminationProtection(cfg.env().equals("prod"))
            .build());
    this.cfg = cfg;
    this.code = functionCode.code();
    this.policyFile = PolicyFile.parse(policyJson);
    this.dryRun = cfg.dryRun() != null ? cfg.dryRun() : policyFile.dryRun();
    Tags.of(this).add("project", cfg.project());
    Tags.of(this).add("environment", cfg.env());
    // cfn-lint (and `sam validate --lint`) read their exceptions from the template itself
    addMetadata("cfn-lint", Map.of("config", Map.of("ignore_checks", List.of("W3005"))));
    if (functionCode.placeholder()) {
      Annotations.of(this)
          .addWarningV2(
              "tradai:placeholder-code",
              FunctionCode.JAR + " is missing: the functions hold placeholder code. Run"
                  + " `mvn -pl functions package` before deploying.");
    }

    Messaging messaging = new Messaging(this, cfg, policyFile.verificationDelaySeconds());
    topicKey = messaging.topicKey();
    alarmTopic = messaging.alarmTopic();
    resultsTopic = messaging.resultsTopic();
    escalationTopic = messaging.escalationTopic();
    failureQueue = messaging.failureQueue();
    verifyDeadLetters = messaging.verifyDeadLetters();
    deliveryDeadLetters = messaging.deliveryDeadLetters();
    verifyQueue = messaging.verifyQueue();
    commandQueue = messaging.commandQueue();

    GuardrailState state = new GuardrailState(this, cfg);
    ledger = state.ledger();
    killSwitch = state.killSwitch();
    policy = state.policyOverride();
    grants = new FunctionGrants(cfg, policyFile, messaging, state);

    Alias remediation =
        function(Handler.REMEDIATION, cfg.functions().remediation(), ALARM_EVENT_MAX_AGE);
    Alias verifier = function(Handler.VERIFIER, cfg.functions().verifier(), null);
    Alias healthCheck =
        function(Handler.HEALTH_CHECK, cfg.functions().healthCheck(), HEALTH_CHECK_MAX_AGE);
    // invoked synchronously by the ops CLI; its reservation is the break-glass room (ConcurrencyBudget)
    Alias operator = function(Handler.OPERATOR, cfg.functions().operator(), null);
    OperatorAccess.grant(this, cfg, operator, killSwitch, policy);
    OperatorTrail.addIfEnabled(this, cfg, operator);
    ChatActions.consume(this, operator, commandQueue);

    // Alarm delivery path 1: SNS.
    Validations.of(alarmTopic.addSubscription(new LambdaSubscription(remediation,
            LambdaSubscriptionProps.builder().deadLetterQueue(deliveryDeadLetters).build())))
        .acknowledge(
            Acknowledgment.builder()
                .id("CloudFormation-Validate::W3694")
                .reason("SNS accepts a qualified function ARN: the subscription invokes the live alias")
                .build());
    // Path 2: EventBridge, for every alarm of this environment (by name prefix), ours or not.
    Rule alarmRule = Rule.Builder.create(this, "AlarmStateChangeRule")
        .ruleName(cfg.stackName() + "-alarm-state-change")
        .description("CloudWatch alarm state changes of alarms named " + cfg.envPrefix() + "*")
        .eventPattern(
            EventPattern.builder()
                // only this account's and region's alarms: a forwarded event of another never acts
                .account(List.of(getAccount()))
                .region(List.of(getRegion()))
                .source(List.of("aws.cloudwatch"))
                .detailType(List.of("CloudWatch Alarm State Change"))
                .detail(Map.of("alarmName", List.of(Map.of("prefix", cfg.envPrefix()))))
                .build())
        .targets(List.of(new LambdaFunction(remediation, messaging.targetRetries(ALARM_EVENT_MAX_AGE))))
        .build();
    // Path 3: an alarm may name the alias as its action directly.
    remediation.addPermission(
        "DirectAlarmAction",
        Permission.builder()
            .principal(new ServicePrincipal("lambda.alarms.cloudwatch.amazonaws.com"))
            .action("lambda:InvokeFunction")
            .sourceAccount(getAccount())
            .sourceArn(grants.resources(Scope.ENV_ALARMS).getFirst())
            .build());

    verifier.addEventSource(
        SqsEventSource.Builder.create(verifyQueue)
            .batchSize(10)
            // the verifier rolls back: at most its reservation at once, so no poll is throttled
            .maxConcurrency(cfg.functions().verifier().reservedConcurrency())
            .reportBatchItemFailures(true)
            .build());

    Rule healthCheckRule = Rule.Builder.create(this, "HealthCheckSchedule")
        .ruleName(cfg.stackName() + "-health-check")
        .description("Runs the runbook's quick health check for " + cfg.env())
        .schedule(Schedule.expression(cfg.healthCheckSchedule()))
        .targets(List.of(new LambdaFunction(healthCheck, messaging.targetRetries(HEALTH_CHECK_MAX_AGE))))
        .build();

    RunbookAlarms runbookAlarms = new RunbookAlarms(this, cfg, new SnsAction(alarmTopic));
    List<IAlarm> queueAlarms = List.of(
        RunbookAlarms.depthAlarm(
            this, "FailureQueueNotEmpty", cfg.stackName() + "-failures", failureQueue, escalationTopic),
        RunbookAlarms.depthAlarm(
            this, "VerifyDlqNotEmpty", cfg.stackName() + "-verify-dlq", verifyDeadLetters, escalationTopic));

    SelfMonitoring ownAlarms = new SelfMonitoring(this, cfg, escalationTopic,
        new SelfMonitoring.Watched(shortNames(functions), List.of(alarmRule, healthCheckRule),
            verifyQueue, policyFile.verificationDelaySeconds(),
            Map.of("delivery-dlq", deliveryDeadLetters), List.of(alarmTopic, resultsTopic)));
    new HumanSubscribers(this, cfg, resultsTopic, escalationTopic, commandQueue);
    RemediationDashboard dashboard = new RemediationDashboard(this, cfg, shortNames(functions),
        shortNames(logGroups), List.of(failureQueue, verifyDeadLetters, deliveryDeadLetters),
        alarmsIn(runbookAlarms),
        java.util.stream.Stream.concat(queueAlarms.stream(), ownAlarms.alarms().stream()).toList());

    output("AlarmTopicArn", alarmTopic.getTopicArn());
    output("ResultsTopicArn", resultsTopic.getTopicArn());
    output("EscalationTopicArn", escalationTopic.getTopicArn());
    output("RemediationAliasArn", remediation.getFunctionArn());
    output("LedgerTableName", ledger.getTableName());
    output("DashboardUrl", "https://" + cfg.region() + ".console.aws.amazon.com/cloudwatch/home?region="
        + cfg.region() + "#dashboards/dashboard/" + dashboard.name());
  }

  /** {@code remediation}, {@code verifier}, {@code health-check}: names of the stack's own alarms. */
  private static <T> Map<String, T> shortNames(Map<Handler, T> byHandler) {
    Map<String, T> named = new LinkedHashMap<>();
    byHandler.forEach((h, v) -> named.put(h.service.replaceFirst("^remediation-", ""), v));
    return named;
  }

  private static List<IAlarm> alarmsIn(Construct scope) {
    return scope.getNode().getChildren().stream()
        .filter(IAlarm.class::isInstance).map(IAlarm.class::cast).toList();
  }

  public EnvConfig config() {
    return cfg;
  }

  /**
   * A function with its own role, log group, SnapStart on a published version, and the {@value
   * #ALIAS} alias that every trigger calls. Asynchronous callers' failures land in the failure
   * queue.
   */
  private Alias function(Handler which, EnvConfig.Sizing sizing, Duration asyncMaxEventAge) {
    String name = cfg.serviceName(which.service);
    software.amazon.awscdk.services.iam.Role role =
        software.amazon.awscdk.services.iam.Role.Builder.create(this, which.logicalId + "Role")
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .description("Least-privilege role of " + name + " (see IamAllowList)")
            .build();
    overrideLogicalId(role, which.logicalId + "Role");
    LogGroup logs =
        LogGroup.Builder.create(this, which.logicalId + "Logs")
            .logGroupName("/aws/lambda/" + name)
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    ((CfnLogGroup) logs.getNode().getDefaultChild()).setRetentionInDays(cfg.logRetentionDays());
    overrideLogicalId(logs, which.logicalId + "Logs");

    Function fn =
        Function.Builder.create(this, which.logicalId)
            .functionName(name)
            .description(which.handler)
            .runtime(Runtime.JAVA_25)
            .architecture(Architecture.ARM_64)
            .handler(which.handler)
            .code(code)
            .memorySize(sizing.memoryMb())
            .timeout(Duration.seconds(sizing.timeoutSeconds()))
            .reservedConcurrentExecutions(sizing.reservedConcurrency())
            .role(role)
            .logGroup(logs)
            .tracing(Tracing.ACTIVE)
            .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
            .environment(functionEnvironment(which))
            .build();
    overrideLogicalId(fn, which.logicalId);
    functions.put(which, fn);
    logGroups.put(which, logs);
    // The version is published (and aliased) just below, which is what SnapStart needs.
    Annotations.of(fn)
        .acknowledgeWarning(
            "@aws-cdk/aws-lambda:snapStartRequirePublish",
            "currentVersion is published and the live alias points at it");

    Alias.Builder alias =
        Alias.Builder.create(this, which.logicalId + "Alias")
            .aliasName(ALIAS)
            .version(fn.getCurrentVersion());
    if (asyncMaxEventAge != null) {
      alias.onFailure(new SqsDestination(failureQueue)).retryAttempts(2).maxEventAge(asyncMaxEventAge);
    }
    Alias built = alias.build();
    overrideLogicalId(built, which.logicalId + "Alias");

    grants.grant(role, which);
    return built;
  }

  /**
   * The environment variables each function's code reads (handler/Config, Observe,
   * RemediationHandler; see {@code EnvVarsTest}, which derives the set from the function sources).
   * Every function reads Config's settings and the guardrails (ledger, kill switch, policy
   * override): the remediation and health-check functions through RemediationHandler's
   * composition, the verifier for its rollbacks (the rollback command's guarded path) and its
   * once-only re-checks. Only the remediation function's reports schedule first checks (through the
   * verification queue's subscription to the results topic; it sends a check to the queue itself
   * only when its report cannot be published); the verifier re-enqueues checks and escalates. Local-only settings (AWS_ENDPOINT_URL, METRICS_REPLAY_FILE)
   * and those whose defaults fit (ROUTING_FILE, HTTP_PROBE_TIMEOUT_MS, AWS_MAX_ATTEMPTS) are not set.
   */
  private Map<String, String> functionEnvironment(Handler which) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TRADAI_PROJECT", cfg.project());
    env.put("TRADAI_ENV", cfg.env());
    env.put("RESULTS_TOPIC_ARN", resultsTopic.getTopicArn());
    // failed runs, plans waiting for approval, an open breaker; the verifier's NOT_RECOVERED
    env.put("ESCALATION_TOPIC_ARN", escalationTopic.getTopicArn());
    switch (which) {
      case HEALTH_CHECK -> guardrailEnvironment(env);
      case OPERATOR -> {
        guardrailEnvironment(env);
        // the roles whose sessions may change things; the function checks who STS says signed
        env.put(OperatorAccess.ROLES_VARIABLE, String.join(",", OperatorAccess.roleArns(cfg)));
      }
      case REMEDIATION -> {
        guardrailEnvironment(env);
        // declared, so that samconfig's local-env.json can lift it for recorded sample events
        env.put("ALARM_MAX_AGE_MINUTES", String.valueOf(cfg.alarmMaxAgeMinutes()));
        // only when a report cannot be published: its check then goes to the queue directly
        env.put("VERIFY_QUEUE_URL", verifyQueue.getQueueUrl());
      }
      case VERIFIER -> {
        guardrailEnvironment(env);
        env.put("VERIFY_QUEUE_URL", verifyQueue.getQueueUrl());
        // the only eventSourceARN the verifier takes records from
        env.put("VERIFICATION_QUEUE_ARN", verifyQueue.getQueueArn());
      }
    }
    env.putAll(ChatActions.environment(cfg, commandQueue, which == Handler.OPERATOR));
    EnvConfig.Targets targets = cfg.targets();
    env.put("ECS_CLUSTER", cfg.clusterName());
    env.put("ALB_LOAD_BALANCER", targets.albLoadBalancer());
    env.put("ALB_BACKEND_TARGET_GROUP", targets.albBackendTargetGroup());
    env.put("RDS_INSTANCE", cfg.rdsInstance());
    env.put("LAMBDA_FUNCTIONS", String.join(",", cfg.lambdaFunctionNames()));
    env.put("API_FUNCTIONS", String.join(",", cfg.apiFunctionNames()));
    env.put("LAMBDA_ALIAS", targets.lambdaAlias());
    env.put("API_CALLER_TIMEOUT_SECONDS", Integer.toString(targets.apiCallerTimeoutSeconds()));
    env.put("EXCHANGE_ENDPOINTS", String.join(",", targets.exchangeEndpoints()));
    env.put("HEALTH_ENDPOINTS", String.join(",", targets.healthEndpoints()));
    // Short names: the code builds tradai-{service}-{env} itself.
    env.put("HEALTH_SERVICES", String.join(",", targets.ecsServices()));
    env.put("DRY_RUN", Boolean.toString(dryRun));
    // Read by Powertools logging (the `service` field) and by log4j2.json (the level).
    env.put("POWERTOOLS_SERVICE_NAME", cfg.serviceName(which.service));
    env.put("POWERTOOLS_LOG_LEVEL", cfg.logLevel());
    // Read by the JVM: C1 only, the faster start for short invocations.
    env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    return env;
  }

  /** The ledger and the two guardrail parameters (kill switch, policy override). */
  private void guardrailEnvironment(Map<String, String> env) {
    env.put("LEDGER_TABLE", ledger.getTableName());
    env.put("KILL_SWITCH_PARAMETER", killSwitch.getParameterName());
    // an alarm of another account is refused by name (AlarmProvenance)
    // the pseudo parameter in every environment (a pinned account would be a literal), so the
    // variable is the account the stack is deployed to, and a local run can empty it alike
    env.put("OWN_ACCOUNT_ID", software.amazon.awscdk.Aws.ACCOUNT_ID);
    env.put("POLICY_PARAMETER", policy.getParameterName());
  }

  private void output(String id, String value) {
    CfnOutput.Builder.create(this, id).value(value).build();
  }

  /** Gives the construct's CloudFormation resource a stable, readable logical id. */
  static void overrideLogicalId(IConstruct construct, String logicalId) {
    ((CfnElement) construct.getNode().getDefaultChild()).overrideLogicalId(logicalId);
  }
}
