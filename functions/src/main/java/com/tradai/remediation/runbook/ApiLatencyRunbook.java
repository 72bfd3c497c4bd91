package com.tradai.remediation.runbook;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.Diagnosis;
import com.tradai.remediation.core.Evidence;
import com.tradai.remediation.core.FargateSizes;
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
import java.util.OptionalInt;

/**
 * On-call runbook section "High API Latency": alarm tradai-{env}-api-latency-high,
 * TargetResponseTime > 2 s. Causes in the on-call runbook's order of what we can fix: load spike,
 * memory pressure; then the causes whose fix belongs to another runbook (database, cold start,
 * external API).
 */
public final class ApiLatencyRunbook implements Runbook {
  public static final String LOAD_SPIKE = "Load spike";
  public static final String MEMORY_PRESSURE = "Memory pressure";
  public static final String DATABASE_SLOW = "Database slow";
  public static final String COLD_START = "Cold start";
  public static final String EXTERNAL_API_SLOW = "External API slow";

  static final Duration WINDOW = Duration.ofHours(1);
  private static final int PERIOD = 60;
  private static final String ALB = "AWS/ApplicationELB";
  private static final String ECS = "AWS/ECS";

  @Override
  public String id() {
    return "api-latency";
  }

  @Override
  public String title() {
    return "High API Latency";
  }

  @Override
  public boolean handles(Alarm alarm) {
    boolean byMetric =
        alarm.metrics().stream()
            .anyMatch(m -> ALB.equals(m.namespace()) && "TargetResponseTime".equals(m.name()));
    return byMetric || (alarm.metrics().isEmpty() && alarm.name().contains("-api-latency"));
  }

  @Override
  public EvidenceRequest evidenceFor(Alarm alarm, Targets t) {
    String lb =
        alarm.metrics().stream()
            .map(m -> m.dimension("LoadBalancer"))
            .flatMap(Optional::stream)
            .findFirst()
            .orElse(t.loadBalancer());
    String backend = t.service("backend");
    Map<String, String> lbDims = Map.of("LoadBalancer", lb);
    Map<String, String> ecsDims = Map.of("ClusterName", t.ecsCluster(), "ServiceName", backend);
    List<MetricQuery> q = new ArrayList<>();
    q.add(new MetricQuery("albAvg", ALB, "TargetResponseTime", lbDims, "Average", PERIOD));
    q.add(new MetricQuery("albP99", ALB, "TargetResponseTime", lbDims, "p99", PERIOD));
    q.add(
        new MetricQuery(
            "backendAvg",
            ALB,
            "TargetResponseTime",
            Map.of("LoadBalancer", lb, "TargetGroup", t.backendTargetGroup()),
            "Average",
            PERIOD));
    q.add(new MetricQuery("requests", ALB, "RequestCount", lbDims, "Sum", PERIOD));
    q.add(new MetricQuery("timeouts", ALB, "HTTPCode_ELB_504_Count", lbDims, "Sum", PERIOD));
    q.add(new MetricQuery("cpuAvg", ECS, "CPUUtilization", ecsDims, "Average", PERIOD));
    q.add(new MetricQuery("cpuMax", ECS, "CPUUtilization", ecsDims, "Maximum", PERIOD));
    q.add(new MetricQuery("memAvg", ECS, "MemoryUtilization", ecsDims, "Average", PERIOD));
    q.add(new MetricQuery("memMax", ECS, "MemoryUtilization", ecsDims, "Maximum", PERIOD));
    q.add(
        new MetricQuery(
            "rdsCpu",
            "AWS/RDS",
            "CPUUtilization",
            Map.of("DBInstanceIdentifier", t.rdsInstance()),
            "Average",
            PERIOD));
    for (int i = 0; i < t.managedFunctions().size(); i++) {
      q.add(
          new MetricQuery(
              "fnDuration" + i,
              "AWS/Lambda",
              "Duration",
              Map.of("FunctionName", t.managedFunctions().get(i)),
              "Maximum",
              PERIOD));
    }
    return new EvidenceRequest(
        WINDOW, q, List.of(new ResourceRef.EcsService(t.ecsCluster(), backend)));
  }

  /** The task size (DescribeTaskDefinition) only matters when the plan may raise task memory. */
  @Override
  public List<ResourceRef> resourcesFor(
      Alarm alarm, EvidenceRequest request, Evidence metrics, Policy policy) {
    if (MEMORY_PRESSURE.equals(diagnose(alarm, metrics, policy).cause())) {
      return request.resources();
    }
    return request.resources().stream()
        .map(r -> r instanceof ResourceRef.EcsService s ? s.countOnly() : r)
        .toList();
  }

