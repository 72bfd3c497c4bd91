package com.tradai.remediation.runbook;

import static com.tradai.remediation.testing.Fixtures.NOW;
import static com.tradai.remediation.testing.Fixtures.hour;
import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.Diagnosis;
import com.tradai.remediation.core.Evidence;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.core.ResourceState;
import com.tradai.remediation.core.Series;
import com.tradai.remediation.guard.Decision;
import com.tradai.remediation.guard.Guardrails;
import com.tradai.remediation.guard.Verdict;
import com.tradai.remediation.testing.Fixtures;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** On-call runbook section "ECS Service Performance — CPU/Memory Issues", cause by cause. */
class EcsServiceRunbookTest {
  private final EcsServiceRunbook runbook = new EcsServiceRunbook();
  static final String TD =
      "arn:aws:ecs:eu-west-1:123456789012:task-definition/tradai-backend-dev:1";

  static ResourceState.EcsService svc(int desired, int running, int cpu, int mem) {
    return new ResourceState.EcsService(
        "tradai-dev", "tradai-backend-dev", desired, running, TD, cpu, mem);
  }

  static Alarm cpuAlarm(Double threshold) {
    return Alarms.metric(
        "tradai-dev-backend-cpu-high",
        "AWS/ECS",
        "CPUUtilization",
        Map.of("ClusterName", "tradai-dev", "ServiceName", "tradai-backend-dev"),
        threshold);
  }

  static Alarm memAlarm() {
    return Alarms.metric(
        "tradai-dev-backend-memory-high",
        "AWS/ECS",
        "MemoryUtilization",
        Map.of("ClusterName", "tradai-dev", "ServiceName", "tradai-backend-dev"),
        80.0);
  }

  static Map<String, Series> metrics(double cpu, double mem) {
    Map<String, Series> s = new HashMap<>();
    s.put("cpuAvg", hour("cpuAvg", 40, cpu, 5));
    s.put("cpuMax", hour("cpuMax", 45, cpu + 5, 5));
    s.put("memAvg", hour("memAvg", 50, mem - 2, 5));
    s.put("memMax", hour("memMax", 55, mem, 5));
    return s;
  }

  record Row(
      String name,
      Alarm alarm,
      Map<String, Series> series,
      ResourceState.EcsService svc,
      String cause,
      Action action) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Row> table() {
    return Stream.of(
        new Row(
            "high CPU with running = desired scales out by one",
            cpuAlarm(80.0),
            metrics(92, 60),
            svc(2, 2, 512, 1024),
            EcsServiceRunbook.HIGH_CPU,
            new Action.ScaleEcsService("tradai-dev", "tradai-backend-dev", 2, 3)),
        new Row(
            "CPU exactly at the alarm threshold is not above it",
            cpuAlarm(80.0),
            metrics(80, 60),
            svc(2, 2, 512, 1024),
            Diagnosis.NO_CAUSE,
            null),
        new Row(
            "the alarm's own threshold wins over the default",
            cpuAlarm(60.0),
            metrics(65, 60),
            svc(2, 2, 512, 1024),
            EcsServiceRunbook.HIGH_CPU,
            new Action.ScaleEcsService("tradai-dev", "tradai-backend-dev", 2, 3)),
        new Row(
            "running < desired is a capacity problem: advice, no scaling",
            cpuAlarm(80.0),
            metrics(95, 60),
            svc(3, 1, 512, 1024),
            EcsServiceRunbook.CAPACITY,
            null),
        new Row(
            "memory 93% registers the next Fargate size",
            memAlarm(),
            metrics(50, 93),
            svc(2, 2, 512, 1024),
            EcsServiceRunbook.MEMORY_PRESSURE,
            new Action.RaiseEcsTaskMemory("tradai-dev", "tradai-backend-dev", TD, 512, 1024, 2048)),
        new Row(
            "memory exactly 80% is not above 80%",
            memAlarm(), metrics(50, 80), svc(2, 2, 512, 1024), Diagnosis.NO_CAUSE, null),
        new Row(
            "256 CPU at 2048 MB has no larger size: advice",
            memAlarm(),
            metrics(50, 93),
            svc(2, 2, 256, 2048),
            EcsServiceRunbook.MEMORY_PRESSURE,
            null),
        new Row(
            "memory alarm checks memory first even when CPU is high too",
            memAlarm(),
            metrics(95, 93),
            svc(2, 2, 1024, 2048),
            EcsServiceRunbook.MEMORY_PRESSURE,
            new Action.RaiseEcsTaskMemory(
                "tradai-dev", "tradai-backend-dev", TD, 1024, 2048, 3072)),
        new Row(
            "missing datapoints: no cause, nothing planned",
            cpuAlarm(80.0),
            Map.of(),
            svc(2, 2, 512, 1024),
            Diagnosis.NO_CAUSE,
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void causeAndFix(Row row) {
    Evidence e =
        new Evidence(NOW, row.series(), Map.of("ecs:tradai-dev/tradai-backend-dev", row.svc()));
    Diagnosis d = runbook.diagnose(row.alarm(), e, Alarms.policy());
    Plan plan = runbook.plan(d, e, Alarms.policy());
    assertThat(d.cause()).isEqualTo(row.cause());
    if (row.action() != null) {
      assertThat(plan.actions()).containsExactly(row.action());
    } else if (d.causeFound()) {
      assertThat(plan.actions()).singleElement().isInstanceOf(Action.NotifyOnly.class);
    } else {
      assertThat(plan.actions()).isEmpty();
    }
  }

  @Test
  void scaleOutAtTheCapIsBlocked() {
    Evidence e = new Evidence(NOW, metrics(95, 60), Map.of("k", svc(6, 6, 512, 1024)));
    Plan plan =
        runbook.plan(runbook.diagnose(cpuAlarm(80.0), e, Alarms.policy()), e, Alarms.policy());
    List<Decision> ds = Guardrails.standard().review(plan, Alarms.policy(), Fixtures.DEV_NOW);
    assertThat(ds)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.verdict()).isEqualTo(Verdict.BLOCKED);
              assertThat(d.notes().getLast())
                  .isEqualTo("cap: already at 6, the cap is 6; nothing to raise");
            });
  }

  @Test
  void evidenceIsCpuAndMemoryAverageAndMaximumOfTheAlarmsServicePlusItsState() {
    EvidenceRequest req =
        runbook.evidenceFor(
            Alarms.metric(
                "x",
                "AWS/ECS",
                "CPUUtilization",
                Map.of("ClusterName", "tradai-dev", "ServiceName", "tradai-data-collection-dev"),
                80.0),
            Fixtures.DEV);
    assertThat(req.metrics())
        .extracting(q -> q.id() + ":" + q.metric() + ":" + q.stat())
        .containsExactly(
            "cpuAvg:CPUUtilization:Average", "cpuMax:CPUUtilization:Maximum",
            "memAvg:MemoryUtilization:Average", "memMax:MemoryUtilization:Maximum");
    assertThat(req.metrics())
        .allSatisfy(
            q ->
                assertThat(q.dimensions())
                    .containsEntry("ServiceName", "tradai-data-collection-dev"));
    assertThat(req.resources())
        .extracting(r -> r.key())
        .containsExactly("ecs:tradai-dev/tradai-data-collection-dev");
  }
}
