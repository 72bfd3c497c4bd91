package com.tradai.remediation.runbook;

import static com.tradai.remediation.testing.Fixtures.DEV;
import static com.tradai.remediation.testing.Fixtures.NOW;
import static com.tradai.remediation.testing.Fixtures.hour;
import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.Diagnosis;
import com.tradai.remediation.core.Evidence;
import com.tradai.remediation.core.MetricQuery;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.core.ResourceRef;
import com.tradai.remediation.core.ResourceState;
import com.tradai.remediation.core.Series;
import com.tradai.remediation.guard.Decision;
import com.tradai.remediation.guard.Guardrails;
import com.tradai.remediation.guard.Policy;
import com.tradai.remediation.guard.Verdict;
import com.tradai.remediation.testing.Fixtures;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The on-call runbook's "Common Causes and Fixes" table for High API Latency, row by row. */
class ApiLatencyRunbookTest {
  private final ApiLatencyRunbook runbook = new ApiLatencyRunbook();
  private static final ResourceState.EcsService BACKEND =
      new ResourceState.EcsService(
          "tradai-dev",
          "tradai-backend-dev",
          2,
          2,
          "arn:aws:ecs:eu-west-1:123456789012:task-definition/tradai-backend-dev:1",
          512,
          1024);

  record Row(
      String name, Map<String, Series> series, String cause, Class<? extends Action> action) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Map<String, Series> calm() {
    Map<String, Series> s = new HashMap<>();
    s.put("albP99", hour("albP99", 0.4, 2.6, 5));
    s.put("backendAvg", hour("backendAvg", 0.2, 1.5, 5));
    s.put("requests", hour("requests", 1200, 1250, 5));
    s.put("memMax", hour("memMax", 60, 62, 5));
    s.put("cpuMax", hour("cpuMax", 50, 55, 5));
    s.put("rdsCpu", hour("rdsCpu", 30, 30, 5));
    s.put("timeouts", hour("timeouts", 0, 0, 5));
    return s;
  }

  static Map<String, Series> with(String id, double base, double recent) {
    Map<String, Series> s = calm();
    s.put(id, hour(id, base, recent, 5));
    return s;
  }

