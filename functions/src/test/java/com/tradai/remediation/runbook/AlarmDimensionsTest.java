package com.tradai.remediation.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.alarm.AlarmIntake;
import com.tradai.remediation.alarm.AlarmState;
import com.tradai.remediation.alarm.Delivery;
import com.tradai.remediation.alarm.Intake;
import com.tradai.remediation.alarm.MetricIdentity;
import com.tradai.remediation.core.Diagnosis;
import com.tradai.remediation.core.Evidence;
import com.tradai.remediation.core.MetricQuery;
import com.tradai.remediation.core.Series;
import com.tradai.remediation.testing.Fixtures;
import com.tradai.remediation.testing.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every query asks CloudWatch for a dimension set it really publishes, and every runbook reads the
 * alarm's own metric exactly as the alarm defines it. The sets are CloudWatch's documented ones
 * (ALB, ECS, Lambda, RDS, DynamoDB metric pages); a query that drops one of the alarm's dimensions
 * (ThrottledRequests per TableName alone) reads "no data" in AWS and fails here.
 */
class AlarmDimensionsTest {
  static final Targets TARGETS =
      new Targets(
          "tradai",
          "dev",
          "tradai-dev",
          "app/tradai-dev/0123456789abcdef",
          "targetgroup/tradai-backend-dev/0123456789abcdef",
          "tradai-dev",
          List.of("tradai-signals-dev"));

  /**
   * namespace|metric (or namespace|* for every metric of the namespace) → the dimension sets
   * published.
   */
  static final Map<String, Set<Set<String>>> PUBLISHED =
      Map.of(
          "AWS/ApplicationELB|*",
              Set.of(
                  Set.of("LoadBalancer"),
                  Set.of("LoadBalancer", "TargetGroup"),
                  Set.of("LoadBalancer", "AvailabilityZone"),
                  Set.of("LoadBalancer", "TargetGroup", "AvailabilityZone"),
                  Set.of("TargetGroup")),
          "AWS/ECS|*", Set.of(Set.of("ClusterName", "ServiceName"), Set.of("ClusterName")),
          "AWS/Lambda|*",
              Set.of(
                  Set.of("FunctionName"),
                  Set.of("FunctionName", "Resource"),
                  Set.of("FunctionName", "ExecutedVersion"),
                  Set.of()),
          "AWS/RDS|*",
              Set.of(
                  Set.of("DBInstanceIdentifier"),
                  Set.of("DBClusterIdentifier"),
                  Set.of("DatabaseClass"),
                  Set.of("EngineName")),
          "AWS/DynamoDB|ThrottledRequests", Set.of(Set.of("TableName", "Operation")),
          "AWS/DynamoDB|*",
              Set.of(Set.of("TableName"), Set.of("TableName", "GlobalSecondaryIndexName")));

  static boolean published(String namespace, String metric, Set<String> dims) {
    Set<Set<String>> sets =
        PUBLISHED.getOrDefault(namespace + "|" + metric, PUBLISHED.get(namespace + "|*"));
    return sets == null || sets.contains(dims);
  }