  @Override
  public Diagnosis diagnose(Alarm alarm, Evidence e, Policy policy) {
    Policy.Thresholds th = policy.thresholds();
    Duration recent = Duration.ofMinutes(th.recentMinutes());
    List<Finding> findings = new ArrayList<>();
    findings.add(
        Findings.above(
            "ALB p99 latency", e.series("albP99").recent(e.now(), recent).max(), 2.0, " s"));
    findings.add(
        Findings.above(
            "Backend latency (avg)",
            e.series("backendAvg").recent(e.now(), recent).mean(),
            2.0,
            " s"));
    Finding spike =
        Findings.spike(
            "Request count per minute",
            e.series("requests").recent(e.now(), recent),
            e.series("requests").before(e.now(), recent),
            th.loadSpikeFactor(),
            "");
    Finding memory =
        Findings.above(
            "ECS memory (max)",
            e.series("memMax").recent(e.now(), recent).max(),
            th.memoryPressurePercent(),
            "%");
    findings.add(
        Findings.above("ECS CPU (max)", e.series("cpuMax").recent(e.now(), recent).max(), 80, "%"));
    Finding database =
        Findings.above(
            "RDS CPU (avg)",
            e.series("rdsCpu").recent(e.now(), recent).mean(),
            th.rdsCpuPercent(),
            "%");
    Finding timeouts =
        Findings.above(
            "ALB 504 timeouts", sum(e.series("timeouts").recent(e.now(), recent)), 0, "");
    findings.add(spike);
    findings.add(memory);
    findings.add(database);
    findings.add(timeouts);
    Optional<Finding> coldStart = Optional.empty();
    for (String key :
        e.series().keySet().stream().filter(k -> k.startsWith("fnDuration")).sorted().toList()) {
      Finding f =
          Findings.spike(
              "Lambda duration (" + key + ")",
              e.series(key).recent(e.now(), recent),
              e.series(key).before(e.now(), recent),
              th.lambdaDurationSpikeFactor(),
              " ms");
      findings.add(f);
      if (f.breached() && coldStart.isEmpty()) {
        coldStart = Optional.of(f);
      }
    }

    if (spike.breached()) {
      return new Diagnosis(
          LOAD_SPIKE,
          "request count " + spike.value() + " is " + spike.threshold(),
          findings,
          "Scale out ECS tasks");
    }
    if (memory.breached()) {
      return new Diagnosis(
          MEMORY_PRESSURE,
          "ECS memory " + memory.value() + " is " + memory.threshold(),
          findings,
          "Increase task memory");
    }
    if (database.breached()) {
      return new Diagnosis(
          DATABASE_SLOW,
          "RDS CPU "
              + database.value()
              + " is "
              + database.threshold()
              + "; hand over to the RDS slow-queries runbook",
          findings,
          "Check slow queries, scale RDS");
    }
    if (coldStart.isPresent()) {
      return new Diagnosis(
          COLD_START,
          coldStart.get().name()
              + " "
              + coldStart.get().value()
              + " spiked; hand over to the Lambda cold-start runbook",
          findings,
          "Use provisioned concurrency");
    }
    if (timeouts.breached()) {
      return new Diagnosis(
          EXTERNAL_API_SLOW,
          "the ALB answered "
              + timeouts.value()
              + " gateway timeouts; hand over to the exchange-API runbook",
          findings,
          "Check exchange API status");
    }
    return new Diagnosis(
        Diagnosis.NO_CAUSE,
        "no indicator from the on-call runbook's table crossed its threshold",
        findings,
        "none");
  }

  @Override
  public Plan plan(Diagnosis d, Evidence e, Policy policy) {
    Optional<ResourceState.EcsService> svc =
        e.resources().values().stream()
            .filter(ResourceState.EcsService.class::isInstance)
            .map(ResourceState.EcsService.class::cast)
            .findFirst();
    return switch (d.cause()) {
      case LOAD_SPIKE ->
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
                      advice(
                          "backend service",
                          "the ECS service could not be read; scale out by hand"));
      case MEMORY_PRESSURE ->
          svc.map(ApiLatencyRunbook::raiseMemory)
              .orElseGet(
                  () ->
                      advice(
                          "backend service",
                          "the ECS service could not be read; raise task memory by hand"));
      case DATABASE_SLOW, COLD_START, EXTERNAL_API_SLOW -> advice(d.cause(), d.seedFix());
      default -> Plan.none();
    };
  }

  static Plan raiseMemory(ResourceState.EcsService s) {
    OptionalInt next = FargateSizes.nextMemory(s.taskCpu(), s.taskMemoryMb());
    if (next.isEmpty()) {
      return advice(
          s.service(),
          "no larger Fargate memory size exists for "
              + s.taskCpu()
              + " CPU units above "
              + s.taskMemoryMb()
              + " MB; raise CPU by hand");
    }
    return Plan.of(
        new Action.RaiseEcsTaskMemory(
            s.cluster(),
            s.service(),
            s.taskDefinitionArn(),
            s.taskCpu(),
            s.taskMemoryMb(),
            next.getAsInt()));
  }

  private static Plan advice(String target, String advice) {
    return Plan.of(new Action.NotifyOnly(target, advice));
  }

  private static java.util.OptionalDouble sum(com.tradai.remediation.core.Series s) {
    return s.isEmpty()
        ? java.util.OptionalDouble.empty()
        : java.util.OptionalDouble.of(s.points().stream().mapToDouble(p -> p.value()).sum());
  }
}
