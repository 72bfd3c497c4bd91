package com.tradai.remediation.aws;

import com.tradai.remediation.alarm.MetricIdentity;
import com.tradai.remediation.ports.AlarmDefinitions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/**
 * One DescribeAlarms call for the alarms a composite alarm followed (AlarmNames takes up to 100,
 * more than a composite rule can name). A metric-math alarm has no single metric and is left out;
 * routing then falls back on its name.
 */
public final class CloudWatchAlarmDefinitions implements AlarmDefinitions {
  /** DescribeAlarms' AlarmNames limit. */
  static final int MAX_NAMES = 100;

  private final Supplier<CloudWatchClient> cloudWatch;

  public CloudWatchAlarmDefinitions(Supplier<CloudWatchClient> cloudWatch) {
    this.cloudWatch = cloudWatch;
  }

  @Override
  public Map<String, MetricIdentity> read(List<String> alarmNames) {
    List<String> names = alarmNames.stream().distinct().limit(MAX_NAMES).toList();
    Map<String, MetricIdentity> out = new LinkedHashMap<>();
    for (MetricAlarm a :
        cloudWatch
            .get()
            .describeAlarms(
                b -> b.alarmNames(names).alarmTypes(AlarmType.METRIC_ALARM).maxRecords(MAX_NAMES))
            .metricAlarms()) {
      if (a.metricName() == null || a.namespace() == null) {
        continue;
      }
      Map<String, String> dims = new LinkedHashMap<>();
      a.dimensions().forEach(d -> dims.put(d.name(), d.value()));
      String stat = a.extendedStatistic() != null ? a.extendedStatistic() : a.statisticAsString();
      out.put(
          a.alarmName(),
          new MetricIdentity(
              a.namespace(),
              a.metricName(),
              dims,
              stat,
              a.period() == null ? 60 : a.period(),
              Optional.ofNullable(a.threshold()),
              Optional.ofNullable(a.comparisonOperatorAsString())));
    }
    return out;
  }
}
