package com.tradai.remediation.handler;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.alarm.AlarmConfirmation;
import com.tradai.remediation.alarm.AlarmIntake;
import com.tradai.remediation.alarm.AlarmProvenance;
import com.tradai.remediation.alarm.AlarmState;
import com.tradai.remediation.alarm.Intake;
import com.tradai.remediation.alarm.MetricIdentity;
import com.tradai.remediation.alarm.Rejection;
import com.tradai.remediation.commands.ManualCommand;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.config.PolicyLoader;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.Diagnosis;
import com.tradai.remediation.core.Evidence;
import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.core.ResourceRef;
import com.tradai.remediation.core.ResourceState;
import com.tradai.remediation.core.Series;
import com.tradai.remediation.core.TimeBudget;
import com.tradai.remediation.guard.Decision;
import com.tradai.remediation.guard.GuardContext;
import com.tradai.remediation.guard.Guardrails;
import com.tradai.remediation.guard.Policy;
import com.tradai.remediation.guard.Verdict;
import com.tradai.remediation.ledger.AuditRecord;
import com.tradai.remediation.ledger.GuardedExecutor;
import com.tradai.remediation.ledger.Ledger;
import com.tradai.remediation.observe.Observability;
import com.tradai.remediation.ports.Executor;
import com.tradai.remediation.ports.MetricReader;
import com.tradai.remediation.ports.ReportPublisher;
import com.tradai.remediation.ports.ResourceReader;
import com.tradai.remediation.report.Graphs;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.report.Sparklines;
import com.tradai.remediation.runbook.EvidenceRequest;
import com.tradai.remediation.runbook.Runbook;
import com.tradai.remediation.runbook.Runbooks;
import com.tradai.remediation.verify.IncidentCloser;
import com.tradai.remediation.verify.VerificationPlanner;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The imperative shell around the pure core: intake → route → gather evidence → diagnose → plan →
 * guard → apply → report. Every path ends in a report; none ends in a bare stack trace.
 */
public final class Remediator {
  private static final Logger LOG = LoggerFactory.getLogger(Remediator.class);

  private final Config config;
  private final AlarmIntake intake;
  private final Runbooks runbooks;
  private final Supplier<Policy> policies;
  private final MetricReader metrics;
  private final List<ResourceReader> readers;
  private final GuardedExecutor gate;
  private final Optional<ReportPublisher> publisher;
  private final Clock clock;
  private final Map<String, ManualCommand> commands = new LinkedHashMap<>();
  private Optional<VerificationPlanner> verification = Optional.empty();
  private Optional<IncidentCloser> incidents = Optional.empty();
  private Optional<CompositeFollower> composites = Optional.empty();
  private Optional<AlarmConfirmer> confirmer = Optional.empty();
  private final List<Consumer<Report>> listeners = new ArrayList<>();

  /** Without a ledger: plans and dry-runs work, nothing is applied. */
  public Remediator(
      Config config,
      Runbooks runbooks,
      Policy policy,
      MetricReader metrics,
      List<ResourceReader> readers,
      List<Executor> executors,
      Optional<ReportPublisher> publisher,
      Clock clock) {
    this(
        config,
        runbooks,
        () -> config.dryRunOverride().map(policy::withDryRun).orElse(policy),
        metrics,
        readers,
        new GuardedExecutor(
            config.project(),
            config.environment(),
            Optional.empty(),
            Guardrails.standard(),
            executors,
            Optional::empty,
            clock),
        publisher,
        clock);
  }

  /**
   * @param policies the policy in force, asked once per invocation
   * @param gate the guarded path from a plan to a change (ledger, guards, audit, executors)
   */
  public Remediator(
      Config config,
      Runbooks runbooks,
      Supplier<Policy> policies,
      MetricReader metrics,
      List<ResourceReader> readers,
      GuardedExecutor gate,
      Optional<ReportPublisher> publisher,
      Clock clock) {
    this.config = config;
    this.intake = new AlarmIntake(config.project());
    this.runbooks = runbooks;
    this.policies = policies;
    this.metrics = metrics;
    this.readers = List.copyOf(readers);
    this.gate = gate;
    this.publisher = publisher;
    this.clock = clock;
    register(new DiagnoseCommand(this, config));
  }

