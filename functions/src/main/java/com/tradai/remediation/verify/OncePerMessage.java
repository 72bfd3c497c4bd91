package com.tradai.remediation.verify;

import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.ledger.Ledger;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most once per key across SQS redeliveries, for the verifier's messages and pages; a
 * remediation's own claims and locks are the ledger's {@code RunClaims}.
 *
 * <p>The verifier's side effects done once per key, whatever SQS redelivers: a re-check sent
 * ({@code check:…}), an early check sent back ({@code requeue:…}), a page ({@code escalate:…}).
 * {@link #take} claims the ledger's idempotency item {@code IDEM#{key}} (a conditional write)
 * before the work; {@link Ticket#done} completes it after. Three answers:
 *
 * <ul>
 *   <li>granted: this delivery does the work, then calls {@code done};
 *   <li>done already (an earlier delivery completed it): not granted, {@link Ticket#held} says
 *       when;
 *   <li>in hand elsewhere (claimed, not completed: an overlapping delivery, or one that failed
 *       within the last {@link #IN_FLIGHT}): {@link InFlight} is thrown, so the check is returned
 *       in {@code batchItemFailures} and SQS delivers it again after the visibility timeout (six
 *       times the verifier's timeout, well over {@code IN_FLIGHT}), when the claim is either
 *       completed or expired and taken over. An overlap never loses the work.
 * </ul>
 *
 * Without a ledger every take is granted (the work is done on every delivery).
 */
public final class OncePerMessage {
  private static final Logger LOG = LoggerFactory.getLogger(OncePerMessage.class);

  /** How long an unfinished claim holds off another delivery: well under the visibility timeout. */
  static final Duration IN_FLIGHT = Duration.ofSeconds(60);

  private final Optional<Ledger> ledger;
  private final Duration remembered;
  private final Clock clock;

  /**
   * @param remembered how long completed work is remembered (the policy's idempotency TTL)
   */
  public OncePerMessage(Optional<Ledger> ledger, Duration remembered, Clock clock) {
    this.ledger = ledger;
    this.remembered = remembered;
    this.clock = clock;
  }

  /** No ledger: every take is granted. */
  public static OncePerMessage always() {
    return new OncePerMessage(Optional.empty(), Duration.ZERO, Clock.systemUTC());
  }

  /**
   * Claims {@code key}.
   *
   * @throws InFlight when another delivery holds the claim unfinished
   */
  public Ticket take(String key) {
    if (ledger.isEmpty()) {
      return new Ticket(key, "", Optional.empty());
    }
    String owner = UUID.randomUUID().toString();
    Optional<String> held = ledger.get().claimIdempotency(key, owner, clock.instant(), IN_FLIGHT);
    if (held.isPresent() && !held.get().contains(Ledger.COMPLETED_CLAIM)) {
      throw new InFlight(held.get());
    }
    held.ifPresent(h -> LOG.warn("{} not done again: {}", LogSafe.clean(key), LogSafe.clean(h)));
    return new Ticket(key, owner, held);
  }

  /** One claim: granted, or held by an earlier delivery that completed it. */
  public final class Ticket {
    private final String key;
    private final String owner;
    private final Optional<String> held;

    private Ticket(String key, String owner, Optional<String> held) {
      this.key = key;
      this.owner = owner;
      this.held = held;
    }

    public boolean granted() {
      return held.isEmpty();
    }

    /** What an earlier delivery did, in the ledger's words; empty when granted. */
    public Optional<String> held() {
      return held;
    }

    /**
     * Completes the claim after the work. A failure here is logged, not thrown: the work is done,
     * and failing the check would make SQS deliver it again (the claim expires after {@link
     * #IN_FLIGHT}, so only a later redelivery could repeat the work).
     */
    public void done(String outcome) {
      if (!granted() || ledger.isEmpty()) {
        return;
      }
      try {
        ledger.get().completeIdempotency(key, owner, outcome, clock.instant(), remembered);
      } catch (RuntimeException e) {
        LOG.error(
            "{} done, but its claim was not completed (it expires in {} s): {}",
            LogSafe.clean(key),
            IN_FLIGHT.toSeconds(),
            LogSafe.clean(e.getMessage()));
      }
    }
  }

  /** Another delivery holds the claim unfinished: deliver the check again later. */
  public static final class InFlight extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InFlight(String held) {
      super(held + "; SQS delivers this check again after the visibility timeout");
    }
  }
}
