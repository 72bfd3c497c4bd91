package com.tradai.remediation.runbook;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.Diagnosis;
import com.tradai.remediation.core.Evidence;
import com.tradai.remediation.core.Finding;
import com.tradai.remediation.core.MetricQuery;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.core.ResourceRef;
import com.tradai.remediation.core.ResourceState;
import com.tradai.remediation.guard.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * On-call runbook section "ECS Service Performance — CPU/Memory Issues": CPU and memory (Average,
 * Maximum), running versus desired tasks, and the task definition's size. Running below desired is
 * a placement or capacity problem that more tasks would not fix, so it is checked first.
 */
public final class EcsServiceRunbook implements Runbook {
  public static final String CAPACITY = "Placement or capacity problem";
  public static final String MEMORY_PRESSURE = "Memory pressure";
  public static final String HIGH_CPU = "High CPU";

  /**
   * CPU is "high" above the alarm's own threshold, or above this when the alarm has none. The alarm
   * a runbook is given is CloudWatch's definition once confirmed (alarm/AlarmConfirmation), so the
   * threshold is CloudWatch's, never a delivery's claim.
   */
  static final double DEFAULT_CPU_PERCENT = 80;

  static final Duration WINDOW = Duration.ofHours(1);
  private static final String ECS = "AWS/ECS";

  @Override
  public String id() {
    return "ecs-service";
  }

  @Override
  public String title() {
    return "ECS Service Performance (CPU/Memory)";
  }

  @Override
  public EvidenceRequest evidenceFor(Alarm alarm, Targets t) {
    String cluster = Findings.dimension(alarm, "ClusterName").orElse(t.ecsCluster());
    String service = Findings.dimension(alarm, "ServiceName").orElse(t.service("backend"));
    return new EvidenceRequest(
        WINDOW,
        queries(cluster, service, ""),
        List.of(new ResourceRef.EcsService(cluster, service)));
  }

  /** CPU and memory, Average and Maximum, at 60 s; ids carry {@code prefix}. */
  static List<MetricQuery> queries(String cluster, String service, String prefix) {
    Map<String, String> dims = Map.of("ClusterName", cluster, "ServiceName", service);
    List<MetricQuery> q = new ArrayList<>();
    for (String metric : List.of("CPUUtilization", "MemoryUtilization")) {
      String m = metric.startsWith("CPU") ? "cpu" : "mem";
      q.add(
          new MetricQuery(
              prefix + (prefix.isEmpty() ? m : cap(m)) + "Avg", ECS, metric, dims, "Average", 60));
      q.add(
          new MetricQuery(
              prefix + (prefix.isEmpty() ? m : cap(m)) + "Max", ECS, metric, dims, "Maximum", 60));
    }
    return q;
  }

  private static String cap(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  @Override
  public Diagnosis diagnose(Alarm alarm, Evidence e, Policy policy) {
    Duration recent = Duration.ofMinutes(policy.thresholds().recentMinutes());
    double cpuLimit =
        alarm
            .metric()
            .filter(m -> "CPUUtilization".equals(m.name()))
            .flatMap(m -> m.threshold())
            .orElse(DEFAULT_CPU_PERCENT);
    Finding cpu =
        Findings.above(
            "ECS CPU (avg)", e.series("cpuAvg").recent(e.now(), recent).mean(), cpuLimit, "%");
    Finding cpuMax =
        Findings.above(
            "ECS CPU (max)", e.series("cpuMax").recent(e.now(), recent).max(), cpuLimit, "%");
    Finding memory =
        Findings.above(
            "ECS memory (max)",
            e.series("memMax").recent(e.now(), recent).max(),
            policy.thresholds().memoryPressurePercent(),
            "%");
    Finding memAvg =
        Findings.above(
            "ECS memory (avg)",
            e.series("memAvg").recent(e.now(), recent).mean(),
            policy.thresholds().memoryPressurePercent(),
            "%");
    List<Finding> findings = new ArrayList<>(List.of(cpu, cpuMax, memory, memAvg));
    Optional<ResourceState.EcsService> svc = service(e);
    svc.ifPresent(
        s -> {
          findings.add(
              Findings.fact(
                  "Running tasks",
                  s.runningCount() + " of " + s.desiredCount() + " desired",
                  "running < desired",
                  s.runningCount() < s.desiredCount()));
          findings.add(
              Findings.fact(
                  "Task size", s.taskCpu() + " CPU / " + s.taskMemoryMb() + " MB", "", false));
        });
    if (svc.isPresent() && svc.get().runningCount() < svc.get().desiredCount()) {
      return new Diagnosis(
          CAPACITY,
          "only "
              + svc.get().runningCount()
              + " of "
              + svc.get().desiredCount()
              + " desired tasks run; more tasks would not be placed either",
          findings,
          "Check task placement, Fargate capacity and stopped-task reasons; do not scale");
    }
    boolean memoryFirst =
        alarm.metric().map(m -> "MemoryUtilization".equals(m.name())).orElse(false);
    Optional<Diagnosis> mem =
        memory.breached()
            ? Optional.of(
                new Diagnosis(
                    MEMORY_PRESSURE,
                    "ECS memory " + memory.value() + " is " + memory.threshold(),
                    findings,
                    "Increase task resources (requires new task definition)"))
            : Optional.empty();
    Optional<Diagnosis> high =
        cpu.breached()
            ? Optional.of(
                new Diagnosis(
                    HIGH_CPU,
                    "ECS CPU "
                        + cpu.value()
                        + " is "
                        + cpu.threshold()
                        + " with every desired task running",
                    findings,
                    "Manual scale out (update-service --desired-count)"))
            : Optional.empty();
    return (memoryFirst ? mem.or(() -> high) : high.or(() -> mem))
        .orElseGet(
            () ->
                new Diagnosis(
                    Diagnosis.NO_CAUSE,
                    "neither CPU nor memory crossed its threshold in the last "
                        + recent.toMinutes()
                        + " minutes",
                    findings,
                    "none"));
  }

  @Override
  public Plan plan(Diagnosis d, Evidence e, Policy policy) {
    Optional<ResourceState.EcsService> svc = service(e);
    return switch (d.cause()) {
      case HIGH_CPU ->
          svc.map(
                  s ->
                      Plan.of(
                          new Action.ScaleEcsService(
                              s.cluster(),
                              s.service(),
                              s.desiredCount(),
                              s.desiredCount() + (int) policy.limit("ecs-scale").step())))
              .orElseGet(
                  () ->
                      Findings.advice(
                          "ECS service", "the service could not be read; scale out by hand"));
      case MEMORY_PRESSURE ->
          svc.map(ApiLatencyRunbook::raiseMemory)
              .orElseGet(
                  () ->
                      Findings.advice(
                          "ECS service",
                          "the service could not be read; raise task memory by hand"));
      case CAPACITY ->
          Findings.advice(
              svc.map(ResourceState.EcsService::service).orElse("ECS service"), d.seedFix());
      default -> Plan.none();
    };
  }

  static Optional<ResourceState.EcsService> service(Evidence e) {
    return e.resources().values().stream()
        .filter(ResourceState.EcsService.class::isInstance)
        .map(ResourceState.EcsService.class::cast)
        .findFirst();
  }
}