  public Remediator register(ManualCommand command) {
    commands.put(command.name(), command);
    return this;
  }

  /** Whether the named command, with this body, may change something (an unknown one: no). */
  public boolean changesThings(String name, com.fasterxml.jackson.databind.JsonNode body) {
    ManualCommand command = commands.get(name);
    return command != null && !command.readOnly(body);
  }

  /** Seam: after a fix is applied, schedule its verification (and say when in the report). */
  public Remediator verifyWith(VerificationPlanner planner) {
    this.verification = Optional.of(planner);
    return this;
  }

  /** Seam: a composite alarm follows its triggering alarms, whose definitions this reads. */
  public Remediator followCompositesWith(
      com.tradai.remediation.ports.AlarmDefinitions definitions) {
    this.composites = Optional.of(new CompositeFollower(definitions, runbooks));
    return this;
  }

  /** Seam: an alarm acts only as CloudWatch confirms it (see {@link AlarmChecks}). */
  public Remediator confirmAlarmsWith(AlarmConfirmer confirmer) {
    this.confirmer = Optional.of(confirmer);
    return this;
  }

  /** Seam: an OK transition closes the incident with its time to recover. */
  public Remediator closeIncidentsWith(IncidentCloser closer) {
    this.incidents = Optional.of(closer);
    return this;
  }

  /** Seam: observers of every finished report (metrics); they must not throw. */
  public Remediator onReport(Consumer<Report> listener) {
    listeners.add(listener);
    return this;
  }

  public Report handle(byte[] input) {
    return handle(input, TimeBudget.UNLIMITED);
  }

  /**
   * @param budget the invocation's remaining time (Lambda's context): short, it cuts work safely
   */
  public Report handle(byte[] input, TimeBudget budget) {
    Intake parsed = intake.parse(input);
    if (parsed instanceof Intake.Accepted a) {
      Observability.correlate(a.alarm().idempotencyKey());
    }
    try {
      Report report;
      try {
        report =
            switch (parsed) {
              case Intake.Rejected r -> rejected(r.rejection(), null);
              case Intake.Manual m -> manual(m);
              case Intake.Accepted a ->
                  remediate(a.alarm(), this::policy, budget)
                      .withCorrelationId(a.alarm().idempotencyKey());
            };
      } catch (PolicyLoader.InvalidPolicyException e) {
        LOG.error("policy refused: {}", LogSafe.clean(e.getMessage()));
        report =
            simple(
                Outcome.FAILED,
                "Nothing was changed: " + LogSafe.clean(e.getMessage()),
                parsed instanceof Intake.Accepted a ? view(a.alarm()) : null);
      } catch (RuntimeException e) {
        // An AWS fault after retries (or a bug) still ends in a report, never a bare stack trace.
        // Changes already applied carry their own audit records; the report says where it stopped.
        String why = e.getClass().getSimpleName() + ": " + LogSafe.clean(e.getMessage());
        LOG.error("remediation stopped: {}", why);
        report =
            simple(
                Outcome.FAILED,
                "Remediation stopped before it finished: " + why,
                parsed instanceof Intake.Accepted a ? view(a.alarm()) : null);
      }
      // Publishing is outside the catch: if it fails, the invocation fails and Lambda's retry and
      // on-failure destination keep the event.
      publish(report);
      Report done = report;
      listeners.forEach(l -> l.accept(done));
      return report;
    } finally {
      Observability.uncorrelate();
    }
  }

  private Report manual(Intake.Manual m) {
    ManualCommand command = commands.get(m.command());
    if (command == null) {
      return rejected(
          Rejection.of(
              Rejection.Code.UNKNOWN_COMMAND,
              "command '"
                  + m.command()
                  + "' is not one of "
                  + commands.keySet()
                  + "; usage: "
                  + String.join(
                      " | ", commands.values().stream().map(ManualCommand::usage).toList())),
          null);
    }
    return command.run(m.body());
  }

