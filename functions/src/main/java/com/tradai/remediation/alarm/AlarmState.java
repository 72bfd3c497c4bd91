package com.tradai.remediation.alarm;

import java.util.Arrays;
import java.util.Optional;

/** CloudWatch's three alarm states; anything else is rejected at intake. */
public enum AlarmState {
  OK,
  ALARM,
  INSUFFICIENT_DATA;

  public static Optional<AlarmState> parse(String value) {
    return Arrays.stream(values()).filter(s -> s.name().equals(value)).findFirst();
  }
}
