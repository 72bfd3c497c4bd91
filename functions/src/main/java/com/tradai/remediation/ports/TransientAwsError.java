package com.tradai.remediation.ports;

import java.io.IOException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryUtils;

/**
 * Whether an AWS call failed for a reason that may pass by itself (throttling, a 5xx, a timeout or
 * a broken connection), as the SDK's default retry conditions judge it; left after the SDK's
 * retries, it is worth trying again later. AccessDenied, a validation error or a missing resource
 * is not.
 */
public final class TransientAwsError {
  private TransientAwsError() {}

  public static boolean is(Throwable e) {
    if (!(e instanceof SdkException s)) {
      return false;
    }
    boolean serverError =
        RetryUtils.isServiceException(s) && RetryUtils.toServiceException(s).statusCode() >= 500;
    return serverError
        || s.retryable()
        || RetryUtils.isThrottlingException(s)
        || RetryUtils.isRetryableException(s)
        || s instanceof ApiCallTimeoutException
        || s instanceof ApiCallAttemptTimeoutException
        || s.getCause() instanceof IOException;
  }
}