  static Stream<Path> fixtures() throws IOException {
    return Files.list(Path.of("../events/metrics"))
        .filter(p -> p.toString().endsWith(".json"))
        .sorted();
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void everyReplayedSeriesIsOneCloudWatchPublishes(Path fixture) throws IOException {
    JsonNode root = new ObjectMapper().readTree(fixture.toFile());
    for (JsonNode s : root.path("series")) {
      Set<String> dims = new TreeSet<>();
      s.path("dimensions").fieldNames().forEachRemaining(dims::add);
      assertThat(published(s.path("namespace").asText(), s.path("metric").asText(), dims))
          .as(
              "%s: %s %s by %s",
              fixture.getFileName(), s.path("namespace").asText(), s.path("metric").asText(), dims)
          .isTrue();
    }
  }

  static Stream<String> metricAlarmEvents() throws IOException {
    return Files.list(Path.of("../events"))
        .map(p -> p.getFileName().toString())
        .filter(n -> n.endsWith("-alarm.json"))
        .sorted();
  }

  /** The sample events through routing: the runbook's queries include the alarm's own, exactly. */
  @ParameterizedTest
  @MethodSource("metricAlarmEvents")
  void theRoutedRunbookReadsTheAlarmsOwnMetricAndOnlyPublishedSets(String event) {
    Alarm alarm =
        ((Intake.Accepted) new AlarmIntake("tradai").parse(Resources.bytes("/events/" + event)))
            .alarm();
    Optional<Runbook> runbook = Runbooks.standard().route(alarm);
    assertThat(runbook).as(event + " routes").isPresent();
    List<MetricQuery> queries = runbook.get().evidenceFor(alarm, TARGETS).metrics();
    queries.forEach(
        q ->
            assertThat(published(q.namespace(), q.metric(), q.dimensions().keySet()))
                .as("%s: %s %s by %s", event, q.namespace(), q.metric(), q.dimensions().keySet())
                .isTrue());
    alarm.metric().ifPresent(m -> assertThat(queries).as(event).anyMatch(q -> exactly(q, m)));
  }

  static boolean exactly(MetricQuery q, MetricIdentity m) {
    return q.namespace().equals(m.namespace())
        && q.metric().equals(m.name())
        && q.dimensions().equals(m.dimensions())
        && q.stat().equals(m.statistic())
        && q.periodSeconds() == m.periodSeconds();
  }

  static Alarm alarm(String namespace, String metric, Map<String, String> dims, String stat) {
    return new Alarm(
        "tradai-dev-x",
        "dev",
        AlarmState.ALARM,
        Optional.of(AlarmState.OK),
        "Threshold Crossed",
        Fixtures.NOW,
        "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:tradai-dev-x",
        "123456789012",
        "eu-west-1",
        Delivery.SNS,
        Optional.of(
            new MetricIdentity(
                namespace,
                metric,
                dims,
                stat,
                60,
                Optional.of(0.0),
                Optional.of("GreaterThanThreshold"))),
        List.of(),
        List.of(),
        "");
  }

  @Test
  void dynamoDbThrottledRequestsIsQueriedPerTableAndOperation_andShownAgainstTheThreshold() {
    Map<String, String> dims =
        Map.of("TableName", "tradai-dev-workflow-state", "Operation", "PutItem");
    Alarm alarm = alarm("AWS/DynamoDB", "ThrottledRequests", dims, "Sum");
    Runbook runbook = Runbooks.standard().route(alarm).orElseThrow();

    List<MetricQuery> queries = runbook.evidenceFor(alarm, TARGETS).metrics();

    assertThat(queries)
        .filteredOn(q -> q.metric().equals("ThrottledRequests"))
        .extracting(MetricQuery::dimensions)
        .containsOnly(dims);
    Series throttled =
        new Series(
            "throttled", List.of(new com.tradai.remediation.core.Datapoint(Fixtures.NOW, 7)));
    Diagnosis d =
        runbook.diagnose(
            alarm,
            new Evidence(Fixtures.NOW, Map.of("throttled", throttled), Map.of()),
            Alarms.policy());
    assertThat(d.findings().getFirst().name()).isEqualTo("Throttled requests (PutItem)");
    assertThat(d.findings().getFirst().value()).isEqualTo("7");
  }

  @Test
  void aP95LambdaDurationAlarmAddsItsOwnQuery_andTheDiagnosisShowsItFirst() {
    Alarm alarm =
        alarm("AWS/Lambda", "Duration", Map.of("FunctionName", "tradai-signals-dev"), "p95");
    Runbook runbook = Runbooks.standard().route(alarm).orElseThrow();

    List<MetricQuery> queries = runbook.evidenceFor(alarm, TARGETS).metrics();

    assertThat(queries)
        .filteredOn(q -> q.stat().equals("p95"))
        .singleElement()
        .isEqualTo(
            new MetricQuery(
                AlarmMetric.ID,
                "AWS/Lambda",
                "Duration",
                Map.of("FunctionName", "tradai-signals-dev"),
                "p95",
                60));
    Series own =
        new Series(
            AlarmMetric.ID, List.of(new com.tradai.remediation.core.Datapoint(Fixtures.NOW, 4200)));
    Diagnosis d =
        runbook.diagnose(
            alarm,
            new Evidence(Fixtures.NOW, Map.of(AlarmMetric.ID, own), Map.of()),
            Alarms.policy());
    assertThat(d.findings().getFirst().name())
        .isEqualTo("Alarm metric Duration p95 {FunctionName=tradai-signals-dev}");
    assertThat(d.findings().getFirst().value()).isEqualTo("4200");
    assertThat(d.findings().getFirst().threshold()).isEqualTo("> 0");
    assertThat(d.findings().getFirst().breached()).isTrue();
  }

  @Test
  void aRunbookQueryThatAlreadyMatchesTheAlarmIsNotRepeated() {
    Alarm alarm =
        alarm("AWS/Lambda", "Duration", Map.of("FunctionName", "tradai-signals-dev"), "p99");
    List<MetricQuery> queries =
        Runbooks.standard().route(alarm).orElseThrow().evidenceFor(alarm, TARGETS).metrics();
    assertThat(queries)
        .extracting(MetricQuery::id)
        .doesNotContain(AlarmMetric.ID)
        .contains("durP99");
  }
}
