package com.tradai.remediation.alarm;

/** How an alarm reached us. Idempotency deliberately ignores this: one transition, one key. */
public enum Delivery {
  SNS,
  EVENTBRIDGE,
  ALARM_ACTION,
  MANUAL
}
