package com.tradai.infra;

import com.tradai.infra.IamAllowList.Role;
import com.tradai.infra.IamAllowList.Scope;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Permission;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.sns.subscriptions.LambdaSubscription;
import software.amazon.awscdk.services.sns.subscriptions.LambdaSubscriptionProps;
import software.constructs.Construct;

/**
 * One environment's auto-remediation: the four functions (remediation, verifier, health check,
 * operator), how alarms reach them, their state, their reports, and the runbook's own alarms. Names
 * follow {@link EnvConfig}.
 *
 * <p>The constructor is the wiring, top to bottom. What each part holds is in its own class: {@link
 * Messaging} (topics and queues), {@link GuardrailState} (ledger, kill switch, policy override),
 * {@link RemediationFunctions} with {@link FunctionEnvironment} and {@link FunctionGrants} (the
 * functions, their variables and their IAM), and {@link PolicyFile} (what the stack reads from the
 * guardrail policy). They build into this stack's scope, so every resource keeps its logical id.
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
    PolicyFile policyFile = PolicyFile.parse(policyJson);
    Tags.of(this).add("project", cfg.project());
    Tags.of(this).add("environment", cfg.env());
    // cfn-lint (and `sam validate --lint`) read their exceptions from the template itself
    addMetadata("cfn-lint", Map.of("config", Map.of("ignore_checks", List.of("W3005"))));
    if (functionCode.placeholder()) {
      Annotations.of(this)
          .addWarningV2(
              "tradai:placeholder-code",
              FunctionCode.JAR
                  + " is missing: the functions hold placeholder code. Run"
                  + " `mvn -pl functions package` before deploying.");
    }

    Messaging messaging = new Messaging(this, cfg, policyFile.verificationDelaySeconds());
    GuardrailState state = new GuardrailState(this, cfg);
    FunctionGrants grants = new FunctionGrants(cfg, policyFile, messaging, state);
    RemediationFunctions functions =
        new RemediationFunctions(
            this,
            cfg,
            functionCode.code(),
            new FunctionEnvironment(cfg, policyFile, messaging, state),
            grants,
            messaging.failureQueue());

    Alias remediation =
        functions.add(Handler.REMEDIATION, cfg.functions().remediation(), ALARM_EVENT_MAX_AGE);
    Alias verifier = functions.add(Handler.VERIFIER, cfg.functions().verifier(), null);
    Alias healthCheck =
        functions.add(Handler.HEALTH_CHECK, cfg.functions().healthCheck(), HEALTH_CHECK_MAX_AGE);
    // invoked synchronously by the ops CLI; its reservation is the break-glass room
    // (ConcurrencyBudget)
    Alias operator = functions.add(Handler.OPERATOR, cfg.functions().operator(), null);
    OperatorAccess.grant(this, cfg, operator, state.killSwitch(), state.policyOverride());
    OperatorTrail.addIfEnabled(this, cfg, operator);
    ChatActions.consume(this, operator, messaging.commandQueue());

    // Alarm delivery path 1: SNS.
    Validations.of(
            messaging
                .alarmTopic()
                .addSubscription(
                    new LambdaSubscription(
                        remediation,
                        LambdaSubscriptionProps.builder()
                            .deadLetterQueue(messaging.deliveryDeadLetters())
                            .build())))
        .acknowledge(
            Acknowledgment.builder()
                .id("CloudFormation-Validate::W3694")
                .reason(
                    "SNS accepts a qualified function ARN: the subscription invokes the live alias")
                .build());
    // Path 2: EventBridge, for every alarm of this environment (by name prefix), ours or not.
    Rule alarmRule =
        Rule.Builder.create(this, "AlarmStateChangeRule")
            .ruleName(cfg.stackName() + "-alarm-state-change")
            .description("CloudWatch alarm state changes of alarms named " + cfg.envPrefix() + "*")
            .eventPattern(
                EventPattern.builder()
                    // only this account's and region's alarms: a forwarded event of another never
                    // acts
                    .account(List.of(getAccount()))
                    .region(List.of(getRegion()))
                    .source(List.of("aws.cloudwatch"))
                    .detailType(List.of("CloudWatch Alarm State Change"))
                    .detail(Map.of("alarmName", List.of(Map.of("prefix", cfg.envPrefix()))))
                    .build())
            .targets(
                List.of(
                    new LambdaFunction(remediation, messaging.targetRetries(ALARM_EVENT_MAX_AGE))))
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
        SqsEventSource.Builder.create(messaging.verifyQueue())
            .batchSize(10)
            // the verifier rolls back: at most its reservation at once, so no poll is throttled
            .maxConcurrency(cfg.functions().verifier().reservedConcurrency())
            .reportBatchItemFailures(true)
            .build());

    Rule healthCheckRule =
        Rule.Builder.create(this, "HealthCheckSchedule")
            .ruleName(cfg.stackName() + "-health-check")
            .description("Runs the runbook's quick health check for " + cfg.env())
            .schedule(Schedule.expression(cfg.healthCheckSchedule()))
            .targets(
                List.of(
                    new LambdaFunction(healthCheck, messaging.targetRetries(HEALTH_CHECK_MAX_AGE))))
            .build();

    RunbookAlarms runbookAlarms =
        new RunbookAlarms(this, cfg, new SnsAction(messaging.alarmTopic()));
    List<IAlarm> queueAlarms =
        List.of(
            RunbookAlarms.depthAlarm(
                this,
                "FailureQueueNotEmpty",
                cfg.stackName() + "-failures",
                messaging.failureQueue(),
                messaging.escalationTopic()),
            RunbookAlarms.depthAlarm(
                this,
                "VerifyDlqNotEmpty",
                cfg.stackName() + "-verify-dlq",
                messaging.verifyDeadLetters(),
                messaging.escalationTopic()));
    SelfMonitoring ownAlarms =
        new SelfMonitoring(
            this,
            cfg,
            messaging.escalationTopic(),
            new SelfMonitoring.Watched(
                functions.byShortName(),
                List.of(alarmRule, healthCheckRule),
                messaging.verifyQueue(),
                policyFile.verificationDelaySeconds(),
                Map.of("delivery-dlq", messaging.deliveryDeadLetters()),
                List.of(messaging.alarmTopic(), messaging.resultsTopic())));

    new HumanSubscribers(
        this, cfg, messaging.resultsTopic(), messaging.escalationTopic(), messaging.commandQueue());
    RemediationDashboard dashboard =
        new RemediationDashboard(
            this,
            cfg,
            functions.byShortName(),
            functions.logGroupsByShortName(),
            List.of(
                messaging.failureQueue(),
                messaging.verifyDeadLetters(),
                messaging.deliveryDeadLetters()),
            alarmsIn(runbookAlarms),
            Stream.concat(queueAlarms.stream(), ownAlarms.alarms().stream()).toList());

    output("AlarmTopicArn", messaging.alarmTopic().getTopicArn());
    output("ResultsTopicArn", messaging.resultsTopic().getTopicArn());
    output("EscalationTopicArn", messaging.escalationTopic().getTopicArn());
    output("RemediationAliasArn", remediation.getFunctionArn());
    output("LedgerTableName", state.ledger().getTableName());
    output(
        "DashboardUrl",
        "https://"
            + cfg.region()
            + ".console.aws.amazon.com/cloudwatch/home?region="
            + cfg.region()
            + "#dashboards/dashboard/"
            + dashboard.name());
  }

  public EnvConfig config() {
    return cfg;
  }

  private static List<IAlarm> alarmsIn(Construct scope) {
    return scope.getNode().getChildren().stream()
        .filter(IAlarm.class::isInstance)
        .map(IAlarm.class::cast)
        .toList();
  }

  private void output(String id, String value) {
    CfnOutput.Builder.create(this, id).value(value).build();
  }
}
