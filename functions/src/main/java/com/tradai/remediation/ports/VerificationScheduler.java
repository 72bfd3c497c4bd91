package com.tradai.remediation.ports;

/** Port: puts a check on the clock. The SQS adapter sends it with DelaySeconds. */
public interface VerificationScheduler {
  void schedule(VerificationRequest request, long delaySeconds);

  /**
   * Schedules the check unless it was scheduled already (a redelivered message asking again); says
   * which. Without a record of what was scheduled, it always schedules.
   */
  default boolean scheduleOnce(VerificationRequest request, long delaySeconds) {
    schedule(request, delaySeconds);
    return true;
  }
}
