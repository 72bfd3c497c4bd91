package com.tradai.remediation.guard;

import com.tradai.remediation.config.PolicyLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an environment allows. Loaded from {@code policy/<env>.json} on the classpath and validated
 * by {@link PolicyLoader}; every field is documented in docs/configuration.md.
 *
 * @param limits step and cap per action kind ({@link com.tradai.remediation.core.Action#kind()})
 * @param lambdaMemoryLadder the memory sizes (MB) a Lambda function climbs, lowest first
 * @param rdsClassLadder the instance classes an RDS instance climbs, smallest first; its top is the
 *     cap for "rds-instance-class"
 * @param rdsApplyImmediately whether an RDS class change applies now or in the maintenance window
 * @param guards cooldowns, rate limit, circuit breaker, approvals and ledger lifetimes
 * @param rollout each runbook's mode (shadow, approve, act) and the track-record bar
 */
public record Policy(
    String environment,
    boolean dryRun,
    Map<String, Limits> limits,
    List<Integer> lambdaMemoryLadder,
    List<String> rdsClassLadder,
    Thresholds thresholds,
    boolean rdsApplyImmediately,
    Guards guards,
    Rollout rollout) {

  public Policy {
    limits = Map.copyOf(limits);
    lambdaMemoryLadder = List.copyOf(lambdaMemoryLadder);
    rdsClassLadder = List.copyOf(rdsClassLadder);
  }

  /** A policy in which every runbook acts (no {@code modes}, no track-record bar). */
  public Policy(
      String environment,
      boolean dryRun,
      Map<String, Limits> limits,
      List<Integer> lambdaMemoryLadder,
      List<String> rdsClassLadder,
      Thresholds thresholds,
      boolean rdsApplyImmediately,
      Guards guards) {
    this(
        environment,
        dryRun,
        limits,
        lambdaMemoryLadder,
        rdsClassLadder,
        thresholds,
        rdsApplyImmediately,
        guards,
        Rollout.ACT);
  }

  /**
   * A policy without ledger guards (no cooldowns, no rate limit, breaker off, no approvals) that
   * applies RDS changes immediately.
   */
  public Policy(
      String environment,
      boolean dryRun,
      Map<String, Limits> limits,
      List<Integer> lambdaMemoryLadder,
      List<String> rdsClassLadder,
      Thresholds thresholds) {
    this(
        environment,
        dryRun,
        limits,
        lambdaMemoryLadder,
        rdsClassLadder,
        thresholds,
        true,
        Guards.NONE);
  }

  /** How far one fix may go, and how far all fixes together may go. */
  public record Limits(long step, long max) {}

  /** The on-call runbook's indicators, as numbers. */
  public record Thresholds(
      double loadSpikeFactor,
      double memoryPressurePercent,
      double rdsCpuPercent,
      double lambdaDurationSpikeFactor,
      int recentMinutes) {}

  /**
   * What the ledger-backed guards allow.
   *
   * @param cooldowns per action kind: how long after a change the same kind may not touch the same
   *     resource again; a kind not named has no cooldown
   * @param rateLimit fixes per runbook and environment in a sliding window
   * @param breaker stops every alarm-driven fix in the environment after too many failures or
   *     actions in a window, until an operator resets it
   * @param approval which actions wait for a person
   * @param lockTtl how long a resource lock lives if its holder never releases it
   * @param idempotencyTtl how long a handled alarm transition is remembered
   * @param approvalExpiry how long a pending plan may be approved
   */
  public record Guards(
      Map<String, Duration> cooldowns,
      Window rateLimit,
      Breaker breaker,
      Approval approval,
      Duration lockTtl,
      Duration idempotencyTtl,
      Duration approvalExpiry) {
    public static final Guards NONE =
        new Guards(
            Map.of(),
            new Window(1_000_000, Duration.ofHours(1)),
            new Breaker(1_000_000, 1_000_000, Duration.ofHours(1)),
            new Approval(Set.of(), Map.of()),
            Duration.ofMinutes(5),
            Duration.ofHours(24),
            Duration.ofHours(1));

    public Guards {
      cooldowns = Map.copyOf(cooldowns);
    }

    public Duration cooldown(String kind) {
      return cooldowns.getOrDefault(kind, Duration.ZERO);
    }
  }

  /** At most {@code max} in any {@code window}. */
  public record Window(int max, Duration window) {}

  /**
   * Opens after {@code maxFailures} failed or {@code maxActions} attempted fixes in {@code window}.
   */
  public record Breaker(int maxFailures, int maxActions, Duration window) {}

  /**
   * @param always kinds that always wait for a person
   * @param stepAbove per kind: a change whose step (after − before) is larger waits for a person
   */
  public record Approval(Set<String> always, Map<String, Long> stepAbove) {
    public Approval {
      always = Set.copyOf(always);
      stepAbove = Map.copyOf(stepAbove);
    }
  }

  /**
   * How far each runbook may act alone, and the bar its fixes' track record must clear.
   *
   * @param fallback the mode of a runbook {@code modes} does not name ({@code modes.default})
   * @param runbooks runbook id → its mode
   * @param minTrackRecord when present: a fix whose kind recovered less often than {@code rate}
   *     over at least {@code minVerdicts} verdicts waits for approval; also the bar of {@code
   *     promote}
   */
  public record Rollout(
      Mode fallback, Map<String, Mode> runbooks, java.util.Optional<Bar> minTrackRecord) {
    public static final Rollout ACT = new Rollout(Mode.ACT, Map.of(), java.util.Optional.empty());

    public Rollout {
      runbooks = Map.copyOf(runbooks);
    }

    /** The runbook's mode in the policy (before any run-time mode an operator set). */
    public Mode modeOf(String runbook) {
      return runbooks.getOrDefault(runbook, fallback);
    }
  }

  /** A recovered rate over at least {@code minVerdicts} verdicts of the last {@code days} days. */
  public record Bar(double rate, int minVerdicts, int days) {
    public String describe() {
      return Math.round(rate * 100)
          + "% over at least "
          + minVerdicts
          + " verdicts in "
          + days
          + " days";
    }
  }

  /** Limits for an action kind; a kind the policy does not name may not act at all (cap 0). */
  public Limits limit(String kind) {
    if ("rds-instance-class".equals(kind)) {
      return new Limits(1, Math.max(0, rdsClassLadder.size() - 1));
    }
    return limits.getOrDefault(kind, new Limits(0, 0));
  }

  public Policy withRollout(Rollout value) {
    return new Policy(
        environment,
        dryRun,
        limits,
        lambdaMemoryLadder,
        rdsClassLadder,
        thresholds,
        rdsApplyImmediately,
        guards,
        value);
  }

  /** This policy with every runbook in {@code mode}, the track-record bar kept. */
  public Policy withEveryRunbookIn(Mode mode) {
    return withRollout(new Rollout(mode, Map.of(), rollout.minTrackRecord()));
  }

  public Policy withDryRun(boolean value) {
    return new Policy(
        environment,
        value,
        limits,
        lambdaMemoryLadder,
        rdsClassLadder,
        thresholds,
        rdsApplyImmediately,
        guards,
        rollout);
  }
}
