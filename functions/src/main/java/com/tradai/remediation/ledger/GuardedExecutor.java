package com.tradai.remediation.ledger;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.LogSafe;
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
import com.tradai.remediation.ports.Executor;
import com.tradai.remediation.report.ChangeStatus;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
  private final ChangeApplier applier;
  private final Supplier<Optional<String>> killSwitch;
  private final Clock clock;

  public GuardedExecutor(
      String project,
      String environment,
      Optional<Ledger> ledger,
      Guardrails guardrails,
      List<Executor> executors,
      Supplier<Optional<String>> killSwitch,
      Clock clock) {
    this.project = project;
    this.environment = environment;
    this.ledger = ledger;
    this.guardrails = guardrails;
    this.applier = new ChangeApplier(executors);
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
  public record Request(
      String key,
      String alarmName,
      String runbook,
      Origin origin,
      Plan plan,
      Policy policy,
      String planId,
      String rollbackOf) {}

  /**
   * What happened: each decision as it finally stands, paired with its report view and the change
   * it came to, if it was tried.
   *
   * @param mayRunAgain a rollback whose change failed with a transient AWS error: its FAILED audit
   *     stays, its claim was released (not completed), so the same request may be run again
   */
  public record Result(List<Step> steps, Optional<String> pendingPlanId, boolean mayRunAgain) {
    public Result {
      steps = List.copyOf(steps);
    }

    /**
     * One decision, its report view (with its audit id and any pending plan id), and its change:
     * present when it was allowed and tried (applied, failed, refused, not started in time).
     */
    public record Step(
        Decision decision, Report.DecisionView view, Optional<Report.ChangeView> change) {
      boolean notStarted() {
        return change.filter(c -> c.status() == ChangeStatus.NOT_STARTED).isPresent();
      }
    }

    public List<Decision> decisions() {
      return steps.stream().map(Step::decision).toList();
    }

    public List<Report.DecisionView> views() {
      return steps.stream().map(Step::view).toList();
    }

    /** Every change tried, in the decisions' order. */
    public List<Report.ChangeView> changes() {
      return steps.stream().flatMap(s -> s.change().stream()).toList();
    }

    /** The changes the time budget kept from starting: nothing was audited or applied. */
    public List<Report.ChangeView> notStarted() {
      return steps.stream().filter(Step::notStarted).flatMap(s -> s.change().stream()).toList();
    }

    /** The changes that started: every change but those the time budget kept from starting. */
    public List<Report.ChangeView> started() {
      return steps.stream().filter(s -> !s.notStarted()).flatMap(s -> s.change().stream()).toList();
    }

    /** The actions whose change is APPLIED (in effect now: not waiting for a window). */
    public List<Action> applied() {
      return steps.stream()
          .filter(s -> s.change().filter(c -> c.status() == ChangeStatus.APPLIED).isPresent())
          .map(s -> s.decision().effective())
          .toList();
    }

    /**
     * The outcome when there is no diagnosis to consider (commands). A change the time budget kept
     * from starting changed nothing, so it is decided as its decision alone, never REMEDIATED.
     */
    public Outcome outcome() {
      List<Report.ChangeView> changes = started();
      if (!changes.isEmpty()) {
        return ofChanges(changes);
      }
      List<Decision> decisions = decisions();
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
          ? Outcome.ADVICE_ONLY
          : Outcome.BLOCKED;
    }
  }

  /**
   * What made changes come to: FAILED if any failed, REFUSED if any found its resource changed
   * since its reading (a person decides), REMEDIATED if any is in effect, PENDING when every change
   * waits for a maintenance window (not yet serving, so not REMEDIATED).
   */
  public static Outcome ofChanges(List<Report.ChangeView> changes) {
    if (changes.stream().anyMatch(c -> c.status() == ChangeStatus.FAILED)) {
      return Outcome.FAILED;
    }
    if (changes.stream().anyMatch(c -> c.status() == ChangeStatus.REFUSED)) {
      return Outcome.REFUSED;
    }
    return changes.stream().allMatch(c -> c.status() == ChangeStatus.PENDING_WINDOW)
        ? Outcome.PENDING
        : Outcome.REMEDIATED;
  }

  public Result run(Request r) {
    return run(r, TimeBudget.UNLIMITED);
  }

  /**
   * @param budget checked once before each apply: an action that may not finish never starts
   */
  public Result run(Request r, TimeBudget budget) {
    return run(r, budget, Optional.empty());
  }

  /**
   * Read facts, claim, decide, apply, release: each step a method below that returns what the next
   * one needs. The order of ledger writes and AWS calls is the one docs/guardrails.md describes.
   *
   * @param prefetched the ledger's facts for this plan, read while the plan was being made (the
   *     shell starts the Query beside the evidence reads); a failure it throws counts as the ledger
   *     being unavailable, exactly as if read here
   */
  public Result run(Request r, TimeBudget budget, Optional<Supplier<Ledger.Facts>> prefetched) {
    Run run =
        new Run(
            r,
            clock.instant(),
            UUID.randomUUID().toString(),
            r.plan().actions().stream().filter(a -> !(a instanceof Action.NotifyOnly)).toList());
    ReadFacts read = readFacts(run, prefetched);
    Claimed claimed = claim(run, read, budget);
    Decided decided = decide(run, read, claimed);
    Applied done = Applied.NONE;
    try {
      for (Decision d : decided.decisions()) {
        done = done.and(attempt(run, decided, d, budget));
      }
    } catch (Error crash) {
      // the locks and the claim are left to expire, so a later delivery may try again
      List<Ledger.Applied> applied = done.applied();
      decided.live().ifPresent(l -> applied.forEach(a -> release(l).recordOneByOne(a)));
      throw crash;
    } catch (RuntimeException bug) {
      release(run, claimed, done);
      throw bug;
    }
    release(run, claimed, done);
    return new Result(
        done.steps(),
        decided.pendingPlan().map(PendingApproval::planId),
        claimed.taken().claimed() && mayRunAgain(r, done));
  }

  /** What one run works from: the request, its start, its owner id in the ledger, its changes. */
  private record Run(Request request, Instant now, String owner, List<Action> actionable) {
    Policy policy() {
      return request.policy();
    }

    Policy.Guards guards() {
      return request.policy().guards();
    }
  }

  /**
   * The ledger's facts as the guards see them, with the slots free for this run and the records an
   * earlier, killed run left PENDING on these resources.
   *
   * @param unavailable why the ledger could not be read, if it could not
   * @param shadow a shadow run takes no claim, lock or slot and writes nothing
   */
  private record ReadFacts(
      Facts facts,
      Slots.Quota quota,
      List<PendingAudits.Mark> leftPending,
      Optional<String> unavailable,
      boolean shadow) {}

  private ReadFacts readFacts(Run run, Optional<Supplier<Ledger.Facts>> prefetched) {
    Request r = run.request();
    Optional<String> kill = killSwitch.get();
    Facts none = new Facts(kill, GuardContext.Breaker.CLOSED, Map.of(), 0, Claims.notTaken("-"));
    if (ledger.isEmpty() || run.actionable().isEmpty()) {
      return new ReadFacts(none, Slots.Quota.NONE, List.of(), Optional.empty(), shadows(r, none));
    }
    try {
      Ledger.Facts f =
          prefetched.isPresent()
              ? prefetched.get().get()
              : ledger
                  .get()
                  .facts(
                      environment,
                      r.runbook(),
                      run.actionable(),
                      run.guards().rateLimit().window(),
                      run.guards().breaker().window(),
                      run.now());
      Facts facts =
          new Facts(
              kill,
              f.breaker(),
              f.lastApplied(),
              f.runbookActions(),
              Claims.notTaken("-"),
              f.standing());
      return new ReadFacts(
          facts,
          Slots.quota(
              run.policy(),
              r.runbook(),
              f.rateSlotsTaken(),
              f.fixSlotsTaken(),
              run.now(),
              run.owner()),
          f.pending(),
          Optional.empty(),
          shadows(r, facts));
    } catch (RuntimeException e) {
      return new ReadFacts(
          none, Slots.Quota.NONE, List.of(), Optional.of(unavailable(e)), shadows(r, none));
    }
  }

  private static boolean shadows(Request r, Facts facts) {
    return Trust.shadows(r.policy(), r.origin(), r.runbook(), facts.standing());
  }

  /**
   * What the claim step holds: the claim and locks, the facts as the claim left them (a limit found
   * full is a count reached), and when the claim went out in one write, the decisions it was made
   * on and the PENDING record written with it.
   */
  private record Claimed(
      RunClaims taken,
      Facts facts,
      Optional<List<Decision>> decisions,
      Optional<Prewritten> prewritten) {
    static Claimed without(RunClaims taken, Facts facts) {
      return new Claimed(taken, facts, Optional.empty(), Optional.empty());
    }
  }

  /** The first change's PENDING record, already written with the claim. */
  private record Prewritten(Decision decision, String auditId) {}

  private Claimed claim(Run run, ReadFacts read, TimeBudget budget) {
    if (read.unavailable().isPresent()) {
      return Claimed.without(
          RunClaims.none(Claims.notTaken(read.unavailable().get())), read.facts());
    }
    if (read.shadow()) {
      return Claimed.without(RunClaims.none(Claims.notTaken(Trust.SHADOW)), read.facts());
    }
    // a record an earlier, killed run left PENDING on these resources is settled under the locks
    // before the guards decide: so they are taken one by one, not with the first PENDING record
    boolean killed = read.facts().killSwitch().isPresent();
    return read.leftPending().isEmpty() && mayTake(run.policy(), run.actionable(), killed)
        ? claimInOneWrite(run, read, budget)
        : oneByOne(run, read.facts());
  }

  /**
   * One write for the happy path: decide as if the claims were ours, then claim, lock and write the
   * first change the budget lets start as PENDING (with its rate-limit and fix-cap slots) together.
   * Refused by a claim or lock, it wrote nothing: the claims are taken one by one and the guards
   * decide again on what they find. A limit with no free slot left is a count reached: the guards
   * decide again with it (once per limit) and the claims are opened without that change.
   */
  private Claimed claimInOneWrite(Run run, ReadFacts read, TimeBudget budget) {
    Request r = run.request();
    Claims ours = new Claims(true, null, Optional.empty(), Map.of());
    List<String> targets = RunClaims.targets(run.actionable());
    Facts facts = read.facts();
    for (int round = 0; round < 3; round++) {
      List<Decision> optimistic =
          guardrails.review(r.plan(), run.policy(), context(run, facts.withClaims(ours)));
      // the budget is checked before a PENDING record is written: a change it cuts is not opened
      Optional<Prewritten> first =
          optimistic.stream()
              .filter(Decision::mayApply)
              .filter(d -> budget.refuses(d.effective()).isEmpty())
              .findFirst()
              .map(d -> new Prewritten(d, DynamoDbLedger.newAuditId(clock.instant())));
      Ledger.Opening opened;
      try {
        opened =
            ledger
                .get()
                .open(
                    r.key(),
                    run.owner(),
                    targets,
                    LogSafe.clean(r.alarmName()),
                    run.now(),
                    run.guards().lockTtl(),
                    first.map(
                        p ->
                            auditRecord(
                                r, p.decision(), p.auditId(), AuditRecord.PENDING, r.planId())),
                    read.quota());
      } catch (RuntimeException e) {
        return Claimed.without(
            new RunClaims(Claims.notTaken(unavailable(e)), List.of(), false, true), facts);
      }
      if (opened == Ledger.Opening.TAKEN) {
        return new Claimed(
            new RunClaims(ours, targets, true, false), facts, Optional.of(optimistic), first);
      }
      if (opened.full().isEmpty()) {
        break;
      }
      facts = Slots.reached(facts, opened.full().get(), run.policy());
    }
    return oneByOne(run, facts);
  }

  private Claimed oneByOne(Run run, Facts facts) {
    Request r = run.request();
    return Claimed.without(
        RunClaims.oneByOne(
            ledger,
            r.key(),
            r.alarmName(),
            r.policy(),
            run.actionable(),
            facts.killSwitch().isPresent(),
            run.owner(),
            run.now()),
        facts);
  }

  /**
   * What the decide step leaves for the apply step.
   *
   * @param live the ledger, unless it failed to read or to claim
   * @param auditing the ledger the decisions are audited in: none for a duplicate delivery, which
   *     the claim it found answers (auditing it again would grow the ledger with every redelivery
   *     of a storm)
   * @param pendingPlan the plan the changes held for approval wait in
   * @param quota the slots a change's PENDING record takes
   */
  private record Decided(
      List<Decision> decisions,
      GuardContext context,
      Optional<Ledger> live,
      Optional<Ledger> auditing,
      Optional<PendingApproval> pendingPlan,
      Optional<Prewritten> prewritten,
      Slots.Quota quota) {}

  private Decided decide(Run run, ReadFacts read, Claimed claimed) {
    Request r = run.request();
    RunClaims taken = claimed.taken();
    Optional<Ledger> live =
        read.unavailable().isPresent() || taken.failed() ? Optional.empty() : ledger;
    Optional<PendingSettler.Settled> settled =
        live.isPresent() && !read.leftPending().isEmpty() && !taken.locked().isEmpty()
            ? Optional.of(settle(run, read, live.get(), taken, claimed.facts()))
            : Optional.empty();
    Facts facts =
        settled.map(s -> withLastApplied(claimed.facts(), s.lastApplied())).orElse(claimed.facts());
    GuardContext context = context(run, facts.withClaims(taken.claims()));
    List<Decision> reviewed =
        claimed.decisions().orElseGet(() -> guardrails.review(r.plan(), run.policy(), context));
    List<Decision> decisions = settled.map(s -> s.annotate(reviewed)).orElse(reviewed);
    if (!read.shadow()) {
      live.ifPresent(l -> tripBreakerIfDue(l, run.policy(), context, run.actionable()));
    }
    Optional<PendingApproval> pending =
        live.flatMap(l -> pendAwaitingApproval(l, r, decisions, run.now(), run.guards()));
    Optional<Ledger> auditing = taken.claims().duplicate().isPresent() ? Optional.empty() : live;
    return new Decided(
        decisions, context, live, auditing, pending, claimed.prewritten(), read.quota());
  }

  /** Settles, under the locks this run took, the records an earlier, killed run left PENDING. */
  private PendingSettler.Settled settle(
      Run run, ReadFacts read, Ledger live, RunClaims taken, Facts facts) {
    return PendingSettler.settle(
        live,
        environment,
        read.leftPending(),
        taken.locked(),
        run.actionable(),
        LogSafe.clean(run.request().alarmName()) + " at " + run.now(),
        clock.instant(),
        facts.lastApplied());
  }

  private static Facts withLastApplied(Facts f, Map<String, Instant> lastApplied) {
    return new Facts(
        f.killSwitch(), f.breaker(), lastApplied, f.runbookActions(), f.claims(), f.standing());
  }

  private GuardContext context(Run run, Facts facts) {
    return new GuardContext(
        project, environment, run.now(), run.request().origin(), run.request().runbook(), facts);
  }

  /** What one decision came to in the apply step. */
  private record Attempted(
      Result.Step step, Optional<Ledger.Applied> applied, boolean failedTransiently) {
    static Attempted step(
        Decision d, Report.DecisionView view, Optional<Report.ChangeView> change) {
      return new Attempted(new Result.Step(d, view, change), Optional.empty(), false);
    }
  }

  /** The apply step so far: every decision's step, the changes applied, any transient failure. */
  private record Applied(
      List<Result.Step> steps, List<Ledger.Applied> applied, boolean failedTransiently) {
    static final Applied NONE = new Applied(List.of(), List.of(), false);

    Applied and(Attempted a) {
      List<Result.Step> s = new ArrayList<>(steps);
      s.add(a.step());
      List<Ledger.Applied> all = new ArrayList<>(applied);
      a.applied().ifPresent(all::add);
      return new Applied(
          List.copyOf(s), List.copyOf(all), failedTransiently || a.failedTransiently());
    }

    boolean cut() {
      return steps.stream().anyMatch(Result.Step::notStarted);
    }
  }

  /**
   * Audits and applies one decision. An allowed change is checked against the time budget, then its
   * PENDING record is written (unless it went out with the claim), then it is applied; a decision
   * held back is recorded with its verdict. Advice, dry-runs and shadow plans are not audited.
   */
  private Attempted attempt(Run run, Decided decided, Decision d, TimeBudget budget) {
    if (decided.auditing().isEmpty()
        || d.verdict() == Verdict.ADVICE
        || d.verdict() == Verdict.DRY_RUN
        || d.verdict() == Verdict.SHADOW) {
      return Attempted.step(d, view(d, null, decided), Optional.empty());
    }
    Ledger live = decided.auditing().get();
    Optional<Prewritten> prewritten = decided.prewritten().filter(p -> p.decision() == d);
    String auditId =
        prewritten
            .map(Prewritten::auditId)
            .orElseGet(() -> DynamoDbLedger.newAuditId(clock.instant()));
    if (!d.mayApply()) {
      return heldBack(run, decided, d, auditId);
    }
    if (prewritten.isEmpty()) {
      // checked once, before its PENDING record (the prewritten one was, before the claim)
      Optional<String> late = budget.refuses(d.effective());
      if (late.isPresent()) {
        return Attempted.step(
            d,
            view(d, null, decided),
            Optional.of(
                ChangeApplier.change(
                    d.effective(), ChangeStatus.NOT_STARTED, "not started: " + late.get(), null)));
      }
      Optional<Slots.Full> full;
      try {
        full =
            live.putAttempt(
                    auditRecord(
                        run.request(), d, auditId, AuditRecord.PENDING, run.request().planId()),
                    decided.quota(),
                    clock.instant())
                .full();
      } catch (RuntimeException e) {
        LOG.error(
            "audit record for {} on {} could not be written: {}",
            d.effective().kind(),
            d.effective().target(),
            LogSafe.clean(e.getMessage()));
        return Attempted.step(
            d,
            view(d, null, decided),
            Optional.of(
                ChangeApplier.change(
                    d.effective(),
                    ChangeStatus.FAILED,
                    "not applied: the audit record could not be written ("
                        + LogSafe.clean(e.getMessage())
                        + ")",
                    null)));
      }
      if (full.isPresent()) {
        // every slot of a limit was taken since the read: decided again with the count reached,
        // so its report names the guard that holds it back
        return heldBack(run, decided, reached(run, decided, d, full.get()), auditId);
      }
    }
    ChangeApplier.Done done = applier.apply(release(live), d.effective(), auditId);
    return new Attempted(
        new Result.Step(d, view(d, auditId, decided), Optional.of(done.change())),
        done.applied(),
        done.failedTransiently());
  }

  /** A decision held back (blocked, waiting for approval) is recorded with its verdict. */
  private Attempted heldBack(Run run, Decided decided, Decision d, String auditId) {
    String recorded = auditId;
    try {
      decided
          .auditing()
          .get()
          .putAudit(
              auditRecord(
                  run.request(),
                  d,
                  auditId,
                  d.verdict().name(),
                  decided.pendingPlan().map(PendingApproval::planId).orElse(null)));
    } catch (RuntimeException e) {
      LOG.error(
          "audit of a {} decision could not be written: {}",
          d.verdict(),
          LogSafe.clean(e.getMessage()));
      recorded = null;
    }
    return Attempted.step(d, view(d, recorded, decided), Optional.empty());
  }

  private Decision reached(Run run, Decided decided, Decision d, Slots.Full full) {
    return guardrails
        .review(
            Plan.of(d.proposed()),
            run.policy(),
            context(run, Slots.reached(decided.context().facts(), full, run.policy())))
        .getFirst();
  }

  private static Report.DecisionView view(Decision d, String auditId, Decided decided) {
    return DecisionViews.view(
        d,
        auditId,
        d.verdict() == Verdict.NEEDS_APPROVAL ? decided.pendingPlan().orElse(null) : null);
  }

  /**
   * Records the applied changes, unlocks, and completes the claim unless a change was cut by the
   * budget (the claim is then left to expire with the lock TTL: a redelivery may act) or a rollback
   * may run again (its claim is deleted).
   */
  private void release(Run run, Claimed claimed, Applied done) {
    Request r = run.request();
    RunClaims taken = claimed.taken();
    boolean runAgain = mayRunAgain(r, done);
    boolean completes = taken.claimed() && !done.cut() && !runAgain;
    if (!taken.locked().isEmpty() || completes || !done.applied().isEmpty()) {
      release(ledger.get())
          .release(
              run.owner(),
              taken.locked(),
              completes ? Optional.of(r.key()) : Optional.empty(),
              r.key(),
              done.applied(),
              DecisionViews.summary(done.steps()),
              run.guards());
    }
    if (taken.claimed() && runAgain) {
      release(ledger.get()).forget(r.key(), run.owner());
    }
  }

  /**
   * A rollback that changed nothing because AWS failed transiently (after the SDK's retries) is
   * tried again by the next delivery of its request: the verifier's check goes back to its queue.
   * An alarm's fix is not: its claim completes as before, and a person reads the FAILED report.
   */
  private static boolean mayRunAgain(Request r, Applied done) {
    return r.origin() == Origin.ROLLBACK && done.failedTransiently() && done.applied().isEmpty();
  }

  private boolean mayTake(Policy policy, List<Action> actionable, boolean killed) {
    return ledger.isPresent() && !actionable.isEmpty() && !policy.dryRun() && !killed;
  }

  private LedgerRelease release(Ledger l) {
    return new LedgerRelease(l, environment, clock);
  }

  private AuditRecord auditRecord(
      Request r, Decision d, String auditId, String status, String planId) {
    return new AuditRecord(
        auditId,
        environment,
        clock.instant(),
        r.key(),
        LogSafe.clean(r.alarmName()),
        r.runbook(),
        r.origin().name(),
        planId,
        r.rollbackOf(),
        d.effective(),
        d.verdict().name(),
        d.notes(),
        status,
        null,
        null);
  }

  private void tripBreakerIfDue(Ledger l, Policy policy, GuardContext c, List<Action> actionable) {
    if (policy.dryRun()
        || actionable.isEmpty()
        || c.origin() == Origin.ROLLBACK
        || c.facts().breaker().open()) {
      return;
    }
    Guardrails.breakerOpen(policy, c.facts().breaker())
        .ifPresent(
            why -> {
              try {
                l.openBreaker(environment, why, c.now());
                LOG.warn("circuit breaker opened in {}: {}", environment, why);
              } catch (RuntimeException e) {
                LOG.debug("breaker already open: {}", e.getMessage());
              }
            });
  }

  /** Stores the actions a guard held for approval as one plan; empty if none, or if it failed. */
  private Optional<PendingApproval> pendAwaitingApproval(
      Ledger l, Request r, List<Decision> decisions, Instant now, Policy.Guards g) {
    List<Action> waiting =
        decisions.stream()
            .filter(d -> d.verdict() == Verdict.NEEDS_APPROVAL)
            .map(Decision::effective)
            .toList();
    if (waiting.isEmpty()) {
      return Optional.empty();
    }
    String planId = "p-" + DynamoDbLedger.newAuditId(now);
    try {
      // the ledger keeps milliseconds: the report shows the expiry that approve will enforce
      PendingApproval plan =
          new PendingApproval(
              planId,
              environment,
              now,
              now.plus(g.approvalExpiry()).truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
              PendingApproval.PENDING,
              r.key(),
              LogSafe.clean(r.alarmName()),
              r.runbook(),
              waiting,
              null);
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
}
