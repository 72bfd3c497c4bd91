package com.tradai.remediation.observe;

import org.slf4j.MDC;

/**
 * Puts the alarm key (ARN + state-change time, the same across every delivery path) on every log
 * line of a run as Powertools' {@code correlation_id}, so one search finds the fix, its
 * verification and any rollback.
 */
public final class Observability {
  /** The MDC key Powertools' JSON layout prints as "correlation_id". */
  public static final String CORRELATION_ID = "correlation_id";

  private Observability() {}

  public static void correlate(String key) {
    MDC.put(CORRELATION_ID, com.tradai.remediation.core.LogSafe.clean(key));
  }

  public static void uncorrelate() {
    MDC.remove(CORRELATION_ID);
  }
}