  /**
   * Runs the whole decision for one alarm with the given policy (dry-run for a manual diagnose).
   */
  Report remediate(Alarm alarm, java.util.function.Supplier<Policy> policySource) {
    return remediate(alarm, policySource, TimeBudget.UNLIMITED);
  }

  private Report remediate(Alarm alarm, Supplier<Policy> policySource, TimeBudget budget) {
    Report.AlarmView view = view(alarm);
    if (!alarm.environment().equals(config.environment())) {
      return rejected(
          Rejection.of(
              Rejection.Code.WRONG_ENVIRONMENT,
              "alarm '"
                  + alarm.name()
                  + "' is for "
                  + alarm.environment()
                  + " but this function serves "
                  + config.environment()),
          view);
    }
    Optional<Rejection> foreign =
        config
            .ownRegion()
            .flatMap(region -> AlarmProvenance.foreign(alarm, region, config.ownAccount()));
    if (foreign.isPresent()) {
      return rejected(foreign.get(), view);
    }
    if (alarm.state() == AlarmState.OK) {
      LOG.info("alarm {} returned to OK; recorded, nothing to fix", LogSafe.clean(alarm.name()));
      Report ok =
          simple(
              Outcome.RECORDED_OK,
              "Alarm " + LogSafe.clean(alarm.name()) + " is OK again; recorded, no fix needed.",
              view);
      Report closed = incidents.map(c -> c.close(alarm, ok)).orElse(ok);
      return closed.incident() == null
          ? closed
          : closed.withIncident(
              closed.incident().withActionsTaken(actionsTaken(alarm, closed.incident())));
    }
    if (alarm.state() == AlarmState.INSUFFICIENT_DATA) {
      LOG.info(
          "alarm {} has insufficient data; reported, never acted on", LogSafe.clean(alarm.name()));
      return simple(
          Outcome.INSUFFICIENT_DATA,
          "Alarm "
              + LogSafe.clean(alarm.name())
              + " has insufficient data; reported only, nothing is changed on missing data.",
          view);
    }
    List<Alarm> followed =
        alarm.isComposite() ? composites.map(c -> c.followed(alarm)).orElse(List.of()) : List.of();
    if (!followed.isEmpty()) {
      List<Report> reports =
          composites.get().follow(alarm, followed, child -> remediate(child, policySource, budget));
      // each followed alarm's report goes out on its own (its fix, its verification); the last is
      // returned
      reports
          .subList(0, reports.size() - 1)
          .forEach(
              r -> {
                publish(r);
                listeners.forEach(l -> l.accept(r));
              });
      return reports.getLast();
    }
    Optional<Runbook> routed = runbooks.route(alarm);
    if (routed.isEmpty()) {
      return rejected(
          Rejection.of(
              Rejection.Code.NO_RUNBOOK,
              "no runbook handles alarm '"
                  + alarm.name()
                  + "' on "
                  + alarm.metrics().stream().map(m -> m.namespace() + "/" + m.name()).toList()
                  + "; nothing was changed"),
          view);
    }
    // an old transition (async retry, replay) is answered before anything is read
    Optional<String> stale = AlarmProvenance.stale(alarm, config.maxAlarmAge(), clock.instant());
    if (stale.isPresent()) {
      LOG.warn("{}", LogSafe.clean(stale.get()));
      return simple(Outcome.STALE, LogSafe.clean(stale.get()), view);
    }
    // Read only now: an input that is refused or needs no fix makes no AWS call at all.
    CompletableFuture<List<Action>> planned = new CompletableFuture<>();
    try (ParallelReads reads = new ParallelReads()) {
      try {
        return remediate(alarm, view, routed.get(), policySource, budget, reads, planned);
      } finally {
        planned.cancel(
            false); // a run that stopped before its plan ends the facts read waiting for it
      }
    }
  }

