package com.tradai.remediation.runbook;

import static com.tradai.remediation.testing.Fixtures.NOW;
import static com.tradai.remediation.testing.Fixtures.hour;
import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.Diagnosis;
import com.tradai.remediation.core.Evidence;
import com.tradai.remediation.core.Finding;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.core.ResourceState;
import com.tradai.remediation.core.Series;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On-call runbook sections "Backtest Performance", "Exchange API Issues" and "Quick Performance
 * Checks".
 */
class ServiceRunbooksTest {
  static final String TD =
      "arn:aws:ecs:eu-west-1:123456789012:task-definition/tradai-strategy-service-dev:3";
  static final ResourceState.EcsService STRATEGY =
      new ResourceState.EcsService(
          "tradai-dev", "tradai-strategy-service-dev", 1, 1, TD, 1024, 2048);

  static ResourceState.StoppedTask task(String reason, String container, Integer exit) {
    return new ResourceState.StoppedTask(
        "arn:task/1",
        TD,
        1024,
        2048,
        container == null ? List.of(reason) : List.of(reason, container),
        Optional.ofNullable(exit));
  }

  static Alarm strategyAlarm() {
    return Alarms.metric(
        "tradai-dev-strategy-memory-high",
        "AWS/ECS",
        "MemoryUtilization",
        Map.of("ClusterName", "tradai-dev", "ServiceName", "tradai-strategy-service-dev"),
        80.0);
  }

