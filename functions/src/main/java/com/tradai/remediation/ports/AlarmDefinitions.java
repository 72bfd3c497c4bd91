package com.tradai.remediation.ports;

import com.tradai.remediation.alarm.MetricIdentity;
import java.util.List;
import java.util.Map;

/**
 * Port: what metric each named alarm watches, read in one call. Metric-math alarms are left out.
 */
public interface AlarmDefinitions {
  Map<String, MetricIdentity> read(List<String> alarmNames);
}
