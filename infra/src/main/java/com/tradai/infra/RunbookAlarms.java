package com.tradai.infra;

import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IAlarmAction;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The runbook's CloudWatch alarms with the on-call runbook's thresholds, each named {@code
 * tradai-{env}-...} and wired (ALARM and OK) to the alarm topic:
 *
 * <ul>
 *   <li>{@code tradai-{env}-api-latency-high}: ALB TargetResponseTime p99 &gt; 2 s;
 *   <li>{@code tradai-{env}-{service}-cpu-high} and {@code -memory-high}: ECS &gt; 80% per service;
 *   <li>{@code tradai-{env}-{function}-duration-high}, {@code -errors}, {@code -throttles} per
 *       configured Lambda function;
 *   <li>{@code tradai-{env}-rds-cpu-high};
 *   <li>{@code tradai-{env}-{table}-read-throttles} and {@code -write-throttles} per table.
 * </ul>
 */
final class RunbookAlarms extends Construct {

  private final EnvConfig cfg;
  private final IAlarmAction action;

  RunbookAlarms(Construct scope, EnvConfig cfg, IAlarmAction action) {
    super(scope, "RunbookAlarms");
    this.cfg = cfg;
    this.action = action;
    EnvConfig.Thresholds t = cfg.thresholds();

    alarm(
        "api-latency-high",
        "High API Latency: ALB p99 response time above " + t.apiLatencyP99Seconds() + " s",
        metric(
            "AWS/ApplicationELB",
            "TargetResponseTime",
            "p99",
            Map.of("LoadBalancer", cfg.targets().albLoadBalancer())),
        t.apiLatencyP99Seconds(),
        ComparisonOperator.GREATER_THAN_THRESHOLD);

    for (String service : cfg.targets().ecsServices()) {
      Map<String, String> dims =
          Map.of("ClusterName", cfg.clusterName(), "ServiceName", cfg.serviceName(service));
      alarm(
          service + "-cpu-high",
          "ECS CPU/Memory Issues: "
              + cfg.serviceName(service)
              + " CPU above "
              + t.ecsCpuPercent()
              + "%",
          metric("AWS/ECS", "CPUUtilization", "Average", dims),
          t.ecsCpuPercent(),
          ComparisonOperator.GREATER_THAN_THRESHOLD);
      alarm(
          service + "-memory-high",
          "ECS CPU/Memory Issues: "
              + cfg.serviceName(service)
              + " memory above "
              + t.ecsMemoryPercent()
              + "%",
          metric("AWS/ECS", "MemoryUtilization", "Average", dims),
          t.ecsMemoryPercent(),
          ComparisonOperator.GREATER_THAN_THRESHOLD);
    }

    for (String function : cfg.targets().lambdaFunctions()) {
      Map<String, String> dims = Map.of("FunctionName", cfg.serviceName(function));
      alarm(
          function + "-duration-high",
          "Lambda Cold Start Issues: "
              + cfg.serviceName(function)
              + " p99 duration above "
              + t.lambdaDurationP99Millis()
              + " ms",
          metric("AWS/Lambda", "Duration", "p99", dims),
          t.lambdaDurationP99Millis(),
          ComparisonOperator.GREATER_THAN_THRESHOLD);
      alarm(
          function + "-errors",
          "Lambda Timeout Issues: " + cfg.serviceName(function) + " errors",
          metric("AWS/Lambda", "Errors", "Sum", dims),
          t.lambdaErrors(),
          ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
      alarm(
          function + "-throttles",
          "Lambda Performance: " + cfg.serviceName(function) + " throttles",
          metric("AWS/Lambda", "Throttles", "Sum", dims),
          t.lambdaThrottles(),
          ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
    }

    alarm(
        "rds-cpu-high",
        "RDS Slow Queries: " + cfg.rdsInstance() + " CPU above " + t.rdsCpuPercent() + "%",
        metric(
            "AWS/RDS",
            "CPUUtilization",
            "Average",
            Map.of("DBInstanceIdentifier", cfg.rdsInstance())),
        t.rdsCpuPercent(),
        ComparisonOperator.GREATER_THAN_THRESHOLD);

    for (String table : cfg.targets().dynamodbTables()) {
      Map<String, String> dims = Map.of("TableName", cfg.envPrefix() + table);
      for (String kind : new String[] {"Read", "Write"}) {
        alarm(
            table + "-" + kind.toLowerCase() + "-throttles",
            "DynamoDB Throttling: "
                + cfg.envPrefix()
                + table
                + " "
                + kind.toLowerCase()
                + " throttle events",
            metric("AWS/DynamoDB", kind + "ThrottleEvents", "Sum", dims),
            t.dynamodbThrottleEvents(),
            ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
      }
    }
  }

  private Metric metric(String namespace, String name, String statistic, Map<String, String> dims) {
    return Metric.Builder.create()
        .namespace(namespace)
        .metricName(name)
        .statistic(statistic)
        .dimensionsMap(dims)
        .period(Duration.seconds(cfg.thresholds().periodSeconds()))
        .build();
  }

  private void alarm(
      String thing, String description, Metric metric, double threshold, ComparisonOperator op) {
    Alarm alarm =
        Alarm.Builder.create(this, thing)
            .alarmName(cfg.alarmName(thing))
            .alarmDescription(description)
            .metric(metric)
            .threshold(threshold)
            .comparisonOperator(op)
            .evaluationPeriods(cfg.thresholds().evaluationPeriods())
            .datapointsToAlarm(cfg.thresholds().datapointsToAlarm())
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build();
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }

  /**
   * The remediation's own health: messages in a dead-end queue go to the escalation topic. Named
   * outside the {@code tradai-{env}-} prefix so that remediation never acts on its own alarms.
   */
  static Alarm depthAlarm(Construct scope, String id, String name, IQueue queue, ITopic topic) {
    Alarm alarm =
        Alarm.Builder.create(scope, id)
            .alarmName(name + "-not-empty")
            .alarmDescription("Messages in " + name + ": remediation work failed; read them")
            .metric(
                queue.metricApproximateNumberOfMessagesVisible(
                    software.amazon.awscdk.services.cloudwatch.MetricOptions.builder()
                        .period(Duration.minutes(5))
                        .statistic("Maximum")
                        .build()))
            .threshold(1)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
            .evaluationPeriods(1)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build();
    alarm.addAlarmAction(new SnsAction(topic));
    return alarm;
  }
}
