package com.tradai.remediation.ports;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.alarm.MetricIdentity;
import java.time.Instant;
import java.util.Optional;

/**
 * The triggering alarm, as much of it as a verification needs: its name (for its state), when it
 * fired (for time to recover), and its own metric and threshold, when it has a single metric.
 */
public record AlarmRef(
    String name, String arn, String region, Instant alarmAt, Optional<MetricIdentity> metric) {

  public static AlarmRef of(Alarm a) {
    return new AlarmRef(a.name(), a.arn(), a.region(), a.stateChangeTime(), a.metric());
  }
}
