package com.tradai.remediation.handler;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.alarm.AlarmConfirmation;
import com.tradai.remediation.alarm.CloudWatchAlarm;
import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.ports.AlarmLookup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Asks CloudWatch about an alarm delivery and decides ({@link AlarmConfirmation#decide}). One
 * DescribeAlarms; DescribeAlarmHistory only when the alarm is no longer in ALARM (it may have
 * recovered since the delivery). A read that fails, after the client's retries, is {@link
 * AlarmConfirmation.Unreadable}: the run gives advice and changes nothing.
 */
public final class AlarmConfirmer {
  private final AlarmLookup lookup;
  private final Duration maxAge;
  private final Clock clock;

  public AlarmConfirmer(AlarmLookup lookup, Duration maxAge, Clock clock) {
    this.lookup = lookup;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  public AlarmConfirmation confirm(Alarm payload) {
    Instant now = clock.instant();
    try {
      Optional<CloudWatchAlarm> found = lookup.describe(payload.name());
      List<CloudWatchAlarm.StateUpdate> history =
          found.isPresent() && !"ALARM".equals(found.get().stateValue())
              ? lookup.stateUpdates(payload.name(), now.minus(maxAge), now)
              : List.of();
      return AlarmConfirmation.decide(payload, found, history, now, maxAge);
    } catch (RuntimeException e) {
      return AlarmConfirmation.unreadable(
          payload,
          e.getClass().getSimpleName() + ": " + LogSafe.clean(String.valueOf(e.getMessage())));
    }
  }
}
