package com.tradai.remediation.report;

/**
 * Where a fix's verification stands, as a report's {@code verification.status} says it: checked
 * later, or the verifier's verdict. The names are the JSON values and the {@code verification}
 * message attribute the verification queue's subscription filters on.
 */
public enum VerificationStatus {
  /** The check is due later; the report carries it to the verification queue. */
  SCHEDULED,
  RECOVERED,
  IMPROVING,
  NOT_RECOVERED;

  /** The status a verification outcome ends a check with. */
  public static VerificationStatus of(Outcome verdict) {
    return switch (verdict) {
      case RECOVERED -> RECOVERED;
      case IMPROVING -> IMPROVING;
      case NOT_RECOVERED -> NOT_RECOVERED;
      default -> throw new IllegalArgumentException("not a verification verdict: " + verdict);
    };
  }

  public boolean scheduled() {
    return this == SCHEDULED;
  }
}