  /**
   * The settings, the metrics and the ledger's guard facts are read side by side; the resources
   * once the metrics say which (a runbook may read less when they rule a need out), side by side
   * too. The facts Query starts at once and waits for the plan's actions only to pick their last
   * changes out of what it read.
   */
  private Report remediate(
      Alarm delivered,
      Report.AlarmView view,
      Runbook runbook,
      Supplier<Policy> policySource,
      TimeBudget budget,
      ParallelReads reads,
      CompletableFuture<List<Action>> planned) {
    EvidenceRequest request = runbook.evidenceFor(delivered, config.targets());
    Instant now = delivered.stateChangeTime();
    Optional<Future<AlarmConfirmation>> confirming = AlarmChecks.start(confirmer, delivered, reads);
    Future<Policy> policyRead = reads.start(policySource);
    Future<Map<String, Series>> seriesRead =
        reads.start(() -> metrics.read(request.metrics(), now.minus(request.window()), now));
    Optional<Future<Ledger.Facts>> factsRead =
        gate.ledger()
            .map(
                ledger ->
                    reads.start(
                        () -> {
                          Policy.Guards g = ParallelReads.join(policyRead).guards();
                          return ledger.facts(
                              config.environment(),
                              runbook.id(),
                              ParallelReads.later(planned),
                              g.rateLimit().window(),
                              g.breaker().window(),
                              clock.instant());
                        }));
    Policy policy = ParallelReads.join(policyRead);
    Map<String, Series> series = ParallelReads.join(seriesRead);
    AlarmConfirmation confirmation =
        confirming
            .map(ParallelReads::join)
            .orElseGet(() -> new AlarmConfirmation.Confirmed(delivered, "not checked"));
    if (confirmation instanceof AlarmConfirmation.Rejected r) {
      return rejected(r.rejection(), view);
    }
    // from here on the alarm is CloudWatch's: its definition's threshold, statistic and dimensions
    Alarm alarm = confirmation instanceof AlarmConfirmation.Confirmed c ? c.alarm() : delivered;
    series =
        AlarmChecks.sameMetrics(
            runbook.evidenceFor(alarm, config.targets()),
            request,
            series,
            m -> metrics.read(m.metrics(), now.minus(m.window()), now));
    Map<String, Future<ResourceState>> reading = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    for (ResourceRef ref :
        runbook.resourcesFor(alarm, request, new Evidence(now, series, Map.of()), policy)) {
      if (TimeBudget.optional(ref) && !budget.allowsOptionalEvidence()) {
        skipped.add(ref.key());
        reading.put(
            ref.key(),
            CompletableFuture.completedFuture(
                new ResourceState.Missing(ref.key(), "skipped: the time budget is short")));
      } else {
        reading.put(ref.key(), reads.start(() -> readResource(ref)));
      }
    }
    Map<String, ResourceState> resources = new LinkedHashMap<>();
    reading.forEach((key, read) -> resources.put(key, ParallelReads.join(read)));
    Evidence evidence = new Evidence(now, series, resources);
    Diagnosis diagnosis = runbook.diagnose(alarm, evidence, policy);
    Plan plan = runbook.plan(diagnosis, evidence, policy);
    if (confirmation instanceof AlarmConfirmation.Unreadable u) {
      return AlarmChecks.adviceOnly(config.environment(), runbook, diagnosis, view, u.why(), clock);
    }
    planned.complete(
        plan.actions().stream().filter(a -> !(a instanceof Action.NotifyOnly)).toList());
    GuardedExecutor.Result gated =
        gate.run(
            new GuardedExecutor.Request(
                alarm.idempotencyKey(),
                alarm.name(),
                runbook.id(),
                GuardContext.Origin.ALARM,
                plan,
                policy,
                null,
                null),
            budget,
            factsRead.map(read -> () -> ParallelReads.join(read)));
    List<Decision> decisions = gated.decisions();
    List<Report.ChangeView> notStarted = gated.notStarted();
    List<Report.ChangeView> changes = gated.started();
    // nothing applied because nothing could start in time: held back, like a guard's block
    Outcome outcome =
        !notStarted.isEmpty() && changes.isEmpty()
            ? Outcome.BLOCKED
            : outcome(diagnosis, decisions, changes);
    String summary = summary(runbook, diagnosis, decisions, changes, outcome);
    LOG.info("{}: {}", runbook.id(), LogSafe.clean(summary));
    Report report =
        Report.builder(config.environment(), outcome, summary)
            .alarm(view)
            .runbook(runbook.id())
            .runbookTitle(runbook.title())
            .diagnosis(diagnosis)
            .decisions(gated.views())
            .changes(changes)
            .generatedAt(clock.instant().toString())
            .build()
            .withGraphs(
                Graphs.of(
                    request.metrics(),
                    series,
                    Sparklines.Breach.of(alarm),
                    alarm.region(),
                    now.minus(request.window()),
                    now,
                    Graphs.dashboard(config.project(), config.environment())));
    report =
        RecordLine.attach(
            report, policy, RecordLine.standing(factsRead), runbook.id(), plan, clock.instant());
    if (!skipped.isEmpty() || !notStarted.isEmpty()) {
      report =
          report.withIncomplete(
              new Report.IncompleteView(
                  budget.remaining(),
                  skipped,
                  notStarted.stream()
                      .map(c -> c.targetFromTo() + " (" + c.detail() + ")")
                      .toList()));
      LOG.warn("incomplete: {}", report.incomplete().describe());
    }
    List<Action> applied = gated.applied();
    Report current = report;
    if (outcome == Outcome.SHADOW) { // its check records whether the alarm clears without the fix
      return verification
          .map(
              v ->
                  v.shadow(
                      alarm,
                      current,
                      decisions.stream()
                          .filter(d -> d.verdict() == Verdict.SHADOW)
                          .map(Decision::effective)
                          .toList()))
          .orElse(report);
    }
    return applied.isEmpty()
        ? report
        : verification.map(v -> v.schedule(alarm, current, applied)).orElse(report);
  }

