package com.tradai.remediation.verify;

import com.tradai.remediation.core.LogSafe;
import java.util.Optional;

/**
 * Pure: whether an SQS record came from the verifier's own queue. Lambda's event source mapping
 * sets {@code eventSourceARN} to the queue it read. A direct invocation can write anything there,
 * so this stops a mistaken wiring, a test event and a careless forgery; what a forged record cannot
 * pass is the ledger match ({@link LedgerMatch}).
 */
public final class QueueSource {
  private QueueSource() {}

  public static Optional<String> refusal(String eventSourceArn, String queueArn) {
    if (eventSourceArn == null || eventSourceArn.isBlank()) {
      return Optional.of(
          "eventSourceARN is missing: the verifier acts only on records from its"
              + " own queue "
              + queueArn
              + "; nothing was changed");
    }
    return eventSourceArn.equals(queueArn)
        ? Optional.empty()
        : Optional.of(
            "eventSourceARN is '"
                + LogSafe.clean(eventSourceArn)
                + "', not this"
                + " verifier's queue "
                + queueArn
                + "; nothing was changed");
  }

  public static String direct(String queueArn) {
    return "Records is missing: the verifier acts only on SQS records from its own queue"
        + " (eventSourceARN "
        + queueArn
        + "), not on a direct invocation; nothing was changed";
  }
}
