package com.tradai.remediation.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.aws.CloudWatchAlarmDefinitions;
import com.tradai.remediation.aws.CloudWatchAlarmHistory;
import com.tradai.remediation.aws.CloudWatchInsightRules;
import com.tradai.remediation.aws.CloudWatchLogsSearcher;
import com.tradai.remediation.aws.CloudWatchMetricReader;
import com.tradai.remediation.aws.DynamoDbExecutor;
import com.tradai.remediation.aws.EcsExecutor;
import com.tradai.remediation.aws.HttpProber;
import com.tradai.remediation.aws.LambdaExecutor;
import com.tradai.remediation.aws.LogEvidenceReader;
import com.tradai.remediation.aws.RdsExecutor;
import com.tradai.remediation.aws.ReplayMetricReader;
import com.tradai.remediation.aws.SnsReportPublisher;
import com.tradai.remediation.aws.SqsVerificationScheduler;
import com.tradai.remediation.aws.SsmParameters;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.config.PolicyLoader;
import com.tradai.remediation.core.TimeBudget;
import com.tradai.remediation.guard.Guardrails;
import com.tradai.remediation.guard.Policy;
import com.tradai.remediation.ledger.ActionCodec;
import com.tradai.remediation.ledger.ApprovalCommands;
import com.tradai.remediation.ledger.DynamoDbLedger;
import com.tradai.remediation.ledger.GuardedExecutor;
import com.tradai.remediation.ledger.Ledger;
import com.tradai.remediation.ledger.ListActionsCommand;
import com.tradai.remediation.ledger.ModeCommands;
import com.tradai.remediation.ledger.ResetBreakerCommand;
import com.tradai.remediation.ledger.RollbackCommand;
import com.tradai.remediation.ports.MetricReader;
import com.tradai.remediation.ports.ReportPublisher;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.runbook.Routing;
import com.tradai.remediation.runbook.Runbooks;
import com.tradai.remediation.verify.CheckFallback;
import com.tradai.remediation.verify.IncidentCloser;
import com.tradai.remediation.verify.VerificationPlanner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Entry point for alarms (SNS, EventBridge, direct alarm action) and the read-only health-check
 * command; the other manual commands belong to {@link OperatorHandler}. This is the composition
 * root: it wires the adapters to the core once per container, with no DI framework.
 */
public final class RemediationHandler implements RequestStreamHandler {
  private final FunctionStart<Wired> startup;

  /** What a start that was not refused wires. */
  private record Wired(Remediator remediator, SnapStartPriming priming, boolean local) {}

  public RemediationHandler() {
    this(System.getenv());
  }

  /** The configuration is checked here; a refused one answers every invocation with FAILED. */
  public RemediationHandler(Map<String, String> env) {
    this.startup =
        FunctionStart.of(env, config -> wire(config, new AwsClients(config), Clock.systemUTC()));
  }

  public RemediationHandler(Config config, Clock clock) {
    this(config, new AwsClients(config), clock);
  }

  public RemediationHandler(Config config, AwsClients aws, Clock clock) {
    this.startup =
        new FunctionStart<>(Optional.of(wire(config, aws, clock)), null, config.environment());
  }

  private static Wired wire(Config config, AwsClients aws, Clock clock) {
    // First, so the SDK's classes load on the second core while the core is wired.
    var warmUp = ColdStartWarmUp.start(aws, ColdStartWarmUp.services(config));
    Remediator remediator = compose(config, aws, clock);
    return new Wired(
        remediator,
        SnapStartPriming.register(
            config,
            Runbooks.standard(),
            new PolicyLoader(Json.MAPPER).forEnvironment(config.environment()),
            warmUp),
        ReportNotPublished.local(config.raw()));
  }

  /** The SnapStart priming hook, exposed so a test can run it and prove it calls nothing. */
  SnapStartPriming priming() {
    return startup.ready().orElseThrow().priming();
  }

  /** A replay file when configured, else live CloudWatch. */
  static MetricReader metricReader(Config config, AwsClients aws) {
    return config
        .metricsReplay()
        .<MetricReader>map(file -> ReplayMetricReader.fromFile(file, Json.MAPPER))
        .orElseGet(() -> new CloudWatchMetricReader(aws::cloudWatch));
  }

  /** The policy (file + SSM override) and the kill switch, both read in one GetParameters. */
  static RuntimeSettings settings(Config config, AwsClients aws) {
    return new RuntimeSettings(
        config,
        new PolicyLoader(
            Json.MAPPER,
            Optional.ofNullable(config.raw().get("POLICY_FILE"))
                .filter(f -> !f.isBlank())
                .map(Path::of)),
        new SsmParameters(
            aws::ssm,
            java.util.stream.Stream.of(config.killSwitchParameter(), config.policyParameter())
                .flatMap(Optional::stream)
                .toList(),
            Clock.systemUTC()));
  }

  /** The DynamoDB ledger named by LEDGER_TABLE, if set. */
  static Optional<Ledger> ledger(Config config, AwsClients aws) {
    return config
        .ledgerTable()
        .map(table -> new DynamoDbLedger(aws::dynamoDb, table, new ActionCodec(Json.MAPPER)));
  }

  /** The alarm function's composition: operator commands are refused (see {@link EntryPoint}). */
  static Remediator compose(Config config, AwsClients aws, Clock clock) {
    return compose(config, aws, clock, EntryPoint.ALARMS);
  }