  /** The fixes the ledger recorded as applied for this alarm between its ALARM and OK times. */
  private List<String> actionsTaken(Alarm alarm, Report.IncidentView incident) {
    Instant from = Instant.parse(incident.alarmAt());
    Instant to = Instant.parse(incident.okAt());
    return gate.ledger()
        .map(
            l ->
                l.recent(config.environment(), Optional.empty(), 50).stream()
                    .filter(
                        r ->
                            alarm.name().equals(r.alarmName())
                                && AuditRecord.APPLIED.equals(r.status())
                                && !r.at().isBefore(from)
                                && !r.at().isAfter(to))
                    .sorted(java.util.Comparator.comparing(AuditRecord::at))
                    .map(
                        r ->
                            r.action().getClass().getSimpleName()
                                + " "
                                + r.action().target()
                                + " "
                                + r.action().change()
                                + " (audit "
                                + r.auditId()
                                + ")")
                    .toList())
        .orElse(List.of());
  }

  private ResourceState readResource(ResourceRef ref) {
    for (ResourceReader reader : readers) {
      if (reader.supports(ref)) {
        try {
          return reader.read(ref);
        } catch (RuntimeException e) {
          LOG.warn("could not read {}: {}", ref.key(), LogSafe.clean(e.getMessage()));
          return new ResourceState.Missing(
              ref.key(), "read failed: " + LogSafe.clean(e.getMessage()));
        }
      }
    }
    return new ResourceState.Missing(ref.key(), "no reader for " + ref.key());
  }

  /**
   * A rejected input touches nothing in AWS, the results topic included: it is logged and returned.
   */
  private void publish(Report report) {
    if (report.outcome() != Outcome.REJECTED) {
      try {
        publisher.ifPresent(p -> p.publish(report));
      } catch (RuntimeException e) {
        throw new ReportNotPublished(report, e);
      }
    }
  }

