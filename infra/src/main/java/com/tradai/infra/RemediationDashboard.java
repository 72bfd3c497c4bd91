package com.tradai.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.LogQueryWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * {@code tradai-remediation-{env}}: outcomes by runbook, time to remediate, verification outcomes,
 * shadow plans and their checks (the track record as it grows) and the breaker (the functions' EMF
 * metrics, namespace {@code tradai/Remediation}); each function's errors, duration and cold starts;
 * dead-letter depth; the alarms' states.
 */
final class RemediationDashboard extends Construct {

  private static final String NAMESPACE = "tradai/Remediation";
  private static final Duration PERIOD = Duration.minutes(5);

  private final String name;

  RemediationDashboard(
      Construct scope,
      EnvConfig cfg,
      Map<String, IFunction> functions,
      Map<String, ILogGroup> logGroups,
      List<IQueue> deadLetterQueues,
      List<IAlarm> runbookAlarms,
      List<IAlarm> ownAlarms) {
    super(scope, "Dashboard");
    name = cfg.stackName();
    Dashboard dashboard =
        Dashboard.Builder.create(this, "Resource")
            .dashboardName(name)
            .defaultInterval(Duration.hours(24))
            .build();
    // cfn-lint's AWS::CloudWatch::Dashboard schema has no Tags (E3002); the stack tags the rest
    Tags.of(dashboard).remove("project");
    Tags.of(dashboard).remove("environment");
    String env = cfg.env();
    dashboard.addWidgets(
        graph(
            "Outcomes by runbook",
            List.of(
                search("RemediationsApplied", env, "Sum"),
                search("RemediationsBlocked", env, "Sum"),
                search("RemediationsFailed", env, "Sum"))),
        graph(
            "Time to remediate (ms, alarm → report)",
            List.of(
                search("TimeToRemediate", env, "Average"),
                search("TimeToRemediate", env, "Maximum"))),
        graph("Verification outcomes", List.of(searchByOutcome("VerificationOutcome", env))),
        // the track record as it grows: shadow plans, and whether their alarms cleared without the
        // fix
        graph(
            "Shadow plans and their checks (RECOVERED: cleared without the fix)",
            List.of(
                search("ShadowPlans", env, "Sum"),
                searchByOutcome("ShadowVerificationOutcome", env))),
        graph(
            "Circuit breaker: reports that found it open",
            List.of(envMetric("BreakerOpen", env), envMetric("RemediationsFailed", env))));
    List<IMetric> errors = new ArrayList<>();
    List<IMetric> durations = new ArrayList<>();
    MetricOptions sum = MetricOptions.builder().period(PERIOD).statistic("Sum").build();
    MetricOptions p99 = MetricOptions.builder().period(PERIOD).statistic("p99").build();
    functions.forEach(
        (name, fn) -> {
          errors.add(fn.metricErrors(sum));
          durations.add(fn.metricDuration(p99));
        });
    dashboard.addWidgets(
        graph("Function errors", errors),
        graph("Function duration p99 (ms)", durations),
        LogQueryWidget.Builder.create()
            .title("Cold starts (SnapStart restores and inits) per 5 min")
            .logGroupNames(logGroups.values().stream().map(ILogGroup::getLogGroupName).toList())
            .queryLines(
                List.of(
                    "filter @type = \"REPORT\" and (ispresent(@initDuration) or ispresent(@restoreDuration))",
                    "stats count(*) as coldStarts by bin(5m)"))
            .width(8)
            .build());
    dashboard.addWidgets(
        graph(
            "Dead-letter depth",
            deadLetterQueues.stream()
                .<IMetric>map(
                    q ->
                        q.metricApproximateNumberOfMessagesVisible(
                            MetricOptions.builder().period(PERIOD).statistic("Maximum").build()))
                .toList()),
        AlarmStatusWidget.Builder.create()
            .title("Runbook alarms")
            .alarms(runbookAlarms)
            .width(8)
            .height(8)
            .build(),
        AlarmStatusWidget.Builder.create()
            .title("The remediator's own alarms")
            .alarms(ownAlarms)
            .width(8)
            .height(8)
            .build());
  }

  /** {@code tradai-remediation-{env}}, as written (reports and the stack's output link to it). */
  String name() {
    return name;
  }

  private static IWidget graph(String title, List<IMetric> metrics) {
    return GraphWidget.Builder.create().title(title).left(metrics).width(8).height(6).build();
  }

  /** One line per runbook: dashboards may search, so runbooks need not be known at synth. */
  private static IMetric search(String metric, String env, String statistic) {
    return MathExpression.Builder.create()
        .expression(
            "SEARCH('{"
                + NAMESPACE
                + ",Environment,Runbook} MetricName=\""
                + metric
                + "\" Environment=\""
                + env
                + "\"', '"
                + statistic
                + "', 300)")
        .label(metric)
        .period(PERIOD)
        .build();
  }

  private static IMetric searchByOutcome(String metric, String env) {
    return MathExpression.Builder.create()
        .expression(
            "SEARCH('{"
                + NAMESPACE
                + ",Environment,Outcome,Runbook} MetricName="
                + "\""
                + metric
                + "\" Environment=\""
                + env
                + "\"', 'Sum', 300)")
        .label(metric)
        .period(PERIOD)
        .build();
  }

  private static IMetric envMetric(String metric, String env) {
    return software.amazon.awscdk.services.cloudwatch.Metric.Builder.create()
        .namespace(NAMESPACE)
        .metricName(metric)
        .dimensionsMap(Map.of("Environment", env))
        .statistic("Sum")
        .period(PERIOD)
        .build();
  }
}
