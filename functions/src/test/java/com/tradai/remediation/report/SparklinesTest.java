package com.tradai.remediation.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.alarm.MetricIdentity;
import com.tradai.remediation.core.Datapoint;
import com.tradai.remediation.core.MetricQuery;
import com.tradai.remediation.core.Series;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SparklinesTest {
  static final Instant START = Instant.parse("2026-11-27T10:00:00Z");
  static final Instant END = Instant.parse("2026-11-27T10:04:00Z");
  static final MetricQuery P99 =
      new MetricQuery(
          "p99",
          "AWS/ApplicationELB",
          "TargetResponseTime",
          Map.of("LoadBalancer", "app/x/1"),
          "p99",
          60);
  static final MetricQuery CPU =
      new MetricQuery(
          "cpu", "AWS/ECS", "CPUUtilization", Map.of("ServiceName", "s"), "Average", 60);

  static Series series(String id, double... values) {
    List<Datapoint> points = new java.util.ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      points.add(new Datapoint(START.plusSeconds(60L * i), values[i]));
    }
    return new Series(id, points);
  }

  static MetricIdentity alarmMetric(Optional<Double> threshold) {
    return new MetricIdentity(
        "AWS/ApplicationELB",
        "TargetResponseTime",
        Map.of("LoadBalancer", "app/x/1"),
        "p99",
        60,
        threshold,
        Optional.of("GreaterThanThreshold"));
  }

  static List<String> drawn(Sparklines.Breach breach, Series p99, Series cpu) {
    return Graphs.of(
            List.of(P99, CPU),
            Map.of("p99", p99, "cpu", cpu),
            breach,
            "eu-west-1",
            START,
            END,
            "tradai-remediation-dev")
        .stream()
        .filter(g -> g.sparkline() != null)
        .map(g -> g.title() + ": " + g.sparkline())
        .toList();
  }

  @Test
  void everySeriesMarksTheSlicesWhereTheAlarmsMetricWasBeyondItsThreshold() {
    assertThat(
            drawn(
                new Sparklines.Breach(Optional.of(alarmMetric(Optional.of(2.0))), Optional.of(END)),
                series("p99", 0.4, 0.5, 2.6, 2.7),
                series("cpu", 40, 80, 60, 20)))
        .containsExactly(
            "AWS/ApplicationELB TargetResponseTime p99 (p99): ▁▁[██] 0.4 → 2.7 (max 2.7)",
            "AWS/ECS CPUUtilization Average (cpu): ▃█[▆▁] 40 → 20 (max 80)");
  }

  @Test
  void withoutAThresholdTheSliceInWhichTheAlarmFiredIsMarked() {
    assertThat(
            drawn(
                new Sparklines.Breach(
                    Optional.of(alarmMetric(Optional.empty())), Optional.of(START.plusSeconds(90))),
                series("p99", 1, 2, 3, 4),
                series("cpu")))
        .containsExactly(
            "AWS/ApplicationELB TargetResponseTime p99 (p99): ▁[▃]▆█ 1 → 4 (max 4)",
            "AWS/ECS CPUUtilization Average (cpu): ·[·]·· no data");
  }

  @Test
  void aRunWithoutAnAlarmMarksNothingAndAGapIsADot() {
    assertThat(
            drawn(
                new Sparklines.Breach(Optional.empty(), Optional.empty()),
                series("p99", 5, 5, 5),
                new Series(
                    "cpu",
                    List.of(
                        new Datapoint(START, 12_500),
                        new Datapoint(START.plusSeconds(180), 3_250_000)))))
        .containsExactly(
            "AWS/ApplicationELB TargetResponseTime p99 (p99): ▁▁▁· 5 → 5 (max 5)",
            "AWS/ECS CPUUtilization Average (cpu): ▁··█ 12.5k → 3.25M (max 3.25M)");
  }

  @Test
  void oneLinkGraphsEverySeriesAndOneOpensTheDashboard() {
    List<Report.GraphView> links =
        Graphs.of(
                List.of(P99, CPU),
                Map.of(),
                new Sparklines.Breach(Optional.of(alarmMetric(Optional.of(2.0))), Optional.of(END)),
                "eu-west-1",
                START,
                END,
                "tradai-remediation-dev")
            .stream()
            .filter(g -> g.url() != null)
            .toList();
    assertThat(links)
        .containsExactly(
            new Report.GraphView(
                "All 2 series together",
                "https://eu-west-1.console.aws.amazon.com/cloudwatch/home"
                    + "?region=eu-west-1#metricsV2?graph=~(metrics~("
                    + "~(~'AWS*2fApplicationELB~'TargetResponseTime~'LoadBalancer~'app*2fx*2f1~(stat~'p99~period~60~label~'p99))"
                    + "~(~'AWS*2fECS~'CPUUtilization~'ServiceName~'s~(stat~'Average~period~60~label~'cpu)))"
                    + "~view~'timeSeries~stacked~false~region~'eu-west-1~start~'2026-11-27T10*3a00*3a00Z"
                    + "~end~'2026-11-27T10*3a04*3a00Z~annotations~(horizontal~(~(label~'TargetResponseTime*20p99*20threshold"
                    + "~value~2))~vertical~(~(label~'ALARM~value~'2026-11-27T10*3a04*3a00Z))))",
                null),
            new Report.GraphView(
                "Dashboard tradai-remediation-dev",
                "https://eu-west-1.console.aws.amazon.com"
                    + "/cloudwatch/home?region=eu-west-1#dashboards/dashboard/tradai-remediation-dev",
                null));
  }
}
