package com.tradai.remediation.ledger;

import com.tradai.remediation.alarm.LogSafe;
import com.tradai.remediation.aws.Executor;
import com.tradai.remediation.aws.TransientAwsError;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.ChangedSince;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.core.TimeBudget;
import com.tradai.remediation.guard.Decision;
import com.tradai.remediation.guard.GuardContext;
import com.tradai.remediation.guard.GuardContext.Claims;
import com.tradai.remediation.guard.GuardContext.Facts;
import com.tradai.remediation.guard.GuardContext.Origin;
import com.tradai.remediation.guard.Guardrails;
import com.tradai.remediation.guard.Policy;
import com.tradai.remediation.guard.Trust;
import com.tradai.remediation.guard.Verdict;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path from a plan to a change, for alarms, approvals and rollbacks alike: read the
 * ledger's facts, claim the transition and lock the resources, run the guards, write the audit
 * record (PENDING) before applying, then APPLIED or FAILED, then release. Without a ledger nothing
 * is applied (a dry-run still plans).
 */
public final class GuardedExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedExecutor.class);

  private final String project;
  private final String environment;
  private final Optional<Ledger> ledger;
  private final Guardrails guardrails;
  private final List<Executor> executors;
  private final Supplier<Optional<String>> killSwitch;
  private final Clock clock;

  public GuardedExecutor(String project, String environment, Optional<Ledger> ledger,
      Guardrails guardrails, List<Executor> executors, Supplier<Optional<String>> killSwitch,
      Clock clock) {
    this.project = project;
    this.environment = environment;
    this.ledger = ledger;
    this.guardrails = guardrails;
    this.executors = List.copyOf(executors);
    this.killSwitch = killSwitch;
    this.clock = clock;
  }

  public Optional<Ledger> ledger() {
    return ledger;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * @param key the idempotency key: the alarm's ARN + state-change time, "approve:{planId}" or
   *     "rollback:{auditId}"
   * @param rollbackOf the audit id a rollback restores, else null
   * @param planId the approved plan, else null
   */
  public record Request(String key, String alarmName, String runbook, Origin origin, Plan plan,
      Policy policy, String planId, String rollbackOf) {}

  /**
   * What happened: every decision (with its audit id and any pending plan id) and every change.
   *
   * @param mayRunAgain a rollback whose change failed with a transient AWS error: its FAILED audit
   *     stays, its claim was released (not completed), so the same request may be run again
   */
  public record Result(List<Decision> decisions, List<Report.DecisionView> views,
      List<Report.ChangeView> changes, Optional<String> pendingPlanId, boolean mayRunAgain) {

    /** The outcome when there is no diagnosis to consider (commands). */
    public Outcome outcome() {
      if (!changes.isEmpty()) {
        return ofChanges(changes);
      }
      if (decisions.stream().anyMatch(d -> d.verdict() == Verdict.NEEDS_APPROVAL)) {
        return Outcome.NEEDS_APPROVAL;
      }
      if (decisions.stream().anyMatch(d -> d.verdict() == Verdict.DRY_RUN)) {
        return Outcome.DRY_RUN;
      }
      if (decisions.stream().anyMatch(d -> d.verdict() == Verdict.SHADOW)) {
        return Outcome.SHADOW;
      }
      return decisions.stream().allMatch(d -> d.verdict() == Verdict.ADVICE)
          ? Outcome.ADVICE_ONLY : Outcome.BLOCKED;
    }
  }

  /**
   * What made changes come to: FAILED if any failed, REFUSED if any found its resource changed
   * since its reading (a person decides), REMEDIATED if any is in effect, PENDING when
   * every change waits for a maintenance window (not yet serving, so not REMEDIATED).
   */
  public static Outcome ofChanges(List<Report.ChangeView> changes) {
    if (changes.stream().anyMatch(c -> AuditRecord.FAILED.equals(c.status()))) {
      return Outcome.FAILED;
    }
    if (changes.stream().anyMatch(c -> AuditRecord.REFUSED.equals(c.status()))) {
      return Outcome.REFUSED;
    }
    return changes.stream().allMatch(c -> Report.ChangeView.PENDING_WINDOW.equals(c.status()))
        ? Outcome.PENDING : Outcome.REMEDIATED;
  }

  /** Status of a change the time budget kept from starting: nothing was audited or applied. */
  public static final String NOT_STARTED = "NOT_STARTED";

  public Result run(Request r) {
    return run(r, TimeBudget.UNLIMITED);
  }

  /** @param budget checked once before each apply: an action that may not finish never starts */
  public Result run(Request r, TimeBudget budget) {
    return run(r, budget, Optional.empty());
  }

  /**
   * @param prefetched the ledger's facts for this plan, read while the plan was being made (the
   *     shell starts the Query beside the evidence reads); a failure it throws counts as the
   *     ledger being unavailable, exactly as if read here
   */
  public Result run(Request r, TimeBudget budget, Optional<Supplier<Ledger.Facts>> prefetched) {
    Instant now = clock.instant();
    Policy policy = r.policy();
    Policy.Guards g = policy.guards();
    List<Action> actionable = r.plan().actions().stream()
        .filter(a -> !(a instanceof Action.NotifyOnly)).toList();
    Optional<String> kill = killSwitch.get();
    Facts facts = new Facts(kill, GuardContext.Breaker.CLOSED, Map.of(), 0, Claims.notTaken("-"));
    Optional<Ledger> live = ledger;
    String unavailable = null;
    String owner = UUID.randomUUID().toString();
    Slots.Quota quota = Slots.Quota.NONE;
    List<PendingAudits.Mark> leftPending = List.of();
    if (ledger.isPresent() && !actionable.isEmpty()) {
      try {
        Ledger.Facts f = prefetched.isPresent() ? prefetched.get().get()
            : ledger.get().facts(environment, r.runbook(), actionable, g.rateLimit().window(),
                g.breaker().window(), now);
        facts = new Facts(kill, f.breaker(), f.lastApplied(), f.runbookActions(), Claims.notTaken("-"),
            f.standing());
        quota = Slots.quota(policy, r.runbook(), f.rateSlotsTaken(), f.fixSlotsTaken(), now, owner);
        leftPending = f.pending();
      } catch (RuntimeException e) {
        unavailable = unavailable(e);
        live = Optional.empty();
      }
    }

    // a shadow run takes no claim, lock or slot and writes nothing: it only says what it would do
    boolean shadow = Trust.shadows(policy, r.origin(), r.runbook(), facts.standing());
    Taken taken = unavailable != null ? Taken.none(Claims.notTaken(unavailable))
        : shadow ? Taken.none(Claims.notTaken(Trust.SHADOW)) : null;
    List<Decision> decisions = null;
    Prewritten prewritten = null;
    // a record an earlier, killed run left PENDING on these resources is settled under the locks
    // before the guards decide: so they are taken one by one, not with the first PENDING record
    if (taken == null && leftPending.isEmpty() && mayTake(policy, actionable, kill.isPresent())) {
      // One write for the happy path: decide as if the claims were ours, then claim, lock and write
      // the first change's PENDING record (with its rate-limit and fix-cap slots) together. Refused
      // by a claim or lock, it wrote nothing; take() below asks one by one and the guards decide
      // again on what it finds. A limit with no free slot left is a count reached: the guards
      // decide again with it (once per limit) and the claims are opened without that change.
      Claims ours = new Claims(true, null, Optional.empty(), Map.of());
      List<String> targets = Taken.targets(actionable);
      boolean refused = false;
      for (int round = 0; round < 3 && taken == null && !refused; round++) {
        List<Decision> optimistic = guardrails.review(r.plan(), policy, new GuardContext(project,
            environment, now, r.origin(), r.runbook(), facts.withClaims(ours)));
        // the budget is checked before a PENDING record is written: a change it cuts is not opened
        Optional<Decision> first = optimistic.stream().filter(Decision::mayApply)
            .filter(d -> budget.refuses(d.effective()).isEmpty()).findFirst();
        String auditId = first.map(d -> DynamoDbLedger.newAuditId(clock.instant())).orElse(null);
        try {
          Ledger.Opening opened = ledger.get().open(r.key(), owner, targets, LogSafe.clean(r.alarmName()),
              now, g.lockTtl(), first.map(d -> auditRecord(r, d, auditId, AuditRecord.PENDING, r.planId())),
              quota);
          if (opened == Ledger.Opening.TAKEN) {
            taken = new Taken(ours, targets, true, false);
            decisions = optimistic;
            prewritten = first.map(d -> new Prewritten(d, auditId)).orElse(null);
          } else if (opened.full().isPresent()) {
            facts = Slots.reached(facts, opened.full().get(), policy);
          } else {
            refused = true;
          }
        } catch (RuntimeException e) {
          taken = new Taken(Claims.notTaken(unavailable(e)), List.of(), false, true);
        }
      }
    }
    if (taken == null) {
      taken = Taken.oneByOne(ledger, r.key(), r.alarmName(), policy, actionable, kill.isPresent(), owner, now);
    }
    if (taken.failed()) {
      live = Optional.empty();
    }
    Optional<PendingSettler.Settled> settled = Optional.empty();
    if (live.isPresent() && !leftPending.isEmpty() && !taken.locked().isEmpty()) {
      settled = Optional.of(PendingSettler.settle(live.get(), environment, leftPending,
          taken.locked(), actionable, LogSafe.clean(r.alarmName()) + " at " + now, clock.instant(),
          facts.lastApplied()));
      facts = new Facts(kill, facts.breaker(), settled.get().lastApplied(), facts.runbookActions(),
          facts.claims(), facts.standing());
    }
    GuardContext context = new GuardContext(project, environment, now, r.origin(), r.runbook(),
        facts.withClaims(taken.claims()));
    if (decisions == null) {
      decisions = guardrails.review(r.plan(), policy, context);
    }
    if (settled.isPresent()) {
      decisions = settled.get().annotate(decisions);
    }
    if (!shadow) {
      live.ifPresent(l -> tripBreakerIfDue(l, policy, context, actionable));
    }

    List<Report.DecisionView> views = new ArrayList<>();
    List<Report.ChangeView> changes = new ArrayList<>();
    List<Ledger.Applied> applied = new ArrayList<>();
    Optional<PendingApproval> pending = Optional.empty();
    boolean crashed = false;
    List<String> transientlyFailed = new ArrayList<>();
    // a change that found a limit's slots all taken when writing its PENDING record: decided again
    // with the count reached, so its report names the guard that holds it back
    Attempting attempting = new Attempting(quota, (d, full) -> guardrails.review(Plan.of(d.proposed()),
        policy, new GuardContext(project, environment, now, r.origin(), r.runbook(),
            Slots.reached(context.facts(), full, policy))).getFirst());
    try {
      List<Decision> decided = decisions;
      pending = live.flatMap(l -> pendAwaitingApproval(l, r, decided, now, g));
      // a duplicate delivery is answered by the claim it found (the first delivery's decision is
      // audited): auditing it again would grow the ledger with every redelivery of a storm
      Optional<Ledger> auditing = taken.claims().duplicate().isPresent() ? Optional.empty() : live;
      decisions = audit(auditing, r, decisions, prewritten, pending, views, changes, applied, budget,
          attempting, transientlyFailed);
    } catch (Error e) {
      crashed = true;
      live.ifPresent(l -> applied.forEach(a -> release(l).recordOneByOne(a)));
      throw e;
    } finally {
      if (!crashed) {
        // a claim with an action not started is left to expire with the lock TTL: a redelivery may act
        boolean cut = changes.stream().anyMatch(c -> NOT_STARTED.equals(c.status()));
        boolean completes = taken.claimed() && !cut && !mayRunAgain(r, transientlyFailed, applied);
        if (!taken.locked().isEmpty() || completes || !applied.isEmpty()) {
          release(ledger.get()).release(owner, taken.locked(),
              completes ? Optional.of(r.key()) : Optional.empty(), r.key(), applied,
              DecisionViews.summary(decisions, changes), g);
        }
        if (taken.claimed() && mayRunAgain(r, transientlyFailed, applied)) {
          release(ledger.get()).forget(r.key(), owner);
        }
      }
    }
    return new Result(decisions, views, changes, pending.map(PendingApproval::planId),
        taken.claimed() && mayRunAgain(r, transientlyFailed, applied));
  }

  /**
   * A rollback that changed nothing because AWS failed transiently (after the SDK's retries) is
   * tried again by the next delivery of its request: the verifier's check goes back to its queue.
   * An alarm's fix is not: its claim completes as before, and a person reads the FAILED report.
   */
  private static boolean mayRunAgain(Request r, List<String> transientlyFailed,
      List<Ledger.Applied> applied) {
    return r.origin() == Origin.ROLLBACK && !transientlyFailed.isEmpty() && applied.isEmpty();
  }

  /** The first change's PENDING record, already written with the claim. */
  private record Prewritten(Decision decision, String auditId) {}

  /** The slots a change's PENDING record takes, and how a change that found a limit full is decided. */
  private record Attempting(Slots.Quota quota, BiFunction<Decision, Slots.Full, Decision> heldBack) {}

  private boolean mayTake(Policy policy, List<Action> actionable, boolean killed) {
    return ledger.isPresent() && !actionable.isEmpty() && !policy.dryRun() && !killed;
  }

  /** Audits and applies each decision; returns the decisions as they finally stand. */
  private List<Decision> audit(Optional<Ledger> live, Request r, List<Decision> decisions,
      Prewritten prewritten, Optional<PendingApproval> plan, List<Report.DecisionView> views,
      List<Report.ChangeView> changes, List<Ledger.Applied> applied, TimeBudget budget,
      Attempting attempting, List<String> transientlyFailed) {
    Optional<String> planId = plan.map(PendingApproval::planId);
    List<Decision> decided = new ArrayList<>();
    for (Decision planned : decisions) {
      Decision d = planned;
      String auditId = null;
      boolean audited = live.isPresent() && d.verdict() != Verdict.ADVICE
          && d.verdict() != Verdict.DRY_RUN && d.verdict() != Verdict.SHADOW;
      if (audited) {
        boolean pending = prewritten != null && prewritten.decision() == d;
        auditId = pending ? prewritten.auditId() : DynamoDbLedger.newAuditId(clock.instant());
        // checked once, before its PENDING record: the prewritten one was checked before the claim
        Optional<String> late = d.mayApply() && !pending ? budget.refuses(d.effective()) : Optional.empty();
        if (late.isEmpty() && d.mayApply() && !pending) {
          try {
            Optional<Slots.Full> full = live.get().putAttempt(
                auditRecord(r, d, auditId, AuditRecord.PENDING, r.planId()), attempting.quota(),
                clock.instant()).full();
            pending = full.isEmpty();
            if (full.isPresent()) {
              d = attempting.heldBack().apply(d, full.get());
            }
          } catch (RuntimeException e) {
            LOG.error("audit record for {} on {} could not be written: {}", d.effective().kind(),
                d.effective().target(), LogSafe.clean(e.getMessage()));
            changes.add(change(d.effective(), AuditRecord.FAILED, "not applied: the audit record could"
                + " not be written (" + LogSafe.clean(e.getMessage()) + ")", null));
            views.add(DecisionViews.view(d, null, null));
            decided.add(d);
            continue;
          }
        }
        if (late.isPresent()) {
          changes.add(change(d.effective(), NOT_STARTED, "not started: " + late.get(), null));
          auditId = null;
        } else if (d.mayApply()) {
          changes.add(applyAudited(release(live.get()), d, auditId, applied, transientlyFailed));
        } else {
          try {
            live.get().putAudit(auditRecord(r, d, auditId, d.verdict().name(), planId.orElse(null)));
          } catch (RuntimeException e) {
            LOG.error("audit of a {} decision could not be written: {}", d.verdict(),
                LogSafe.clean(e.getMessage()));
            auditId = null;
          }
        }
      }
      views.add(DecisionViews.view(d, auditId, d.verdict() == Verdict.NEEDS_APPROVAL ? plan.orElse(null) : null));
      decided.add(d);
    }
    return decided;
  }

  /**
   * With its PENDING record written (with the claim, or just before): apply; then APPLIED only if
   * the executor returned (recorded with the release, still under the lock), FAILED if it threw. A
   * crash (an Error) records FAILED if it still can and leaves the lock and the idempotency claim
   * to expire, so a later delivery may try again.
   */
  private Report.ChangeView applyAudited(LedgerRelease l, Decision d, String auditId,
      List<Ledger.Applied> appliedSoFar, List<String> transientlyFailed) {
    Action a = d.effective();
    String kind = a.getClass().getSimpleName();
    Optional<Executor> executor = executors.stream().filter(x -> x.supports(a)).findFirst();
    if (executor.isEmpty()) {
      l.finish(auditId, AuditRecord.FAILED, null, "no executor can apply " + kind);
      return change(a, AuditRecord.FAILED, "no executor can apply " + kind, auditId);
    }
    Executor.Applied applied;
    try {
      applied = executor.get().apply(a);
    } catch (ChangedSince moved) {
      return refused(l, a, auditId, moved);
    } catch (RuntimeException e) {
      LOG.error("{} on {} failed: {}", kind, a.target(), LogSafe.clean(e.getMessage()));
      if (TransientAwsError.is(e)) {
        transientlyFailed.add(auditId);
      }
      l.finish(auditId, AuditRecord.FAILED, null, LogSafe.clean(e.getMessage()));
      return change(a, AuditRecord.FAILED, LogSafe.clean(e.getMessage()), auditId);
    } catch (Error crash) {
      l.finish(auditId, AuditRecord.FAILED, null, "the invocation crashed while applying: "
          + LogSafe.clean(String.valueOf(crash.getMessage())));
      throw crash;
    }
    appliedSoFar.add(new Ledger.Applied(auditId, a, applied.detail(), applied.created()));
    return change(a, applied.pendingUntil() == null ? AuditRecord.APPLIED : Report.ChangeView.PENDING_WINDOW,
        applied.detail(), auditId);
  }

  /** The executor found the resource changed since the reading: nothing changed, a person decides. */
  private static Report.ChangeView refused(LedgerRelease l, Action a, String auditId, ChangedSince moved) {
    LOG.warn("{} on {} refused: {}", a.kind(), a.target(), LogSafe.clean(moved.getMessage()));
    l.finish(auditId, AuditRecord.REFUSED, LogSafe.clean(moved.getMessage()), null);
    return change(a, AuditRecord.REFUSED, LogSafe.clean(moved.getMessage()), auditId);
  }

  private LedgerRelease release(Ledger l) {
    return new LedgerRelease(l, environment, clock);
  }

  private AuditRecord auditRecord(Request r, Decision d, String auditId, String status, String planId) {
    return new AuditRecord(auditId, environment, clock.instant(), r.key(),
        LogSafe.clean(r.alarmName()), r.runbook(), r.origin().name(), planId, r.rollbackOf(),
        d.effective(), d.verdict().name(), d.notes(), status, null, null);
  }

  private void tripBreakerIfDue(Ledger l, Policy policy, GuardContext c, List<Action> actionable) {
    if (policy.dryRun() || actionable.isEmpty() || c.origin() == Origin.ROLLBACK
        || c.facts().breaker().open()) {
      return;
    }
    Guardrails.breakerOpen(policy, c.facts().breaker()).ifPresent(why -> {
      try {
        l.openBreaker(environment, why, c.now());
        LOG.warn("circuit breaker opened in {}: {}", environment, why);
      } catch (RuntimeException e) {
        LOG.debug("breaker already open: {}", e.getMessage());
      }
    });
  }

  /** Stores the actions a guard held for approval as one plan; empty if none, or if it failed. */
  private Optional<PendingApproval> pendAwaitingApproval(Ledger l, Request r, List<Decision> decisions,
      Instant now, Policy.Guards g) {
    List<Action> waiting = decisions.stream().filter(d -> d.verdict() == Verdict.NEEDS_APPROVAL)
        .map(Decision::effective).toList();
    if (waiting.isEmpty()) {
      return Optional.empty();
    }
    String planId = "p-" + DynamoDbLedger.newAuditId(now);
    try {
      // the ledger keeps milliseconds: the report shows the expiry that approve will enforce
      PendingApproval plan = new PendingApproval(planId, environment, now,
          now.plus(g.approvalExpiry()).truncatedTo(java.time.temporal.ChronoUnit.MILLIS), PendingApproval.PENDING, r.key(), LogSafe.clean(r.alarmName()),
          r.runbook(), waiting, null);
      l.putApproval(plan);
      return Optional.of(plan);
    } catch (RuntimeException e) {
      LOG.error("pending plan could not be stored: {}", LogSafe.clean(e.getMessage()));
      return Optional.empty();
    }
  }

  /** How a guard's note begins its reason when the ledger failed: nothing was taken or written. */
  public static final String LEDGER_UNAVAILABLE = "ledger unavailable: ";

  static String unavailable(RuntimeException e) {
    LOG.error("ledger unavailable: {}", LogSafe.clean(e.getMessage()));
    return LEDGER_UNAVAILABLE + LogSafe.clean(e.getMessage());
  }

  private static Report.ChangeView change(Action a, String status, String detail, String auditId) {
    return Report.ChangeView.of(a, status, detail, auditId);
  }
}