  record BacktestRow(
      String name, List<ResourceState.StoppedTask> stopped, String cause, int memoryRaises) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BacktestRow> backtests() {
    return Stream.of(
        new BacktestRow(
            "container killed due to memory usage: raise memory, fewer pairs",
            List.of(
                task(
                    "Essential container in task exited",
                    "OutOfMemoryError: Container killed due to memory usage",
                    137)),
            BacktestRunbook.OOM,
            1),
        new BacktestRow(
            "java.lang.OutOfMemoryError in stoppedReason",
            List.of(
                task(
                    "Essential container exited: java.lang.OutOfMemoryError: Java heap space",
                    null,
                    1)),
            BacktestRunbook.OOM,
            1),
        new BacktestRow(
            "exit 137 with 'killed' is an OOM kill",
            List.of(task("Task stopped", "Container killed", 137)),
            BacktestRunbook.OOM,
            1),
        new BacktestRow(
            "a user stop is not OOM: the runbook's table",
            List.of(task("Task stopped by user", null, 0)),
            BacktestRunbook.SLOW,
            0),
        new BacktestRow(
            "no stopped tasks: the runbook's table", List.of(), BacktestRunbook.SLOW, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backtests")
  void backtestTable(BacktestRow row) {
    Map<String, ResourceState> res = new LinkedHashMap<>();
    res.put("ecs:tradai-dev/tradai-strategy-service-dev", STRATEGY);
    res.put(
        "ecs-stopped:tradai-dev/tradai-strategy-service-dev",
        new ResourceState.EcsStoppedTasks(
            "tradai-dev", "tradai-strategy-service-dev", row.stopped()));
    Evidence e = new Evidence(NOW, Map.of("memMax", hour("memMax", 50, 95, 5)), res);
    BacktestRunbook runbook = new BacktestRunbook();
    Diagnosis d = runbook.diagnose(strategyAlarm(), e, Alarms.policy());
    Plan plan = runbook.plan(d, e, Alarms.policy());
    assertThat(d.cause()).isEqualTo(row.cause());
    assertThat(plan.actions().stream().filter(Action.RaiseEcsTaskMemory.class::isInstance))
        .hasSize(row.memoryRaises());
    if (row.memoryRaises() == 1) {
      assertThat(plan.actions())
          .containsExactly(
              new Action.RaiseEcsTaskMemory(
                  "tradai-dev", "tradai-strategy-service-dev", TD, 1024, 2048, 3072),
              new Action.NotifyOnly(
                  "tradai-strategy-service-dev",
                  "reduce pairs per task (split the pair list across more backtest tasks)"));
    } else {
      assertThat(plan.actions())
          .containsExactly(new Action.NotifyOnly("strategy tasks", BacktestRunbook.OTHER_CAUSES));
    }
  }

  // ---- Exchange API ----

  static Evidence exchange(Map<String, Integer> counts, List<ResourceState.Probe> probes) {
    Map<String, Integer> all = new LinkedHashMap<>();
    for (String t : List.of("429", "rate limit", "too many requests", "timeout", "timed out")) {
      all.put(t, counts.getOrDefault(t, 0));
    }
    return new Evidence(
        NOW,
        Map.of(),
        Map.of(
            "logs:/ecs/tradai-data-collection-dev",
                new ResourceState.LogCounts("/ecs/tradai-data-collection-dev", all),
            "http:exchange", new ResourceState.HttpProbes("exchange", probes)));
  }

  static final ResourceState.Probe UP =
      new ResourceState.Probe("https://api.binance.com/api/v3/ping", 200, 80, "");

  record ExchangeRow(String name, Evidence evidence, String cause) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<ExchangeRow> exchanges() {
    return Stream.of(
        new ExchangeRow(
            "429 lines: rate limiting",
            exchange(Map.of("429", 14), List.of(UP)),
            ExchangeApiRunbook.RATE_LIMITED),
        new ExchangeRow(
            "'too many requests' alone counts",
            exchange(Map.of("too many requests", 1), List.of(UP)),
            ExchangeApiRunbook.RATE_LIMITED),
        new ExchangeRow(
            "ping fails: exchange down",
            exchange(
                Map.of(),
                List.of(
                    new ResourceState.Probe(
                        "https://api.binance.com/api/v3/ping",
                        0,
                        2000,
                        "timed out after 2000 ms"))),
            ExchangeApiRunbook.EXCHANGE_DOWN),
        new ExchangeRow(
            "ping answers 503",
            exchange(
                Map.of(),
                List.of(
                    new ResourceState.Probe("https://api.binance.com/api/v3/ping", 503, 40, ""))),
            ExchangeApiRunbook.EXCHANGE_DOWN),
        new ExchangeRow(
            "ping at exactly 1000 ms is not slow",
            exchange(
                Map.of(),
                List.of(
                    new ResourceState.Probe("https://api.binance.com/api/v3/ping", 200, 1000, ""))),
            Diagnosis.NO_CAUSE),
        new ExchangeRow(
            "ping at 1001 ms is slow",
            exchange(
                Map.of(),
                List.of(
                    new ResourceState.Probe("https://api.binance.com/api/v3/ping", 200, 1001, ""))),
            ExchangeApiRunbook.EXCHANGE_DOWN),
        new ExchangeRow(
            "timeout lines with a healthy exchange",
            exchange(Map.of("timed out", 3), List.of(UP)),
            ExchangeApiRunbook.TIMEOUTS),
        new ExchangeRow(
            "nothing in the logs and the ping answers",
            exchange(Map.of(), List.of(UP)),
            Diagnosis.NO_CAUSE),
        new ExchangeRow(
            "no evidence at all", new Evidence(NOW, Map.of(), Map.of()), Diagnosis.NO_CAUSE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exchanges")
  void exchangeTable(ExchangeRow row) {
    ExchangeApiRunbook runbook = new ExchangeApiRunbook();
    Alarm alarm =
        Alarms.metric(
            "tradai-dev-data-collection-errors",
            "tradai/DataCollection",
            "ExchangeErrors",
            Map.of("Service", "data-collection"),
            10.0);
    Diagnosis d = runbook.diagnose(alarm, row.evidence(), Alarms.policy());
    Plan plan = runbook.plan(d, row.evidence(), Alarms.policy());
    assertThat(d.cause()).isEqualTo(row.cause());
    assertThat(plan.actions()).allMatch(Action.NotifyOnly.class::isInstance);
    assertThat(plan.actions()).hasSize(d.causeFound() ? 1 : 0);
  }

  @Test
  void rateLimitingReportsTheRunbooksResolutions() {
    Diagnosis d =
        new ExchangeApiRunbook()
            .diagnose(
                Alarms.named("tradai-dev-exchange-rate-limit"),
                exchange(Map.of("429", 2, "rate limit", 1), List.of(UP)),
                Alarms.policy());
    assertThat(d.seedFix())
        .isEqualTo(
            "Implement request throttling in code; use exchange WebSocket for"
                + " real-time data; cache frequently accessed data");
    assertThat(d.why())
        .isEqualTo(
            "3 rate-limit term matches (429 / rate limit / too many requests; a line can match more than one) in the last hour");
  }

  // ---- Quick health check ----

  static Evidence health(double backendCpu, List<ResourceState.Probe> probes) {
    Map<String, Series> s = new HashMap<>();
    s.put("cpu_backend", Alarms.tail("cpu_backend", backendCpu, 3));
    s.put("mem_backend", Alarms.tail("mem_backend", 40, 3));
    s.put("cpu_strategy_service", Alarms.tail("cpu_strategy_service", 20, 3));
    s.put("mem_strategy_service", Alarms.tail("mem_strategy_service", 30, 3));
    return new Evidence(
        NOW, s, Map.of("http:health", new ResourceState.HttpProbes("health", probes)));
  }

  static final ResourceState.Probe HEALTHY =
      new ResourceState.Probe("http://127.0.0.1:8000/api/v1/health", 200, 35, "");

  record HealthRow(String name, Evidence evidence, List<String> flagged) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<HealthRow> healthChecks() {
    return Stream.of(
        new HealthRow("all inside the checklist", health(45, List.of(HEALTHY)), List.of()),
        new HealthRow(
            "CPU exactly 70% is flagged (< 70% required)",
            health(70, List.of(HEALTHY)), List.of("ECS CPU (15 min avg) backend")),
        new HealthRow("CPU 69.9% is fine", health(69.9, List.of(HEALTHY)), List.of()),
        new HealthRow(
            "health answering in 500 ms is flagged (< 500 ms required)",
            health(
                45,
                List.of(
                    new ResourceState.Probe("http://127.0.0.1:8000/api/v1/health", 200, 500, ""))),
            List.of("Health http://127.0.0.1:8000/api/v1/health")),
        new HealthRow(
            "health 503 is flagged",
            health(
                45,
                List.of(
                    new ResourceState.Probe("http://127.0.0.1:8003/api/v1/health", 503, 20, ""))),
            List.of("Health http://127.0.0.1:8003/api/v1/health")),
        new HealthRow(
            "no datapoints and no endpoints flags nothing",
            new Evidence(NOW, Map.of(), Map.of()),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("healthChecks")
  void healthCheckFlagsWhatIsOutsideTheVerificationThresholds(HealthRow row) {
    QuickHealthCheck check = new QuickHealthCheck();
    Diagnosis d =
        check.diagnose(Alarms.named("tradai-dev-health-check"), row.evidence(), Alarms.policy());
    assertThat(d.findings().stream().filter(Finding::breached).map(Finding::name))
        .containsExactlyElementsOf(row.flagged());
    assertThat(d.cause())
        .isEqualTo(row.flagged().isEmpty() ? Diagnosis.NO_CAUSE : QuickHealthCheck.OUTSIDE);
    assertThat(check.plan(d, row.evidence(), Alarms.policy()).actions())
        .allMatch(Action.NotifyOnly.class::isInstance);
  }

  @Test
  void healthCheckSaysWhichChecksHadNoData() {
    Map<String, Series> s = new HashMap<>();
    s.put("cpu_backend", Alarms.tail("cpu_backend", 40, 3));
    s.put("mem_backend", Series.empty("mem_backend"));
    Diagnosis d =
        new QuickHealthCheck()
            .diagnose(
                Alarms.named("tradai-dev-health-check"),
                new Evidence(NOW, s, Map.of()),
                Alarms.policy());
    assertThat(d.why())
        .isEqualTo(
            "every check with data is inside the verification thresholds;"
                + " no data for: ECS memory (15 min avg) backend");
  }

  @Test
  void healthCheckReadsEachRunbookServiceOver15MinutesAt300s() {
    EvidenceRequest req =
        new QuickHealthCheck()
            .evidenceFor(
                Alarms.named("tradai-dev-health-check"),
                com.tradai.remediation.testing.Fixtures.DEV);
    assertThat(req.window()).hasMinutes(15);
    assertThat(req.metrics())
        .filteredOn(q -> q.metric().equals("CPUUtilization"))
        .extracting(q -> q.dimensions().get("ServiceName"))
        .containsExactly(
            "tradai-backend-dev", "tradai-strategy-service-dev", "tradai-data-collection-dev");
    assertThat(req.metrics()).allSatisfy(q -> assertThat(q.periodSeconds()).isEqualTo(300));
  }
}
