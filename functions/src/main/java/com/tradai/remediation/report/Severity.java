package com.tradai.remediation.report;

/** How loudly a report should be heard; a message attribute subscribers can filter on. */
public enum Severity {
  LOW,
  MEDIUM,
  HIGH;

  public static Severity of(Outcome outcome) {
    return switch (outcome) {
      case FAILED, NOT_RECOVERED, REFUSED -> HIGH;
      case BLOCKED, NEEDS_APPROVAL, NO_CAUSE, ADVICE_ONLY, IMPROVING -> MEDIUM;
      case REMEDIATED,
          PENDING,
          DRY_RUN,
          SHADOW,
          RECORDED_OK,
          INSUFFICIENT_DATA,
          REJECTED,
          STALE,
          RECOVERED ->
          LOW;
    };
  }

  public String attribute() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
