package com.tradai.remediation.runbook;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.Diagnosis;
import com.tradai.remediation.core.Evidence;
import com.tradai.remediation.core.Finding;
import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.core.ResourceRef;
import com.tradai.remediation.core.ResourceState;
import com.tradai.remediation.guard.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * On-call runbook section "Backtest Performance": the strategy tasks' CPU and memory, recently
 * stopped tasks with their stop reasons, and the task definition's memory. An out-of-memory stop
 * earns more task memory (and the advice to run fewer pairs per task); anything else gets the
 * runbook's table.
 */
public final class BacktestRunbook implements Runbook {
  public static final String OOM = "OOM during backtest";
  public static final String SLOW = "Slow backtest (no OOM)";

  /** The on-call runbook's other causes of a slow backtest and their fixes: a person's work. */
  public static final String OTHER_CAUSES =
      "Slow data loading → use incremental loading; "
          + "OOM during backtest → reduce pairs per task; slow indicator calc → optimize indicator code; "
          + "FreqAI slow → reduce model complexity";

  static final Duration WINDOW = Duration.ofHours(1);

  /** What ECS and the JVM/Python runtimes write when a container runs out of memory. */
  static final List<String> OOM_MARKERS =
      List.of("outofmemory", "out of memory", "oomkilled", "container killed due to memory usage");

  @Override
  public String id() {
    return "backtest";
  }

  @Override
  public String title() {
    return "Backtest Performance";
  }

  @Override
  public EvidenceRequest evidenceFor(Alarm alarm, Targets t) {
    String cluster = Findings.dimension(alarm, "ClusterName").orElse(t.ecsCluster());
    String service = Findings.dimension(alarm, "ServiceName").orElse(t.service("strategy-service"));
    return new EvidenceRequest(
        WINDOW,
        EcsServiceRunbook.queries(cluster, service, ""),
        List.of(
            new ResourceRef.EcsService(cluster, service),
            new ResourceRef.EcsStoppedTasks(cluster, service)));
  }

  static boolean outOfMemory(ResourceState.StoppedTask task) {
    return task.reasons().stream()
            .map(r -> r.toLowerCase(Locale.ROOT))
            .anyMatch(r -> OOM_MARKERS.stream().anyMatch(r::contains))
        || task.exitCode().filter(c -> c == 137).isPresent()
            && task.reasons().stream().anyMatch(r -> r.toLowerCase(Locale.ROOT).contains("killed"));
  }

  @Override
  public Diagnosis diagnose(Alarm alarm, Evidence e, Policy policy) {
    Duration recent = Duration.ofMinutes(policy.thresholds().recentMinutes());
    List<Finding> findings =
        new ArrayList<>(
            List.of(
                Findings.show(
                    "Strategy CPU (avg)", e.series("cpuAvg").recent(e.now(), recent).mean(), "%"),
                Findings.show(
                    "Strategy CPU (max)", e.series("cpuMax").recent(e.now(), recent).max(), "%"),
                Findings.above(
                    "Strategy memory (max)",
                    e.series("memMax").recent(e.now(), recent).max(),
                    policy.thresholds().memoryPressurePercent(),
                    "%")));
    Optional<ResourceState.EcsStoppedTasks> stopped =
        Findings.resource(e, ResourceState.EcsStoppedTasks.class);
    List<ResourceState.StoppedTask> ooms =
        stopped
            .map(s -> s.tasks().stream().filter(BacktestRunbook::outOfMemory).toList())
            .orElse(List.of());
    stopped.ifPresent(
        s ->
            findings.add(
                Findings.fact(
                    "Stopped tasks with an out-of-memory reason",
                    ooms.size() + " of " + s.tasks().size(),
                    "> 0",
                    !ooms.isEmpty())));
    if (stopped.isEmpty()) {
      findings.add(Findings.fact("Stopped tasks", "could not be read", "", false));
    }
    ooms.stream()
        .findFirst()
        .ifPresent(
            t ->
                findings.add(
                    Findings.fact(
                        "Newest OOM stop reason",
                        LogSafe.clean(String.join(" | ", t.reasons())),
                        "",
                        true)));
    EcsServiceRunbook.service(e)
        .ifPresent(
            s ->
                findings.add(
                    Findings.fact(
                        "Task size",
                        s.taskCpu() + " CPU / " + s.taskMemoryMb() + " MB",
                        "",
                        false)));
    if (!ooms.isEmpty()) {
      return new Diagnosis(
          OOM,
          ooms.size() + " strategy task(s) stopped out of memory",
          findings,
          "Reduce pairs per task");
    }
    return new Diagnosis(
        SLOW,
        "no task stopped out of memory; the on-call runbook's other causes need a person",
        findings,
        OTHER_CAUSES);
  }

  @Override
  public Plan plan(Diagnosis d, Evidence e, Policy policy) {
    return switch (d.cause()) {
      case OOM -> {
        Optional<ResourceState.EcsService> svc = EcsServiceRunbook.service(e);
        List<Action> actions = new ArrayList<>();
        svc.ifPresent(s -> actions.addAll(ApiLatencyRunbook.raiseMemory(s).actions()));
        actions.add(
            new Action.NotifyOnly(
                svc.map(ResourceState.EcsService::service).orElse("strategy tasks"),
                "reduce pairs per task (split the pair list across more backtest tasks)"
                    + (svc.isEmpty()
                        ? "; the service could not be read, raise task memory by hand"
                        : "")));
        yield new Plan(actions);
      }
      case SLOW -> Findings.advice("strategy tasks", OTHER_CAUSES);
      default -> Plan.none();
    };
  }
}
