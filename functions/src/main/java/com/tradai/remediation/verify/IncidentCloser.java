package com.tradai.remediation.verify;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.ports.AlarmHistory;
import com.tradai.remediation.report.Report;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An OK transition closes the incident: time to recover = the OK time − when the alarm last went
 * into ALARM. Without history (none found, or unreadable) the report says OK without a figure.
 */
public final class IncidentCloser {
  private final AlarmHistory history;

  public IncidentCloser(AlarmHistory history) {
    this.history = history;
  }

  public Report close(Alarm alarm, Report report) {
    Instant okAt = alarm.stateChangeTime();
    Optional<Instant> alarmAt = history.lastAlarmBefore(alarm.name(), okAt);
    return alarmAt
        .filter(at -> !at.isAfter(okAt))
        .map(
            at ->
                report.withIncident(
                    new Report.IncidentView(
                        at.toString(), okAt.toString(), Duration.between(at, okAt).toSeconds())))
        .orElse(report);
  }
}
