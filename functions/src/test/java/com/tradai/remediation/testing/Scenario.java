package com.tradai.remediation.testing;

import com.tradai.remediation.aws.ReplayMetricReader;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.config.PolicyLoader;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.ResourceRef;
import com.tradai.remediation.core.ResourceState;
import com.tradai.remediation.guard.Guardrails;
import com.tradai.remediation.guard.Policy;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.handler.Remediator;
import com.tradai.remediation.ledger.GuardedExecutor;
import com.tradai.remediation.ledger.RollbackCommand;
import com.tradai.remediation.ports.AlarmStatus;
import com.tradai.remediation.ports.Executor;
import com.tradai.remediation.ports.ResourceReader;
import com.tradai.remediation.ports.VerificationRequest;
import com.tradai.remediation.ports.VerificationScheduler;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.runbook.Runbooks;
import com.tradai.remediation.verify.CheckMessage;
import com.tradai.remediation.verify.GuardedRollback;
import com.tradai.remediation.verify.OncePerMessage;
import com.tradai.remediation.verify.VerificationPlanner;
import com.tradai.remediation.verify.Verifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole shell (Remediator, Verifier) over fixed inputs with no AWS: replayed metrics, an ECS
 * service held in memory, a recording scheduler and publishers (a fix's report delivers its check
 * to the scheduler, as the results topic's subscription does), fixed clocks. Reports from here are
 * what the golden files hold.
 */
public final class Scenario {
  private final InMemoryLedger ledger = new InMemoryLedger();
  public static final Instant ALARM_AT = Instant.parse("2026-11-27T10:15:00Z");
  public static final Clock FIX_CLOCK =
      Clock.fixed(Instant.parse("2026-11-27T10:15:30Z"), ZoneOffset.UTC);
  public static final Clock CHECK_CLOCK =
      Clock.fixed(Instant.parse("2026-11-27T10:20:30Z"), ZoneOffset.UTC);

  public final Config config;
  public final FakeEcs ecs = new FakeEcs(2);

  /** A JSON object merged over dev's policy file, as POLICY_PARAMETER's value is; null for none. */
  public String policyOverride;

  public final List<VerificationRequest> scheduled = new ArrayList<>();
  public final List<Long> delays = new ArrayList<>();
  public final List<Report> escalated = new ArrayList<>();
  public final List<Report> published = new ArrayList<>();
  private final VerificationScheduler scheduler =
      (request, delay) -> {
        scheduled.add(request);
        delays.add(delay);
      };

  public Scenario() {
    this(Map.of());
  }

  public Scenario(Map<String, String> extra) {
    Map<String, String> v =
        new HashMap<>(
            Map.of(
                "TRADAI_ENV",
                "dev",
                "AWS_REGION",
                "eu-west-1",
                "ECS_CLUSTER",
                "tradai-dev",
                "ALB_LOAD_BALANCER",
                "app/tradai-dev/50dc6c495c0c9188",
                "ALB_BACKEND_TARGET_GROUP",
                "targetgroup/tradai-backend-dev/6d0ecf831eec9f09",
                "RDS_INSTANCE",
                "tradai-dev",
                "AWS_ACCESS_KEY_ID",
                "x",
                "AWS_SECRET_ACCESS_KEY",
                "y",
                "AWS_ENDPOINT_URL",
                "http://127.0.0.1:9"));
    v.putAll(extra);
    this.config = Config.from(v);
  }

  public static ReplayMetricReader replay(String name) {
    try {
      return ReplayMetricReader.fromJson(
          Json.MAPPER.readTree(Resources.bytes("/events/metrics/" + name)), name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Remediator remediator(String metrics) {
    return remediator(metrics, List.of(ecs), List.of(ecs));
  }

  /** With every other resource canned too ({@link CannedAws}): any runbook family runs. */
  public Report remediateAnyFamily(String event, String metrics) {
    CannedAws aws = new CannedAws();
    return remediator(metrics, List.of(ecs, aws), List.of(ecs, aws))
        .handle(Resources.bytes("/events/" + event));
  }

  /** The scheduled health check over a replay, at the fix clock, publishing nothing. */
  public Report healthCheck(String metrics) {
    try {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("health");
      Config withReplay = Config.from(Resources.withReplay(config.raw(), dir, metrics, Map.of()));
      return new com.tradai.remediation.handler.HealthCheckHandler(withReplay, FIX_CLOCK).run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Remediator remediator(
      String metrics, List<ResourceReader> readers, List<Executor> executors) {
    PolicyLoader loader = new PolicyLoader(Json.MAPPER);
    Policy policy =
        policyOverride == null
            ? loader.forEnvironment("dev")
            : loader.withOverride("dev", policyOverride, "test override");
    GuardedExecutor gate =
        new GuardedExecutor(
            "tradai",
            "dev",
            Optional.of(ledger),
            Guardrails.standard(),
            executors,
            Optional::empty,
            FIX_CLOCK);
    return new Remediator(
            config,
            Runbooks.standard(),
            () -> policy,
            replay(metrics),
            readers,
            gate,
            Optional.of(this::publish),
            FIX_CLOCK)
        .verifyWith(new VerificationPlanner(loader.verificationFor("dev"), FIX_CLOCK, Json.MAPPER));
  }

  /**
   * The results topic with the verification queue's subscription, in memory: a fix's report (the
   * one whose verification is SCHEDULED) delivers its check, read from the report's JSON.
   */
  private void publish(Report report) {
    published.add(report);
    if (report.verification() != null && report.verification().status().scheduled()) {
      scheduled.add(CheckMessage.read(Json.MAPPER.valueToTree(report), Json.MAPPER).request());
      delays.add(report.verification().delaySeconds());
    }
  }

  public Report remediate(String event, String metrics) {
    return remediator(metrics).handle(Resources.bytes("/events/" + event));
  }

  public Verifier verifier(String metrics, AlarmStatus status) {
    return verifier(metrics, status, new PolicyLoader(Json.MAPPER).forEnvironment("dev"));
  }

  /** The verifier whose rollbacks go through the ledger's rollback command under {@code policy}. */
  public Verifier verifier(String metrics, AlarmStatus status, Policy policy) {
    PolicyLoader loader = new PolicyLoader(Json.MAPPER);
    return new Verifier(
            config.targets(),
            loader.verificationFor("dev"),
            replay(metrics),
            name -> status,
            scheduler,
            rollback(policy),
            Optional.of(published::add),
            Optional.of(escalated::add),
            OncePerMessage.always(),
            CHECK_CLOCK)
        .recordWith(
            new com.tradai.remediation.verify.VerdictRecorder(
                ledger, OncePerMessage.always(), CHECK_CLOCK, 30));
  }

  /**
   * Rollbacks as the verifier function does them: the rollback command over this scenario's ledger.
   */
  public GuardedRollback rollback(Policy policy) {
    GuardedExecutor gate =
        new GuardedExecutor(
            "tradai",
            "dev",
            Optional.of(ledger),
            Guardrails.standard(),
            List.of(ecs),
            Optional::empty,
            CHECK_CLOCK);
    return new GuardedRollback(new RollbackCommand(gate, () -> policy, "dev"), ecs::supports);
  }

  /** The scheduled request as it travels: written to JSON and read back. */
  public VerificationRequest lastScheduled() {
    try {
      String body = Json.MAPPER.writeValueAsString(scheduled.getLast().toJson(Json.MAPPER));
      return VerificationRequest.fromJson(Json.MAPPER.readTree(body), Json.MAPPER);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** tradai-backend-dev in memory: 512 CPU / 1024 MB, a desired count executors change. */
  public static final class FakeEcs implements ResourceReader, Executor {
    public int desired;

    FakeEcs(int desired) {
      this.desired = desired;
    }

    @Override
    public boolean supports(ResourceRef ref) {
      return ref instanceof ResourceRef.EcsService;
    }

    @Override
    public ResourceState read(ResourceRef ref) {
      ResourceRef.EcsService r = (ResourceRef.EcsService) ref;
      return new ResourceState.EcsService(
          r.cluster(),
          r.service(),
          desired,
          desired,
          "arn:aws:ecs:eu-west-1:123456789012:task-definition/tradai-backend-dev:1",
          512,
          1024);
    }

    @Override
    public boolean supports(Action action) {
      return action instanceof Action.ScaleEcsService;
    }

    @Override
    public Applied apply(Action action) {
      desired = (int) action.after();
      return new Applied(action, "desiredCount is now " + desired);
    }
  }
}
