package com.tradai.remediation.ports;

import com.tradai.remediation.alarm.CloudWatchAlarm;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: an alarm as CloudWatch defines it, and its state history. Failures throw. */
public interface AlarmLookup {
  /** DescribeAlarms for one name (metric and composite alarms); empty when CloudWatch has none. */
  Optional<CloudWatchAlarm> describe(String alarmName);

  /** DescribeAlarmHistory's StateUpdate items between {@code from} and {@code to}, newest first. */
  List<CloudWatchAlarm.StateUpdate> stateUpdates(String alarmName, Instant from, Instant to);
}
