package com.tradai.remediation.ports;

/**
 * Port: reads an alarm's current state by name. moto never evaluates alarms, so the live adapter
 * ({@code aws.CloudWatchAlarmStateReader}) is tested at the SDK boundary and verifier tests use a
 * scripted one.
 */
public interface AlarmStateReader {
  AlarmStatus read(String alarmName);
}
