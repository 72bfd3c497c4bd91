package com.tradai.remediation.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.aws.CloudWatchAlarmHistory;
import com.tradai.remediation.aws.CloudWatchMetricReader;
import com.tradai.remediation.aws.EcsExecutor;
import com.tradai.remediation.aws.MetricReader;
import com.tradai.remediation.aws.ReplayMetricReader;
import com.tradai.remediation.aws.SnsReportPublisher;
import com.tradai.remediation.aws.SqsVerificationScheduler;
import com.tradai.remediation.verify.IncidentCloser;
import com.tradai.remediation.verify.VerificationPlanner;
import com.tradai.remediation.guard.PolicyLoader;
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

  /** A replay file when configured, else live CloudWatch. */
  static MetricReader metricReader(Config config, AwsClients aws) {
    return config.metricsReplay()
        .<MetricReader>map(file -> ReplayMetricReader.fromFile(file, Json.MAPPER))
        .orElseGet(() -> new CloudWatchMetricReader(aws::cloudWatch));
  }

  static Remediator compose(Config config, AwsClients aws, Clock clock) {
    MetricReader metrics = metricReader(config, aws);
    EcsExecutor ecs = new EcsExecutor(aws::ecs);
    Optional<ReportPublisher> publisher = config.resultsTopicArn()
        .map(arn -> new SnsReportPublisher(aws::sns, arn, Json.MAPPER));
    Remediator remediator = new Remediator(config, Runbooks.standard(),
        new PolicyLoader(Json.MAPPER).forEnvironment(config.environment()), metrics, List.of(ecs),
        List.of(ecs), publisher, clock);
    Observe.metrics(config).ifPresent(remediator::onReport);
    remediator.closeIncidentsWith(new IncidentCloser(new CloudWatchAlarmHistory(aws::cloudWatch, Json.MAPPER)));
    Observe.verifyQueue(config).ifPresent(url -> remediator.verifyWith(new VerificationPlanner(
        new SqsVerificationScheduler(aws::sqs, url, Json.MAPPER),
        new PolicyLoader(Json.MAPPER).verificationFor(config.environment()), clock)));
    return remediator;
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