  static Stream<Row> runbookTable() {
    return Stream.of(
        new Row(
            "load spike: request count 3× baseline",
            with("requests", 1200, 3600),
            ApiLatencyRunbook.LOAD_SPIKE,
            Action.ScaleEcsService.class),
        new Row(
            "load spike at exactly 2× baseline",
            with("requests", 1200, 2400),
            ApiLatencyRunbook.LOAD_SPIKE,
            Action.ScaleEcsService.class),
        new Row(
            "just under 2× baseline is no spike",
            with("requests", 1200, 2399),
            Diagnosis.NO_CAUSE,
            null),
        new Row(
            "memory pressure: ECS memory 93%",
            with("memMax", 60, 93),
            ApiLatencyRunbook.MEMORY_PRESSURE,
            Action.RaiseEcsTaskMemory.class),
        new Row(
            "memory at exactly 80% is not above 80%",
            with("memMax", 60, 80), Diagnosis.NO_CAUSE, null),
        new Row(
            "database slow: RDS CPU 95% is handed over",
            with("rdsCpu", 30, 95), ApiLatencyRunbook.DATABASE_SLOW, Action.NotifyOnly.class),
        new Row(
            "external API slow: ALB 504s are handed over",
            with("timeouts", 0, 12),
            ApiLatencyRunbook.EXTERNAL_API_SLOW,
            Action.NotifyOnly.class),
        new Row("no indicator crossed", calm(), Diagnosis.NO_CAUSE, null),
        new Row("no evidence at all", Map.of(), Diagnosis.NO_CAUSE, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runbookTable")
  void causeAndFixFollowTheRunbooksTable(Row row) {
    Evidence e =
        new Evidence(NOW, row.series(), Map.of("ecs:tradai-dev/tradai-backend-dev", BACKEND));
    Policy policy = Fixtures.policy(6, false);

    Diagnosis d = runbook.diagnose(Fixtures.latencyAlarm(), e, policy);
    Plan plan = runbook.plan(d, e, policy);

    assertThat(d.cause()).isEqualTo(row.cause());
    if (row.action() == null) {
      assertThat(plan.actions()).isEmpty();
    } else {
      assertThat(plan.actions()).singleElement().isInstanceOf(row.action());
    }
  }

  @Test
  void loadSpikeScalesOutByOneStep() {
    Evidence e = new Evidence(NOW, with("requests", 1200, 3600), Map.of("k", BACKEND));
    Plan plan =
        runbook.plan(
            runbook.diagnose(Fixtures.latencyAlarm(), e, Fixtures.policy(6, false)),
            e,
            Fixtures.policy(6, false));
    assertThat(plan.actions())
        .containsExactly(new Action.ScaleEcsService("tradai-dev", "tradai-backend-dev", 2, 3));
  }

  @Test
  void memoryPressureRaisesToTheNextValidFargateSize() {
    Evidence e = new Evidence(NOW, with("memMax", 60, 93), Map.of("k", BACKEND));
    Plan plan =
        runbook.plan(
            runbook.diagnose(Fixtures.latencyAlarm(), e, Fixtures.policy(6, false)),
            e,
            Fixtures.policy(6, false));
    assertThat(plan.actions())
        .singleElement()
        .isEqualTo(
            new Action.RaiseEcsTaskMemory(
                "tradai-dev", "tradai-backend-dev", BACKEND.taskDefinitionArn(), 512, 1024, 2048));
  }

  @Test
  void theTaskSizeIsReadOnlyWhenTheMetricsPointAtMemory() {
    EvidenceRequest req = runbook.evidenceFor(Fixtures.latencyAlarm(), DEV);
    Policy policy = Fixtures.policy(6, false);
    assertThat(
            runbook.resourcesFor(
                Fixtures.latencyAlarm(),
                req,
                new Evidence(NOW, with("requests", 1200, 3600), Map.of()),
                policy))
        .containsExactly(new ResourceRef.EcsService("tradai-dev", "tradai-backend-dev", false));
    assertThat(
            runbook.resourcesFor(
                Fixtures.latencyAlarm(),
                req,
                new Evidence(NOW, with("memMax", 60, 93), Map.of()),
                policy))
        .containsExactly(new ResourceRef.EcsService("tradai-dev", "tradai-backend-dev", true));
  }

  @Test
  void loadSpikeAtTheCapIsBlockedWithTheReason() {
    ResourceState.EcsService atCap =
        new ResourceState.EcsService(
            "tradai-dev", "tradai-backend-dev", 6, 6, BACKEND.taskDefinitionArn(), 512, 1024);
    Evidence e = new Evidence(NOW, with("requests", 1200, 3600), Map.of("k", atCap));
    Policy policy = Fixtures.policy(6, false);
    Plan plan = runbook.plan(runbook.diagnose(Fixtures.latencyAlarm(), e, policy), e, policy);

    List<Decision> decisions = Guardrails.standard().review(plan, policy, Fixtures.DEV_NOW);

    assertThat(decisions)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.verdict()).isEqualTo(Verdict.BLOCKED);
              assertThat(d.notes().getLast())
                  .isEqualTo("cap: already at 6, the cap is 6; nothing to raise");
            });
  }

  @Test
  void spikeWithoutTheServiceStateGivesAdviceNotAGuess() {
    Evidence e = new Evidence(NOW, with("requests", 1200, 3600), Map.of());
    Plan plan =
        runbook.plan(
            runbook.diagnose(Fixtures.latencyAlarm(), e, Fixtures.policy(6, false)),
            e,
            Fixtures.policy(6, false));
    assertThat(plan.actions()).singleElement().isInstanceOf(Action.NotifyOnly.class);
  }

  @Test
  void evidenceIsOneBatchOfTheRunbooksMetricsForTheLastHourAt60s() {
    EvidenceRequest req = runbook.evidenceFor(Fixtures.latencyAlarm(), DEV);
    assertThat(req.window()).hasHours(1);
    assertThat(req.metrics())
        .extracting(MetricQuery::id)
        .contains(
            "albAvg", "albP99", "backendAvg", "requests", "cpuAvg", "cpuMax", "memAvg", "memMax");
    assertThat(req.metrics()).allSatisfy(q -> assertThat(q.periodSeconds()).isEqualTo(60));
    MetricQuery p99 =
        req.metrics().stream().filter(q -> q.id().equals("albP99")).findFirst().orElseThrow();
    assertThat(p99.stat()).isEqualTo("p99");
    assertThat(p99.dimensions()).containsEntry("LoadBalancer", "app/tradai-dev/abc");
    MetricQuery mem =
        req.metrics().stream().filter(q -> q.id().equals("memMax")).findFirst().orElseThrow();
    assertThat(mem.dimensions())
        .isEqualTo(Map.of("ClusterName", "tradai-dev", "ServiceName", "tradai-backend-dev"));
  }
}