  static Outcome outcome(Diagnosis d, List<Decision> decisions, List<Report.ChangeView> changes) {
    if (!changes.isEmpty()) {
      return GuardedExecutor.ofChanges(changes);
    }
    if (!d.causeFound()) {
      return Outcome.NO_CAUSE;
    }
    if (decisions.stream().anyMatch(x -> x.verdict() == Verdict.NEEDS_APPROVAL)) {
      return Outcome.NEEDS_APPROVAL;
    }
    if (decisions.stream().anyMatch(x -> x.verdict() == Verdict.DRY_RUN)) {
      return Outcome.DRY_RUN;
    }
    if (decisions.stream().anyMatch(x -> x.verdict() == Verdict.SHADOW)) {
      return Outcome.SHADOW;
    }
    if (decisions.stream().anyMatch(x -> x.verdict() == Verdict.BLOCKED)) {
      return Outcome.BLOCKED;
    }
    return Outcome.ADVICE_ONLY;
  }

  private static String summary(
      Runbook runbook,
      Diagnosis d,
      List<Decision> decisions,
      List<Report.ChangeView> changes,
      Outcome outcome) {
    String head = runbook.title() + ": " + (d.causeFound() ? d.cause() : "no cause found");
    String tail =
        switch (outcome) {
          case REMEDIATED, FAILED, PENDING, REFUSED ->
              String.join(
                  "; ",
                  changes.stream()
                      .map(
                          c ->
                              c.targetFromTo()
                                  + " "
                                  + c.status()
                                  + (outcome == Outcome.REFUSED
                                          && c.status().name().equals(outcome.name())
                                      ? ": " + c.detail()
                                      : ""))
                      .toList());
          case DRY_RUN, SHADOW, BLOCKED, NEEDS_APPROVAL ->
              String.join(
                  "; ",
                  decisions.stream()
                      .map(
                          x ->
                              x.effective().target()
                                  + " "
                                  + x.effective().change()
                                  + " "
                                  + x.verdict()
                                  + (x.verdict() == Verdict.BLOCKED
                                      ? " (" + x.notes().getLast() + ")"
                                      : ""))
                      .toList());
          case ADVICE_ONLY -> "advice: " + d.seedFix();
          default -> "nothing changed";
        };
    return head + " — " + tail;
  }

  private Report simple(Outcome outcome, String summary, Report.AlarmView view) {
    return Report.builder(config.environment(), outcome, summary)
        .alarm(view)
        .generatedAt(clock.instant().toString())
        .build();
  }

  private Report rejected(Rejection rejection, Report.AlarmView view) {
    LOG.warn("rejected: {} {}", rejection.code(), rejection.message());
    return Report.rejected(config.environment(), rejection, clock.instant().toString()).toBuilder()
        .alarm(view)
        .build();
  }

  /** The policy in force now (file + SSM override + DRY_RUN); ask once per invocation. */
  Policy policy() {
    return policies.get();
  }

  GuardedExecutor gate() {
    return gate;
  }

  Config config() {
    return config;
  }

  Clock clock() {
    return clock;
  }

  static Report.AlarmView view(Alarm a) {
    String metric =
        a.metrics().stream()
            .findFirst()
            .map(Remediator::describe)
            .orElse(a.triggeringAlarms().isEmpty() ? null : "composite of " + a.triggeringAlarms());
    return new Report.AlarmView(
        LogSafe.clean(a.name()),
        a.state().name(),
        a.previousState().map(Enum::name).orElse(null),
        a.delivery().name(),
        LogSafe.clean(a.arn()),
        a.region(),
        a.stateChangeTime().toString(),
        LogSafe.clean(a.reason()),
        metric);
  }

  private static String describe(MetricIdentity m) {
    // sorted: Map.copyOf iterates in an order that changes from one JVM to the next
    return LogSafe.clean(
        m.namespace()
            + "/"
            + m.name()
            + " "
            + new java.util.TreeMap<>(m.dimensions())
            + " "
            + m.statistic()
            + m.threshold().map(t -> " threshold " + t).orElse(""));
  }
}
