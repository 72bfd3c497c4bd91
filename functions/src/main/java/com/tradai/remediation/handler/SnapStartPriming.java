package com.tradai.remediation.handler;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.alarm.AlarmIntake;
import com.tradai.remediation.alarm.Intake;
import com.tradai.remediation.aws.ReplayMetricReader;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.core.Diagnosis;
import com.tradai.remediation.core.Evidence;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.core.ResourceState;
import com.tradai.remediation.guard.GuardContext;
import com.tradai.remediation.guard.Guardrails;
import com.tradai.remediation.guard.Policy;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.report.TextReport;
import com.tradai.remediation.runbook.EvidenceRequest;
import com.tradai.remediation.runbook.Runbook;
import com.tradai.remediation.runbook.Runbooks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.LoggerFactory;

/**
 * SnapStart only: before the snapshot, runs the function's path once with no AWS call, so a
 * restored function starts warm ({@link FirstEventPriming}; the remediation function's {@link
 * ColdStartWarmUp} too).
 *
 * <p>SnapStart priming, run by the runtime's {@code beforeCheckpoint}. For the remediation
 * function: the pure path once per runbook on the bundled sample alarm (intake, Jackson, every
 * runbook, the guardrails, the renderers), then the sample alarm's whole first event on a twin over
 * canned answers ({@link FirstEventPriming}), then the wait for the handler's {@link
 * ColdStartWarmUp} (the real clients built). The verifier, operator and health-check functions
 * prime their own first event the same way ({@link #forStart}). None of it reads AWS state or makes
 * an AWS call.
 */
public final class SnapStartPriming implements Resource {
  private static final String EVENT = FirstEventPriming.ALARM;
  private static final String METRICS = FirstEventPriming.METRICS;

  private final Config config;
  private final Runbooks runbooks;
  private final Policy policy;
  private final Future<List<String>> warmUp;
  private final Function<Config, String> firstEvent;

  SnapStartPriming(
      Config config,
      Runbooks runbooks,
      Policy policy,
      Future<List<String>> warmUp,
      Function<Config, String> firstEvent) {
    this.config = config;
    this.runbooks = runbooks;
    this.policy = policy;
    this.warmUp = warmUp;
    this.firstEvent = firstEvent;
  }

  /**
   * Registers with the CRaC context; the JVM keeps only a weak reference, so the caller holds it.
   */
  static SnapStartPriming register(
      Config config, Runbooks runbooks, Policy policy, Future<List<String>> warmUp) {
    return register(
        new SnapStartPriming(config, runbooks, policy, warmUp, FirstEventPriming::remediation));
  }

  /**
   * A function that only rehearses its first event (verifier, operator, health check); none when
   * its start was refused, since such a function answers every event with its refusal.
   */
  static Optional<SnapStartPriming> forStart(
      FunctionStart<?> startup, Map<String, String> env, Function<Config, String> firstEvent) {
    return startup
        .ready()
        .map(
            ready ->
                register(
                    new SnapStartPriming(
                        Config.from(env),
                        null,
                        null,
                        CompletableFuture.completedFuture(List.of()),
                        firstEvent)));
  }

  private static SnapStartPriming register(SnapStartPriming priming) {
    Core.getGlobalContext().register(priming);
    return priming;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    prime();
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // Nothing to refresh: the clients built before the snapshot have sent nothing yet (the primed
    // calls went to canned twins), and resolve credentials per request.
  }

  /**
   * Returns the rendered text, then a line saying how the SDK warm-up went, so a test can see the
   * whole path really ran.
   */
  String prime() {
    StringBuilder rendered = new StringBuilder();
    if (runbooks != null) {
      rendered.append(everyRunbook());
    }
    rendered.append(firstEvent.apply(config));
    List<String> failed = ParallelReads.join(warmUp);
    if (!failed.isEmpty()) {
      // A snapshot without a primed SDK is slower to restore, not wrong: say so and go on.
      LoggerFactory.getLogger(SnapStartPriming.class).warn("SDK warm-up incomplete: {}", failed);
    }
    return rendered
        .append("\nSDK warm-up: ")
        .append(failed.isEmpty() ? "complete" : failed)
        .toString();
  }

  /**
   * The pure path once per runbook, so the snapshot holds the runbooks the sample does not reach.
   */
  private String everyRunbook() {
    Intake intake = new AlarmIntake(config.project()).parse(resource(EVENT));
    Alarm alarm = ((Intake.Accepted) intake).alarm();
    ReplayMetricReader replay;
    try {
      replay = ReplayMetricReader.fromJson(Json.MAPPER.readTree(resource(METRICS)), METRICS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder rendered = new StringBuilder();
    for (Runbook runbook : runbooks.all()) {
      EvidenceRequest request = runbook.evidenceFor(alarm, config.targets());
      Evidence evidence =
          new Evidence(
              alarm.stateChangeTime(),
              replay.read(
                  request.metrics(),
                  alarm.stateChangeTime().minus(request.window()),
                  alarm.stateChangeTime()),
              Map.of(
                  "primed",
                  new ResourceState.EcsService(
                      config.targets().ecsCluster(),
                      config.targets().service("backend"),
                      2,
                      2,
                      "primed",
                      512,
                      1024)));
      Diagnosis diagnosis = runbook.diagnose(alarm, evidence, policy);
      Plan plan = runbook.plan(diagnosis, evidence, policy);
      var decisions =
          Guardrails.standard()
              .review(
                  plan,
                  policy.withDryRun(true),
                  new GuardContext(
                      config.project(), config.environment(), alarm.stateChangeTime()));
      Report report =
          Report.builder(
                  config.environment(),
                  Remediator.outcome(diagnosis, decisions, List.of()),
                  "primed")
              .alarm(Remediator.view(alarm))
              .runbook(runbook.id())
              .runbookTitle(runbook.title())
              .diagnosis(diagnosis)
              .generatedAt(alarm.stateChangeTime().toString())
              .build();
      rendered.append(TextReport.body(report));
      try {
        rendered.append(Json.MAPPER.writeValueAsString(report));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return rendered.toString();
  }

  private static byte[] resource(String path) {
    return FirstEventPriming.resource(path);
  }
}
