package com.tradai.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.IRule;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The remediator watching itself. Every alarm here is named {@code tradai-remediation-{env}-...},
 * outside the {@code tradai-{env}-} prefix that every path into the remediation function filters on
 * (EventBridge pattern, alarm topic policy, direct-action permission), and sends ALARM to the
 * escalation topic only: the remediator never acts on its own alarms.
 *
 * <p>Besides failures it watches for silence: a start refused for configuration (the functions emit
 * {@code ConfigurationRefused}) and a health check that stopped running (its heartbeat).
 */
final class SelfMonitoring extends Construct {

  /** What the alarms watch. */
  record Watched(
      Map<String, IFunction> functionsByShortName,
      List<IRule> rules,
      IQueue verifyQueue,
      int verificationDelaySeconds,
      Map<String, IQueue> deadLetterQueuesByShortName,
      List<ITopic> deliveringTopics) {}

  static final Duration PERIOD = Duration.minutes(5);

  private final EnvConfig cfg;
  private final SnsAction escalate;
  private final List<IAlarm> alarms = new ArrayList<>();

  SelfMonitoring(Construct scope, EnvConfig cfg, ITopic escalation, Watched w) {
    super(scope, "SelfMonitoring");
    this.cfg = cfg;
    this.escalate = new SnsAction(escalation);
    MetricOptions sum = MetricOptions.builder().period(PERIOD).statistic("Sum").build();
    w.functionsByShortName()
        .forEach(
            (name, fn) -> {
              atLeastOne(
                  name + "-errors",
                  fn.getFunctionName()
                      + " raised an error (an unhandled one:"
                      + " a handled failure is a FAILED report, watched by remediations-failed)",
                  fn.metricErrors(sum));
              atLeastOne(
                  name + "-throttles",
                  fn.getFunctionName()
                      + " was throttled: an alarm or check"
                      + " waits for reserved concurrency",
                  fn.metricThrottles(sum));
            });
    atLeastOne(
        "remediations-failed",
        "A remediation report ended FAILED in "
            + cfg.env()
            + " (a fix failed, or the run stopped before it finished)",
        remediationMetric("RemediationsFailed"));
    atLeastOne(
        "breaker-open",
        "The circuit breaker is open in " + cfg.env() + ": no fix runs until an operator resets it",
        remediationMetric("BreakerOpen"));
    // a refused start answers FAILED reports but raises no error: without this nothing would page
    atLeastOne(
        "configuration-refused",
        "A function of "
            + cfg.env()
            + " refused its configuration"
            + " at start and answers every invocation with FAILED, changing nothing: read its log",
        remediationMetric("ConfigurationRefused"));
    heartbeat(w.functionsByShortName().get("health-check"));
    for (IRule rule : w.rules()) {
      String ruleName = rule.getNode().getId();
      atLeastOne(
          kebab(ruleName) + "-failed-invocations",
          "EventBridge could not invoke the target of " + ruleName,
          Metric.Builder.create()
              .namespace("AWS/Events")
              .metricName("FailedInvocations")
              .dimensionsMap(Map.of("RuleName", rule.getRuleName()))
              .statistic("Sum")
              .period(PERIOD)
              .build());
    }
    int oldestSeconds = w.verificationDelaySeconds() + 900;
    alarm(
        "verify-queue-stuck",
        "A verification check has waited more than "
            + oldestSeconds
            + " s (its delay + 15 min): the verifier is not consuming the queue",
        w.verifyQueue()
            .metricApproximateAgeOfOldestMessage(
                MetricOptions.builder().period(PERIOD).statistic("Maximum").build()),
        oldestSeconds,
        ComparisonOperator.GREATER_THAN_THRESHOLD);
    w.deadLetterQueuesByShortName()
        .forEach(
            (name, queue) ->
                atLeastOne(
                    name + "-not-empty",
                    "Messages in " + queue.getQueueName() + ": remediation work failed; read them",
                    queue.metricApproximateNumberOfMessagesVisible(
                        MetricOptions.builder().period(PERIOD).statistic("Maximum").build())));
    for (ITopic topic : w.deliveringTopics()) {
      String id = topic.getNode().getId();
      atLeastOne(
          kebab(id) + "-delivery-failed",
          "SNS could not deliver a message of " + id + " to a subscriber",
          topic.metricNumberOfNotificationsFailed(sum));
    }
  }

  /**
   * The scheduled health check did not run in two of its periods. Lambda reports Invocations only
   * for a period with an invocation, so missing data is what a stopped schedule looks like and
   * counts as breaching; two periods, because the schedule's moment within a period drifts.
   */
  private void heartbeat(IFunction healthCheck) {
    Duration period = schedulePeriod(cfg.healthCheckSchedule());
    Alarm alarm =
        Alarm.Builder.create(this, "health-check-heartbeat")
            .alarmName(cfg.stackName() + "-health-check-heartbeat")
            .alarmDescription(
                healthCheck.getFunctionName()
                    + " did not run in two of its periods ("
                    + cfg.healthCheckSchedule()
                    + "): the schedule, its rule or the function stopped")
            .metric(
                healthCheck.metricInvocations(
                    MetricOptions.builder().period(period).statistic("Sum").build()))
            .threshold(1)
            .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
            .evaluationPeriods(2)
            .datapointsToAlarm(2)
            .treatMissingData(TreatMissingData.BREACHING)
            .build();
    alarm.addAlarmAction(escalate);
    alarms.add(alarm);
  }

  private static final java.util.regex.Pattern RATE =
      java.util.regex.Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");

  /** The period of an EventBridge {@code rate(...)} expression; the heartbeat needs one. */
  static Duration schedulePeriod(String schedule) {
    var m = RATE.matcher(schedule == null ? "" : schedule.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "healthCheckSchedule: \""
              + schedule
              + "\" must be a rate"
              + " expression like rate(15 minutes): the heartbeat alarm watches for runs one period apart");
    }
    int n = Integer.parseInt(m.group(1));
    return switch (m.group(2).charAt(0)) {
      case 'm' -> Duration.minutes(n);
      case 'h' -> Duration.hours(n);
      default -> Duration.days(n);
    };
  }

  List<IAlarm> alarms() {
    return List.copyOf(alarms);
  }

  private Metric remediationMetric(String name) {
    return Metric.Builder.create()
        .namespace("tradai/Remediation")
        .metricName(name)
        .dimensionsMap(Map.of("Environment", cfg.env()))
        .statistic("Sum")
        .period(PERIOD)
        .build();
  }

  private void atLeastOne(String thing, String description, IMetric metric) {
    alarm(thing, description, metric, 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
  }

  private void alarm(
      String thing,
      String description,
      IMetric metric,
      double threshold,
      ComparisonOperator comparison) {
    Alarm alarm =
        Alarm.Builder.create(this, thing)
            .alarmName(cfg.stackName() + "-" + thing)
            .alarmDescription(description)
            .metric(metric)
            .threshold(threshold)
            .comparisonOperator(comparison)
            .evaluationPeriods(1)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build();
    alarm.addAlarmAction(escalate);
    alarms.add(alarm);
  }

  /** {@code AlarmStateChangeRule} → {@code alarm-state-change-rule}. */
  static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
  }
}
