package com.tradai.remediation.ports;

import java.time.Instant;
import java.util.Optional;

/**
 * An alarm's current state as CloudWatch says, and since when. UNKNOWN when it could not be read
 * (the alarm is gone, or the reader is not available): the verdict then rests on the metrics.
 */
public record AlarmStatus(String state, Optional<Instant> since) {
  public static final AlarmStatus UNKNOWN = new AlarmStatus("UNKNOWN", Optional.empty());

  public boolean isOk() {
    return "OK".equals(state);
  }

  public boolean isAlarm() {
    return "ALARM".equals(state);
  }
}
