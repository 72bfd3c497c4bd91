package com.tradai.remediation.verify;

import com.tradai.remediation.ports.VerificationRequest;
import com.tradai.remediation.ports.VerificationScheduler;
import java.util.function.Function;

/**
 * Sends each check once, whatever SQS redelivers, through {@link OncePerMessage}: the re-check of
 * an improving fix under {@code check:{correlationId}#{N}} ({@link #reChecks}), an early
 * report-borne check sent back for the remainder under {@code
 * requeue:{correlationId}#{N}@{checkAt}} ({@link #requeues}). A delivery that finds the key
 * completed sends nothing; one that finds it in hand elsewhere is retried by SQS ({@link
 * OncePerMessage.InFlight}); a send that fails leaves the claim in flight for 60 s only, so the SQS
 * redelivery of the failed check takes it over and sends.
 */
public final class OnceScheduler implements VerificationScheduler {
  private final VerificationScheduler delegate;
  private final OncePerMessage once;
  private final Function<VerificationRequest, String> key;
  private final String outcome;

  private OnceScheduler(
      VerificationScheduler delegate,
      OncePerMessage once,
      Function<VerificationRequest, String> key,
      String outcome) {
    this.delegate = delegate;
    this.once = once;
    this.key = key;
    this.outcome = outcome;
  }

  /** Re-checks of improving fixes: once per check of an incident. */
  public static OnceScheduler reChecks(VerificationScheduler delegate, OncePerMessage once) {
    return new OnceScheduler(delegate, once, OnceScheduler::key, "SCHEDULED");
  }

  /** Early report-borne checks sent back to the queue: once per check and due time. */
  public static OnceScheduler requeues(VerificationScheduler delegate, OncePerMessage once) {
    return new OnceScheduler(
        delegate,
        once,
        r -> "requeue:" + r.correlationId() + "#" + r.attempt() + "@" + r.checkAt(),
        "REQUEUED");
  }

  /** The idempotency key of one check of one incident. */
  public static String key(VerificationRequest request) {
    return "check:" + request.correlationId() + "#" + request.attempt();
  }

  @Override
  public void schedule(VerificationRequest request, long delaySeconds) {
    scheduleOnce(request, delaySeconds);
  }

  @Override
  public boolean scheduleOnce(VerificationRequest request, long delaySeconds) {
    OncePerMessage.Ticket ticket = once.take(key.apply(request));
    if (!ticket.granted()) {
      return false;
    }
    delegate.schedule(request, delaySeconds);
    ticket.done(outcome);
    return true;
  }
}
