package com.tradai.remediation.aws;

import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.ports.AlarmStateReader;
import com.tradai.remediation.ports.AlarmStatus;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/** DescribeAlarms by name; any failure is UNKNOWN, so verification falls back on the metrics. */
public final class CloudWatchAlarmStateReader implements AlarmStateReader {
  private static final Logger LOG = LoggerFactory.getLogger(CloudWatchAlarmStateReader.class);

  private final Supplier<CloudWatchClient> cloudWatch;

  public CloudWatchAlarmStateReader(Supplier<CloudWatchClient> cloudWatch) {
    this.cloudWatch = cloudWatch;
  }

  @Override
  public AlarmStatus read(String alarmName) {
    try {
      var res =
          cloudWatch
              .get()
              .describeAlarms(
                  b ->
                      b.alarmNames(alarmName)
                          .alarmTypesWithStrings("MetricAlarm", "CompositeAlarm"));
      if (!res.metricAlarms().isEmpty()) {
        MetricAlarm a = res.metricAlarms().getFirst();
        return new AlarmStatus(
            a.stateValueAsString(), Optional.ofNullable(a.stateUpdatedTimestamp()));
      }
      if (!res.compositeAlarms().isEmpty()) {
        var a = res.compositeAlarms().getFirst();
        return new AlarmStatus(
            a.stateValueAsString(), Optional.ofNullable(a.stateUpdatedTimestamp()));
      }
      LOG.warn("alarm {} not found; verifying on metrics alone", LogSafe.clean(alarmName));
    } catch (RuntimeException e) {
      LOG.warn(
          "alarm state of {} could not be read: {}",
          LogSafe.clean(alarmName),
          LogSafe.clean(e.getMessage()));
    }
    return AlarmStatus.UNKNOWN;
  }
}
