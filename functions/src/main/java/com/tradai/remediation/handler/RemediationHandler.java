package com.tradai.remediation.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.aws.CloudWatchMetricReader;
import com.tradai.remediation.aws.EcsExecutor;
import com.tradai.remediation.aws.MetricReader;
import com.tradai.remediation.aws.ReplayMetricReader;
import com.tradai.remediation.aws.SnsReportPublisher;
import com.tradai.remediation.aws.SsmParameters;
import com.tradai.remediation.guard.Guardrails;
import com.tradai.remediation.guard.PolicyLoader;
import com.tradai.remediation.ledger.ActionCodec;
import com.tradai.remediation.ledger.ApprovalCommands;
import com.tradai.remediation.ledger.DynamoDbLedger;
import com.tradai.remediation.ledger.GuardedExecutor;
import com.tradai.remediation.ledger.LedgerCommands;
import com.tradai.remediation.ledger.Ledger;
import com.tradai.remediation.ledger.RollbackCommand;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.report.ReportPublisher;
import com.tradai.remediation.runbook.Runbooks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Entry point for alarms (SNS, EventBridge, direct alarm action) and manual commands. This is the
 * composition root: it wires the adapters to the core once per container, with no DI framework.
 */
public final class RemediationHandler implements RequestStreamHandler {
  private final Remediator remediator;

  public RemediationHandler() {
    this(System.getenv());
  }

  public RemediationHandler(Map<String, String> env) {
    this(Config.from(env), Clock.systemUTC());
  }

  public RemediationHandler(Config config, Clock clock) {
    this.remediator = compose(config, new AwsClients(config), clock);
  }

  static Remediator compose(Config config, AwsClients aws, Clock clock) {
    MetricReader metrics = config.metricsReplay()
        .<MetricReader>map(file -> ReplayMetricReader.fromFile(file, Json.MAPPER))
        .orElseGet(() -> new CloudWatchMetricReader(aws::cloudWatch));
    EcsExecutor ecs = new EcsExecutor(aws::ecs);
    Optional<ReportPublisher> publisher = config.resultsTopicArn()
        .map(arn -> new SnsReportPublisher(aws::sns, arn, Json.MAPPER));
    RuntimeSettings settings = new RuntimeSettings(config, new PolicyLoader(Json.MAPPER),
        new SsmParameters(aws::ssm));
    Optional<Ledger> ledger = config.ledgerTable().map(table ->
        new DynamoDbLedger(aws::dynamoDb, table, new ActionCodec(Json.MAPPER)));
    GuardedExecutor gate = new GuardedExecutor(config.project(), config.environment(), ledger,
        Guardrails.standard(), List.of(ecs), settings::killSwitch, clock);
    String env = config.environment();
    return new Remediator(config, Runbooks.standard(), settings::policy, metrics, List.of(ecs),
        gate, publisher, clock)
        .register(ApprovalCommands.approve(gate, settings::policy, env))
        .register(ApprovalCommands.reject(gate, settings::policy, env))
        .register(new RollbackCommand(gate, settings::policy, env))
        .register(LedgerCommands.resetBreaker(gate, env))
        .register(LedgerCommands.listActions(gate, env));
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    Report report = remediator.handle(StreamInput.readLimited(input));
    Json.MAPPER.writeValue(output, report);
  }

  public Report handle(byte[] input) {
    return remediator.handle(input);
  }
}
