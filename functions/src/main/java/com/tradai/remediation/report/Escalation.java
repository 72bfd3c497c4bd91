package com.tradai.remediation.report;

import com.tradai.remediation.guard.GuardNote;
import com.tradai.remediation.guard.Verdict;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which reports need a person, and why: pure, over the report alone. A report escalates when its
 * outcome is FAILED, NOT_RECOVERED, NEEDS_APPROVAL or REFUSED, when any decision waits for approval
 * (whether its plan ends as BLOCKED or as its own NEEDS_APPROVAL outcome), or when a guard found
 * the circuit breaker open.
 */
public final class Escalation {
  private static final Set<Outcome> ESCALATING_OUTCOMES =
      EnumSet.of(Outcome.FAILED, Outcome.NOT_RECOVERED, Outcome.NEEDS_APPROVAL, Outcome.REFUSED);

  private Escalation() {}

  /** Why the report goes to the escalation topic; empty when the results topic is enough. */
  public static Optional<String> reason(Report report) {
    if (ESCALATING_OUTCOMES.contains(report.outcome())) {
      return Optional.of("outcome " + report.outcome().name());
    }
    if (report.decisions().stream().anyMatch(d -> d.verdict() == Verdict.NEEDS_APPROVAL)) {
      return Optional.of("a decision waits for approval");
    }
    if (breakerOpen(report)) {
      return Optional.of("the circuit breaker is open");
    }
    return Optional.empty();
  }

  public static boolean needed(Report report) {
    return reason(report).isPresent();
  }

  /** Some decision's guards found the circuit breaker open (blocked, or a rollback let through). */
  public static boolean breakerOpen(Report report) {
    return report.decisions().stream()
        .flatMap(
            d ->
                d.guards() == null
                    ? java.util.stream.Stream.<GuardNote>empty()
                    : d.guards().stream())
        .anyMatch(g -> g.is(GuardNote.Kind.BREAKER_OPEN));
  }
}
