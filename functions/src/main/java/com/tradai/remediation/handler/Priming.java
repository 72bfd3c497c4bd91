package com.tradai.remediation.handler;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.alarm.AlarmIntake;
import com.tradai.remediation.alarm.Intake;
import com.tradai.remediation.aws.ReplayMetricReader;
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
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming: before the snapshot, run the pure path once on the bundled sample alarm so
 * that intake, Jackson, every runbook, the guardrails and the report renderers are loaded and
 * linked, and wait for the handler's {@link WarmUp} (the SDK clients built, their calls run against
 * canned answers). It reads no AWS state and makes no AWS call.
 */
public final class Priming implements Resource {
  private static final String EVENT = "/events/sns-api-latency-alarm.json";
  private static final String METRICS = "/events/metrics/api-latency-load-spike.json";

  private final Config config;
  private final Runbooks runbooks;
  private final Policy policy;
  private final Future<List<String>> warmUp;

  Priming(Config config, Runbooks runbooks, Policy policy, Future<List<String>> warmUp) {
    this.config = config;
    this.runbooks = runbooks;
    this.policy = policy;
    this.warmUp = warmUp;
  }

  /** Registers with the CRaC context; the JVM keeps only a weak reference, so the caller holds it. */
  static Priming register(Config config, Runbooks runbooks, Policy policy, Future<List<String>> warmUp) {
    Priming priming = new Priming(config, runbooks, policy, warmUp);
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
      Evidence evidence = new Evidence(alarm.stateChangeTime(),
          replay.read(request.metrics(), alarm.stateChangeTime().minus(request.window()), alarm.stateChangeTime()),
          Map.of("primed", new ResourceState.EcsService(config.targets().ecsCluster(),
              config.targets().service("backend"), 2, 2, "primed", 512, 1024)));
      Diagnosis diagnosis = runbook.diagnose(alarm, evidence, policy);
      Plan plan = runbook.plan(diagnosis, evidence, policy);
      var decisions = Guardrails.standard().review(plan, policy.withDryRun(true),
          new GuardContext(config.project(), config.environment(), alarm.stateChangeTime()));
      Report report = new Report(Report.SCHEMA_VERSION, config.environment(),
          Remediator.outcome(diagnosis, decisions, List.of()), "primed", Remediator.view(alarm),
          runbook.id(), runbook.title(), diagnosis.cause(), diagnosis.why(), diagnosis.seedFix(),
          diagnosis.findings(), List.of(), List.of(), null, alarm.stateChangeTime().toString());
      rendered.append(TextReport.body(report));
      try {
        rendered.append(Json.MAPPER.writeValueAsString(report));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    List<String> failed = ParallelReads.join(warmUp);
    if (!failed.isEmpty()) {
      // A snapshot without a primed SDK is slower to restore, not wrong: say so and go on.
      LoggerFactory.getLogger(Priming.class).warn("SDK warm-up incomplete: {}", failed);
    }
    return rendered.append("\nSDK warm-up: ").append(failed.isEmpty() ? "complete" : failed).toString();
  }

  private static byte[] resource(String path) {
    try (InputStream in = Priming.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("priming sample " + path + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
