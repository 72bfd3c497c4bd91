package com.tradai.remediation.ports;

import java.time.Instant;
import java.util.Optional;

/**
 * Port: when an alarm last went into ALARM before a given time (CloudWatch alarm history), so an OK
 * transition can report its time to recover without a stored incident record.
 */
public interface AlarmHistory {
  Optional<Instant> lastAlarmBefore(String alarmName, Instant okAt);
}
