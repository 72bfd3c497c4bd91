package com.tradai.remediation.aws;

import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Whether a receipt handle belongs to a message of one queue that is in flight now, as SQS says:
 * ChangeMessageVisibility succeeds only for such a handle. A chat click's SQS record could
 * otherwise be written by anyone allowed to invoke the operator function, with any SenderId in it;
 * a receipt handle cannot be made up, and only the operator function may receive from the queue.
 */
public final class SqsInFlightMessages {
  /** SQS's answers for a handle that is not one of the queue's messages in flight. */
  private static final Set<String> NOT_IN_FLIGHT =
      Set.of(
          "ReceiptHandleIsInvalid",
          "MessageNotInflight",
          "InvalidParameterValue",
          "AWS.SimpleQueueService.MessageNotInflight");

  private final Supplier<SqsClient> sqs;
  private final String queueUrl;
  private final int visibilitySeconds;

  /**
   * @param visibilitySeconds how long the message stays hidden while the command runs
   */
  public SqsInFlightMessages(Supplier<SqsClient> sqs, String queueUrl, int visibilitySeconds) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.visibilitySeconds = visibilitySeconds;
  }

  /** True when SQS accepts the handle; false when SQS says it is not one; throws otherwise. */
  public boolean confirm(String receiptHandle) {
    if (receiptHandle == null || receiptHandle.isBlank()) {
      return false;
    }
    try {
      sqs.get()
          .changeMessageVisibility(
              b ->
                  b.queueUrl(queueUrl)
                      .receiptHandle(receiptHandle)
                      .visibilityTimeout(visibilitySeconds));
      return true;
    } catch (SqsException e) {
      String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
      if (NOT_IN_FLIGHT.contains(code)) {
        return false;
      }
      throw e;
    }
  }
}
