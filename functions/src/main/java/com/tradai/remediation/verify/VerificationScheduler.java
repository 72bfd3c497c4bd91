package com.tradai.remediation.verify;

/** Port: puts a check on the clock. The SQS adapter sends it with DelaySeconds. */
public interface VerificationScheduler {
  void schedule(VerificationRequest request, long delaySeconds);
}
