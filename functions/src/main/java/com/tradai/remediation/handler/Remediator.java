package com.tradai.remediation.handler;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.alarm.AlarmIntake;
import com.tradai.remediation.alarm.AlarmState;
import com.tradai.remediation.alarm.Intake;
import com.tradai.remediation.alarm.LogSafe;
import com.tradai.remediation.alarm.MetricIdentity;
import com.tradai.remediation.alarm.Rejection;
import com.tradai.remediation.aws.Executor;
import com.tradai.remediation.aws.MetricReader;
import com.tradai.remediation.aws.ResourceReader;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.Diagnosis;
import com.tradai.remediation.core.Evidence;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.core.ResourceRef;
import com.tradai.remediation.core.ResourceState;
import com.tradai.remediation.core.Series;
import com.tradai.remediation.guard.Decision;
import com.tradai.remediation.guard.GuardContext;
import com.tradai.remediation.guard.Guardrails;
import com.tradai.remediation.guard.Policy;
import com.tradai.remediation.guard.Verdict;
import com.tradai.remediation.observe.Observability;
import com.tradai.remediation.report.Graphs;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.report.ReportPublisher;
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
import java.util.function.Consumer;
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
  private final Policy policy;
  private final Guardrails guardrails;
  private final MetricReader metrics;
  private final List<ResourceReader> readers;
  private final List<Executor> executors;
  private final Optional<ReportPublisher> publisher;
  private final Clock clock;
  private final Map<String, ManualCommand> commands = new LinkedHashMap<>();
  private Optional<VerificationPlanner> verification = Optional.empty();
  private Optional<IncidentCloser> incidents = Optional.empty();
  private final List<Consumer<Report>> listeners = new ArrayList<>();

  public Remediator(Config config, Runbooks runbooks, Policy policy, MetricReader metrics,
      List<ResourceReader> readers, List<Executor> executors, Optional<ReportPublisher> publisher,
      Clock clock) {
    this.config = config;
    this.intake = new AlarmIntake(config.project());
    this.runbooks = runbooks;
    this.policy = config.dryRunOverride().map(policy::withDryRun).orElse(policy);
    this.guardrails = Guardrails.standard();
    this.metrics = metrics;
    this.readers = List.copyOf(readers);
    this.executors = List.copyOf(executors);
    this.publisher = publisher;
    this.clock = clock;
    register(new DiagnoseCommand(this, config));
  }

  public Remediator register(ManualCommand command) {
    commands.put(command.name(), command);
    return this;
  }

  /** Seam: after a fix is applied, schedule its verification (and say when in the report). */
  public Remediator verifyWith(VerificationPlanner planner) {
    this.verification = Optional.of(planner);
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
    Intake parsed = intake.parse(input);
    if (parsed instanceof Intake.Accepted a) {
      Observability.correlate(a.alarm().idempotencyKey());
    }
    try {
      Report report = switch (parsed) {
        case Intake.Rejected r -> rejected(r.rejection(), null);
        case Intake.Manual m -> manual(m);
        case Intake.Accepted a -> remediate(a.alarm(), policy)
            .withCorrelationId(a.alarm().idempotencyKey());
      };
      publish(report);
      listeners.forEach(l -> l.accept(report));
      return report;
    } finally {
      Observability.uncorrelate();
    }
  }

  private Report manual(Intake.Manual m) {
    ManualCommand command = commands.get(m.command());
    if (command == null) {
      return rejected(Rejection.of(Rejection.Code.UNKNOWN_COMMAND, "command '" + m.command()
          + "' is not one of " + commands.keySet() + "; usage: "
          + String.join(" | ", commands.values().stream().map(ManualCommand::usage).toList())), null);
    }
    return command.run(m.body());
  }

  /** Runs the whole decision for one alarm with the given policy (dry-run for a manual diagnose). */
  Report remediate(Alarm alarm, Policy policy) {
    Report.AlarmView view = view(alarm);
    if (!alarm.environment().equals(config.environment())) {
      return rejected(Rejection.of(Rejection.Code.WRONG_ENVIRONMENT, "alarm '" + alarm.name()
          + "' is for " + alarm.environment() + " but this function serves "
          + config.environment()), view);
    }
    if (alarm.state() == AlarmState.OK) {
      LOG.info("alarm {} returned to OK; recorded, nothing to fix", LogSafe.clean(alarm.name()));
      Report ok = simple(Outcome.RECORDED_OK, "Alarm " + LogSafe.clean(alarm.name())
          + " is OK again; recorded, no fix needed.", view);
      return incidents.map(c -> c.close(alarm, ok)).orElse(ok);
    }
    if (alarm.state() == AlarmState.INSUFFICIENT_DATA) {
      LOG.info("alarm {} has insufficient data; reported, never acted on", LogSafe.clean(alarm.name()));
      return simple(Outcome.INSUFFICIENT_DATA, "Alarm " + LogSafe.clean(alarm.name())
          + " has insufficient data; reported only, nothing is changed on missing data.", view);
    }
    Optional<Runbook> routed = runbooks.route(alarm);
    if (routed.isEmpty()) {
      return rejected(Rejection.of(Rejection.Code.NO_RUNBOOK, "no runbook handles alarm '"
          + alarm.name() + "' on " + alarm.metrics().stream().map(m -> m.namespace() + "/" + m.name())
          .toList() + "; nothing was changed"), view);
    }
    Runbook runbook = routed.get();
    EvidenceRequest request = runbook.evidenceFor(alarm, config.targets());
    Instant now = alarm.stateChangeTime();
    Map<String, Series> series = metrics.read(request.metrics(), now.minus(request.window()), now);
    Map<String, ResourceState> resources = new LinkedHashMap<>();
    for (ResourceRef ref : request.resources()) {
      resources.put(ref.key(), readResource(ref));
    }
    Evidence evidence = new Evidence(now, series, resources);
    Diagnosis diagnosis = runbook.diagnose(alarm, evidence, policy);
    Plan plan = runbook.plan(diagnosis, evidence, policy);
    List<Decision> decisions = guardrails.review(plan, policy,
        new GuardContext(config.project(), config.environment(), clock.instant()));
    List<Report.ChangeView> changes = new ArrayList<>();
    for (Decision d : decisions) {
      if (d.mayApply()) {
        changes.add(apply(d.effective()));
      }
    }
    Outcome outcome = outcome(diagnosis, decisions, changes);
    String summary = summary(runbook, diagnosis, decisions, changes, outcome);
    LOG.info("{}: {}", runbook.id(), LogSafe.clean(summary));
    Report report = new Report(Report.SCHEMA_VERSION, config.environment(), outcome, summary, view,
        runbook.id(), runbook.title(), diagnosis.cause(), diagnosis.why(), diagnosis.seedFix(),
        diagnosis.findings(), decisions.stream().map(Remediator::decisionView).toList(), changes,
        null, clock.instant().toString())
        .withGraphs(Graphs.of(request.metrics(), alarm.region(), now.minus(request.window()), now));
    List<Action> applied = new ArrayList<>();
    for (int i = 0, c = 0; i < decisions.size(); i++) {
      if (decisions.get(i).mayApply() && "APPLIED".equals(changes.get(c++).status())) {
        applied.add(decisions.get(i).effective());
      }
    }
    Report current = report;
    return applied.isEmpty() ? report
        : verification.map(v -> v.schedule(alarm, current, applied)).orElse(report);
  }

  private ResourceState readResource(ResourceRef ref) {
    for (ResourceReader reader : readers) {
      if (reader.supports(ref)) {
        try {
          return reader.read(ref);
        } catch (RuntimeException e) {
          LOG.warn("could not read {}: {}", ref.key(), LogSafe.clean(e.getMessage()));
          return new ResourceState.Missing(ref.key(), "read failed: " + LogSafe.clean(e.getMessage()));
        }
      }
    }
    return new ResourceState.Missing(ref.key(), "no reader for " + ref.key());
  }

  private Report.ChangeView apply(Action action) {
    String kind = action.getClass().getSimpleName();
    for (Executor executor : executors) {
      if (executor.supports(action)) {
        try {
          Executor.Applied applied = executor.apply(action);
          return new Report.ChangeView(kind, action.target(), action.before(), action.after(),
              "APPLIED", applied.detail());
        } catch (RuntimeException e) {
          LOG.error("{} on {} failed: {}", kind, action.target(), LogSafe.clean(e.getMessage()));
          return new Report.ChangeView(kind, action.target(), action.before(), action.after(),
              "FAILED", LogSafe.clean(e.getMessage()));
        }
      }
    }
    return new Report.ChangeView(kind, action.target(), action.before(), action.after(), "FAILED",
        "no executor can apply " + kind);
  }

  private void publish(Report report) {
    publisher.ifPresent(p -> p.publish(report));
  }

  static Outcome outcome(Diagnosis d, List<Decision> decisions, List<Report.ChangeView> changes) {
    if (changes.stream().anyMatch(c -> "FAILED".equals(c.status()))) {
      return Outcome.FAILED;
    }
    if (!changes.isEmpty()) {
      return Outcome.REMEDIATED;
    }
    if (!d.causeFound()) {
      return Outcome.NO_CAUSE;
    }
    if (decisions.stream().anyMatch(x -> x.verdict() == Verdict.DRY_RUN)) {
      return Outcome.DRY_RUN;
    }
    if (decisions.stream().anyMatch(x -> x.verdict() == Verdict.BLOCKED
        || x.verdict() == Verdict.NEEDS_APPROVAL)) {
      return Outcome.BLOCKED;
    }
    return Outcome.ADVICE_ONLY;
  }

  private static String summary(Runbook runbook, Diagnosis d, List<Decision> decisions,
      List<Report.ChangeView> changes, Outcome outcome) {
    String head = runbook.title() + ": " + (d.causeFound() ? d.cause() : "no cause found");
    String tail = switch (outcome) {
      case REMEDIATED, FAILED -> String.join("; ", changes.stream()
          .map(c -> c.target() + " " + c.before() + " → " + c.after() + " " + c.status()).toList());
      case DRY_RUN, BLOCKED -> String.join("; ", decisions.stream()
          .map(x -> x.effective().target() + " " + x.effective().change() + " " + x.verdict()
              + (x.verdict() == Verdict.BLOCKED ? " (" + x.notes().getLast() + ")" : ""))
          .toList());
      case ADVICE_ONLY -> "advice: " + d.seedFix();
      default -> "nothing changed";
    };
    return head + " — " + tail;
  }

  private static Report.DecisionView decisionView(Decision d) {
    return new Report.DecisionView(d.proposed().getClass().getSimpleName(), d.proposed().target(),
        d.proposed().change(), d.effective().change(), d.verdict(), d.notes());
  }

  private Report simple(Outcome outcome, String summary, Report.AlarmView view) {
    return new Report(Report.SCHEMA_VERSION, config.environment(), outcome, summary, view, null,
        null, null, null, null, null, null, null, null, clock.instant().toString());
  }

  private Report rejected(Rejection rejection, Report.AlarmView view) {
    LOG.warn("rejected: {} {}", rejection.code(), rejection.message());
    return new Report(Report.SCHEMA_VERSION, config.environment(), Outcome.REJECTED,
        "Rejected, nothing changed: " + rejection.message(), view, null, null, null, null, null,
        null, null, null, rejection, clock.instant().toString());
  }

  Policy policy() {
    return policy;
  }

  Clock clock() {
    return clock;
  }

  static Report.AlarmView view(Alarm a) {
    String metric = a.metrics().stream().findFirst().map(Remediator::describe).orElse(
        a.triggeringAlarms().isEmpty() ? null : "composite of " + a.triggeringAlarms());
    return new Report.AlarmView(LogSafe.clean(a.name()), a.state().name(),
        a.previousState().map(Enum::name).orElse(null), a.delivery().name(), LogSafe.clean(a.arn()),
        a.region(), a.stateChangeTime().toString(), LogSafe.clean(a.reason()), metric);
  }

  private static String describe(MetricIdentity m) {
    return LogSafe.clean(m.namespace() + "/" + m.name() + " " + m.dimensions() + " " + m.statistic()
        + m.threshold().map(t -> " threshold " + t).orElse(""));
  }
}
