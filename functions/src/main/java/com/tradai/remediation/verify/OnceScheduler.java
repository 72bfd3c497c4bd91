package com.tradai.remediation.verify;

import com.tradai.remediation.alarm.LogSafe;
import com.tradai.remediation.ledger.Ledger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules each re-check once, whatever SQS redelivers: before sending check N of an incident it
 * claims the ledger's idempotency item {@code check:{correlationId}#{N}} (a conditional write),
 * sends, then marks the claim completed. A delivery that finds the claim taken sends nothing. A
 * send that fails leaves the claim in flight for {@link #IN_FLIGHT} only, so the SQS redelivery of
 * the failed check (after the queue's visibility timeout, six times the verifier's timeout) takes it
 * over and sends.
 */
public final class OnceScheduler implements VerificationScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(OnceScheduler.class);
  /** How long an unfinished claim holds off another delivery: well under the visibility timeout. */
  static final Duration IN_FLIGHT = Duration.ofSeconds(60);

  private final VerificationScheduler delegate;
  private final Ledger ledger;
  private final Duration remembered;
  private final Clock clock;

  /** @param remembered how long a sent check is remembered (the policy's idempotency TTL) */
  public OnceScheduler(VerificationScheduler delegate, Ledger ledger, Duration remembered, Clock clock) {
    this.delegate = delegate;
    this.ledger = ledger;
    this.remembered = remembered;
    this.clock = clock;
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
    String key = key(request);
    String owner = UUID.randomUUID().toString();
    Instant now = clock.instant();
    Optional<String> taken = ledger.claimIdempotency(key, owner, now, IN_FLIGHT);
    if (taken.isPresent()) {
      LOG.warn("check {} not scheduled again: {}", LogSafe.clean(key), LogSafe.clean(taken.get()));
      return false;
    }
    delegate.schedule(request, delaySeconds);
    try {
      ledger.completeIdempotency(key, owner, "SCHEDULED", clock.instant(), remembered);
    } catch (RuntimeException e) {
      // the check is on the queue: failing now would make SQS redeliver and send it again
      LOG.error("check {} sent, but its claim was not completed (it expires in {} s): {}",
          LogSafe.clean(key), IN_FLIGHT.toSeconds(), LogSafe.clean(e.getMessage()));
    }
    return true;
  }
}