  static Remediator compose(Config config, AwsClients aws, Clock clock, EntryPoint entry) {
    return compose(config, aws, clock, entry, metricReader(config, aws));
  }

  /** SnapStart priming passes the bundled replay: its canned CloudWatch has no datapoints. */
  static Remediator compose(
      Config config, AwsClients aws, Clock clock, EntryPoint entry, MetricReader metrics) {
    Policy policy = new PolicyLoader(Json.MAPPER).forEnvironment(config.environment());
    EcsExecutor ecs = new EcsExecutor(aws::ecs);
    LambdaExecutor lambda = new LambdaExecutor(aws::lambda);
    RdsExecutor rds =
        new RdsExecutor(aws::rds, aws::performanceInsights, policy.rdsApplyImmediately());
    DynamoDbExecutor dynamoDb =
        new DynamoDbExecutor(aws::dynamoDb, new CloudWatchInsightRules(aws::cloudWatch, clock));
    LogEvidenceReader logs = new LogEvidenceReader(new CloudWatchLogsSearcher(aws::logs));
    HttpProber http =
        new HttpProber(
            Duration.ofMillis(Config.positiveInt(config.raw(), "HTTP_PROBE_TIMEOUT_MS", 3000)));
    Optional<String> checks = Destinations.verifyQueue(config);
    // A fix's check rides on its report; if the report cannot be published, the check goes to the
    // verification queue directly (the only SendMessage this function makes).
    Optional<ReportPublisher> publisher =
        config
            .resultsTopicArn()
            .<ReportPublisher>map(
                arn ->
                    new SnsReportPublisher(
                        aws::sns, arn, Json.MAPPER, config.chatCommandQueueUrl()))
            .map(
                sns ->
                    checks
                        .<ReportPublisher>map(
                            url ->
                                new CheckFallback(
                                    sns,
                                    new SqsVerificationScheduler(aws::sqs, url, Json.MAPPER),
                                    Json.MAPPER,
                                    clock))
                        .orElse(sns))
            .map(
                results ->
                    Destinations.escalationTopic(config)
                        .<ReportPublisher>map(
                            arn ->
                                new EscalatingPublisher(
                                    results,
                                    new SnsReportPublisher(
                                        aws::sns, arn, Json.MAPPER, config.chatCommandQueueUrl())))
                        .orElse(results));
    Routing routing =
        Optional.ofNullable(config.raw().get("ROUTING_FILE"))
            .filter(f -> !f.isBlank())
            .map(f -> Routing.fromFile(Path.of(f), Json.MAPPER))
            .orElseGet(Routing::defaults);
    RuntimeSettings settings = settings(config, aws);
    Optional<Ledger> ledger = ledger(config, aws);
    GuardedExecutor gate =
        new GuardedExecutor(
            config.project(),
            config.environment(),
            ledger,
            Guardrails.standard(),
            List.of(ecs, lambda, rds, dynamoDb),
            settings::killSwitch,
            clock);
    String env = config.environment();
    Remediator remediator =
        new Remediator(
            config,
            Runbooks.standard(routing),
            settings::policy,
            metrics,
            List.of(ecs, lambda, rds, dynamoDb, logs, http),
            gate,
            publisher,
            clock);
    remediator
        .register(new HealthCheckCommand(remediator, config))
        .register(ApprovalCommands.approve(gate, settings::policy, env))
        .register(ApprovalCommands.reject(gate, settings::policy, env))
        .register(new RollbackCommand(gate, settings::policy, env))
        .register(new ResetBreakerCommand(gate, env))
        .register(new ListActionsCommand(gate, env))
        .register(ModeCommands.mode(gate, settings::policy, env))
        .register(ModeCommands.promote(gate, settings::policy, env));
    if (entry == EntryPoint.ALARMS) {
      EntryPoint.refuseOperatorCommands(remediator, config, clock);
    }
    Destinations.metrics(config).ifPresent(remediator::onReport);
    remediator.closeIncidentsWith(
        new IncidentCloser(new CloudWatchAlarmHistory(aws::cloudWatch, Json.MAPPER)));
    remediator.followCompositesWith(new CloudWatchAlarmDefinitions(aws::cloudWatch));
    // an alarm acts only as CloudWatch confirms it: DescribeAlarms beside the evidence reads
    remediator.confirmAlarmsWith(new AlarmConfirmer(aws.alarms(), config.maxAlarmAge(), clock));
    // A fix's check rides on its report: the verification queue subscribes to the results topic.
    publisher.ifPresent(
        p ->
            remediator.verifyWith(
                new VerificationPlanner(
                    new PolicyLoader(Json.MAPPER).verificationFor(config.environment()),
                    clock,
                    Json.MAPPER)));
    return remediator;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    byte[] event = StreamInput.readLimited(input);
    // the remaining time is read at each decision point: evidence, then before each apply
    Report report =
        startup
            .ready()
            .map(
                w ->
                    ReportNotPublished.answer(
                        w.local(),
                        () ->
                            w.remediator()
                                .handle(
                                    event,
                                    context == null
                                        ? TimeBudget.UNLIMITED
                                        : new TimeBudget(
                                            () -> context.getRemainingTimeInMillis()))))
            .orElseGet(() -> startup.refused(Clock.systemUTC()));
    Json.MAPPER.writeValue(output, report);
  }

  public Report handle(byte[] input) {
    return startup
        .ready()
        .map(w -> w.remediator().handle(input))
        .orElseGet(() -> startup.refused(Clock.systemUTC()));
  }
}
