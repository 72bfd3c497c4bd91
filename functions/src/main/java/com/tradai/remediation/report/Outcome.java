package com.tradai.remediation.report;

public enum Outcome {
  REMEDIATED,
  DRY_RUN,
  BLOCKED,
  ADVICE_ONLY,
  NO_CAUSE,
  FAILED,
  RECORDED_OK,
  INSUFFICIENT_DATA,
  REJECTED
}
