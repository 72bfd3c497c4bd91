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
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** On-call runbook section "Lambda Performance": cold starts and timeouts, cause by cause. */
class LambdaRunbooksTest {
  static final String FN = "tradai-signals-dev";
  private final LambdaColdStartRunbook coldStart = new LambdaColdStartRunbook();
  private final LambdaTimeoutRunbook timeout = new LambdaTimeoutRunbook();

  static Alarm durationAlarm() {
    return Alarms.metric(
        "tradai-dev-signals-duration-high",
        "AWS/Lambda",
        "Duration",
        Map.of("FunctionName", FN),
        3000.0);
  }

  static Alarm errorsAlarm() {
    return Alarms.metric(
        "tradai-dev-signals-errors", "AWS/Lambda", "Errors", Map.of("FunctionName", FN), 0.0);
  }

  static ResourceState.LambdaFunction fn(
      int memory,
      int timeoutS,
      String alias,
      String version,
      int provisioned,
      boolean snapStart,
      int callerLimit) {
    return new ResourceState.LambdaFunction(
        FN,
        memory,
        timeoutS,
        "Successful",
        Optional.ofNullable(alias),
        Optional.ofNullable(version),
        provisioned,
        snapStart,
        callerLimit,
        false);
  }

  static ResourceState.LambdaInvocations reports(int invocations, int cold, double initMs) {
    return new ResourceState.LambdaInvocations(
        FN, invocations, Collections.nCopies(cold, initMs), 900);
  }

  static Map<String, Series> duration(double base, double recent) {
    Map<String, Series> s = new HashMap<>();
    s.put("durAvg", hour("durAvg", base, recent, 5));
    return s;
  }

  record ColdRow(
      String name,
      Map<String, Series> series,
      ResourceState.LambdaInvocations inv,
      ResourceState.LambdaFunction fn,
      String cause,
      Action action) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final ResourceState.LambdaFunction LIVE = fn(512, 30, "live", "7", 0, false, 0);

  static Stream<ColdRow> coldStarts() {
    return Stream.of(
        new ColdRow(
            "30% cold starts: provisioned concurrency on the alias",
            duration(200, 210),
            reports(100, 30, 400),
            LIVE,
            LambdaColdStartRunbook.COLD_START,
            new Action.SetProvisionedConcurrency(FN, "live", 0, 5)),
        new ColdRow(
            "exactly 20% cold is a large share",
            duration(200, 210),
            reports(100, 20, 400),
            LIVE,
            LambdaColdStartRunbook.COLD_START,
            new Action.SetProvisionedConcurrency(FN, "live", 0, 5)),
        new ColdRow(
            "19% cold with short init is not",
            duration(200, 210), reports(100, 19, 400), LIVE, Diagnosis.NO_CAUSE, null),
        new ColdRow(
            "one cold start with a 1000 ms init is long init",
            duration(200, 210),
            reports(100, 1, 1000),
            LIVE,
            LambdaColdStartRunbook.COLD_START,
            new Action.SetProvisionedConcurrency(FN, "live", 0, 5)),
        new ColdRow(
            "999 ms init is not long",
            duration(200, 210),
            reports(100, 1, 999),
            LIVE,
            Diagnosis.NO_CAUSE,
            null),
        new ColdRow(
            "provisioned concurrency already 5 adds a step",
            duration(200, 210),
            reports(100, 30, 400),
            fn(512, 30, "live", "7", 5, false, 0),
            LambdaColdStartRunbook.COLD_START,
            new Action.SetProvisionedConcurrency(FN, "live", 5, 10)),
        new ColdRow(
            "cold starts but the alias points at $LATEST: advice",
            duration(200, 210),
            reports(100, 30, 400),
            fn(512, 30, "live", "$LATEST", 0, false, 0),
            LambdaColdStartRunbook.COLD_START,
            null),
        new ColdRow(
            "cold starts without any alias: advice",
            duration(200, 210),
            reports(100, 30, 400),
            fn(512, 30, null, null, 0, false, 0),
            LambdaColdStartRunbook.COLD_START,
            null),
        new ColdRow(
            "cold starts with SnapStart on: advice, they conflict",
            duration(200, 210),
            reports(100, 30, 400),
            fn(512, 30, "live", "7", 0, true, 0),
            LambdaColdStartRunbook.COLD_START,
            null),
        new ColdRow(
            "long duration without cold starts climbs the memory ladder",
            duration(200, 600),
            reports(100, 0, 0),
            LIVE,
            LambdaColdStartRunbook.LONG_DURATION,
            new Action.RaiseLambdaMemory(FN, "live", "7", 512, 1024)),
        new ColdRow(
            "memory between rungs goes to the next rung",
            duration(200, 600),
            reports(100, 0, 0),
            fn(1500, 30, "live", "7", 0, false, 0),
            LambdaColdStartRunbook.LONG_DURATION,
            new Action.RaiseLambdaMemory(FN, "live", "7", 1500, 1769)),
        new ColdRow(
            "alias on $LATEST: $LATEST serves, so the fix is unqualified",
            duration(200, 600),
            reports(100, 0, 0),
            fn(512, 30, "live", "$LATEST", 0, false, 0),
            LambdaColdStartRunbook.LONG_DURATION,
            new Action.RaiseLambdaMemory(FN, 512, 1024)),
        new ColdRow(
            "$LATEST holds code the alias does not serve: advice, a pipeline owns the versions",
            duration(200, 600),
            reports(100, 0, 0),
            new ResourceState.LambdaFunction(
                FN,
                512,
                30,
                "Successful",
                Optional.of("live"),
                Optional.of("7"),
                0,
                false,
                0,
                true),
            LambdaColdStartRunbook.LONG_DURATION,
            null),
        new ColdRow(
            "at the top of the ladder: advice",
            duration(200, 600),
            reports(100, 0, 0),
            fn(3008, 30, "live", "7", 0, false, 0),
            LambdaColdStartRunbook.LONG_DURATION,
            null),
        new ColdRow(
            "duration exactly 2× baseline is a rise",
            duration(200, 400),
            reports(100, 0, 0),
            LIVE,
            LambdaColdStartRunbook.LONG_DURATION,
            new Action.RaiseLambdaMemory(FN, "live", "7", 512, 1024)),
        new ColdRow(
            "no REPORT lines and no datapoints: no cause",
            Map.of(),
            reports(0, 0, 0),
            LIVE,
            Diagnosis.NO_CAUSE,
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("coldStarts")
  void coldStartTable(ColdRow row) {
    Map<String, ResourceState> res = new LinkedHashMap<>();
    res.put("lambda:" + FN, row.fn());
    res.put("lambda-report:" + FN, row.inv());
    Evidence e = new Evidence(NOW, row.series(), res);
    Diagnosis d = coldStart.diagnose(durationAlarm(), e, Alarms.policy());
    Plan plan = coldStart.plan(d, e, Alarms.policy());
    assertThat(d.cause()).isEqualTo(row.cause());
    expect(plan, d, row.action());
  }

  /**
   * The stack's tradai-{env}-{function}-throttles alarm: routed here, answered with advice only.
   */
  @Test
  void aThrottlesAlarmIsRoutedHereAndAnsweredWithConcurrencyAdvice() {
    Alarm throttles =
        Alarms.metric(
            "tradai-dev-signals-throttles",
            "AWS/Lambda",
            "Throttles",
            Map.of("FunctionName", FN),
            1.0);
    assertThat(Runbooks.standard().route(throttles)).map(Runbook::id).contains("lambda-cold-start");
    Map<String, Series> series = new HashMap<>(duration(200, 600));
    series.put("throttles", hour("throttles", 0, 4, 5));
    Evidence e =
        new Evidence(
            NOW, series, Map.of("lambda:" + FN, LIVE, "lambda-report:" + FN, reports(100, 0, 0)));

    Diagnosis d = coldStart.diagnose(throttles, e, Alarms.policy());
    Plan plan = coldStart.plan(d, e, Alarms.policy());

    assertThat(d.cause()).isEqualTo(LambdaColdStartRunbook.THROTTLED);
    assertThat(d.why())
        .isEqualTo(
            "20 throttled invocations in the last 5 minutes: the function hit its reserved"
                + " or the account's concurrency");
    assertThat(plan.actions()).singleElement().isInstanceOf(Action.NotifyOnly.class);
    // the same evidence under a duration alarm still climbs the memory ladder
    assertThat(coldStart.diagnose(durationAlarm(), e, Alarms.policy()).cause())
        .isEqualTo(LambdaColdStartRunbook.LONG_DURATION);
  }

  @Test
  void coldStartSaysProvisionedConcurrencyNeedsAVersionAndConflictsWithSnapStart() {
    Evidence e = new Evidence(NOW, Map.of(), Map.of("a", LIVE, "b", reports(10, 5, 300)));
    Diagnosis d = coldStart.diagnose(durationAlarm(), e, Alarms.policy());
    assertThat(d.why())
        .isEqualTo(
            "cold-start share 0.5 is ≥ 0.2; provisioned concurrency needs a"
                + " published version behind an alias and cannot be combined with SnapStart");
  }

  @Test
  void provisionedConcurrencyIsClampedAtTheCap() {
    Evidence e =
        new Evidence(
            NOW,
            Map.of(),
            Map.of("a", fn(512, 30, "live", "7", 8, false, 0), "b", reports(10, 5, 300)));
    Plan plan =
        coldStart.plan(coldStart.diagnose(durationAlarm(), e, Alarms.policy()), e, Alarms.policy());
    Decision decision =
        Guardrails.standard().review(plan, Alarms.policy(), Fixtures.DEV_NOW).getFirst();
    assertThat(decision.verdict()).isEqualTo(Verdict.ALLOWED);
    assertThat(decision.effective())
        .isEqualTo(new Action.SetProvisionedConcurrency(FN, "live", 8, 10));
  }

  record TimeoutRow(
      String name,
      int timedOutLines,
      double maxDurationMs,
      ResourceState.LambdaFunction fn,
      String cause,
      Action action) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<TimeoutRow> timeouts() {
    return Stream.of(
        new TimeoutRow(
            "timed-out lines raise the timeout by the step",
            4,
            30000,
            fn(512, 30, "live", "7", 0, false, 0),
            LambdaTimeoutRunbook.TIMEOUTS,
            new Action.RaiseLambdaTimeout(FN, "live", "7", 30, 60)),
        new TimeoutRow(
            "no lines but Duration max at 95% of the timeout",
            0,
            28500,
            fn(512, 30, "live", "7", 0, false, 0),
            LambdaTimeoutRunbook.TIMEOUTS,
            new Action.RaiseLambdaTimeout(FN, "live", "7", 30, 60)),
        new TimeoutRow(
            "no lines and Duration max just under 95%",
            0, 28499, fn(512, 30, "live", "7", 0, false, 0), Diagnosis.NO_CAUSE, null),
        new TimeoutRow(
            "API-facing: stays under the caller's 29 s",
            3,
            10000,
            fn(512, 10, "live", "7", 0, false, 29),
            LambdaTimeoutRunbook.TIMEOUTS,
            new Action.RaiseLambdaTimeout(FN, "live", "7", 10, 28)),
        new TimeoutRow(
            "API-facing already at 28 s: advice only",
            3,
            28000,
            fn(512, 28, "live", "7", 0, false, 29),
            LambdaTimeoutRunbook.TIMEOUTS,
            null),
        new TimeoutRow(
            "function unreadable: advice", 3, 28000, null, LambdaTimeoutRunbook.TIMEOUTS, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("timeouts")
  void timeoutTable(TimeoutRow row) {
    Map<String, ResourceState> res = new LinkedHashMap<>();
    if (row.fn() != null) {
      res.put("lambda:" + FN, row.fn());
    }
    res.put(
        "logs:/aws/lambda/" + FN,
        new ResourceState.LogCounts(
            "/aws/lambda/" + FN, Map.of(LambdaTimeoutRunbook.TIMED_OUT, row.timedOutLines())));
    Evidence e =
        new Evidence(NOW, Map.of("durMax", Alarms.tail("durMax", row.maxDurationMs(), 3)), res);
    Diagnosis d = timeout.diagnose(errorsAlarm(), e, Alarms.policy());
    Plan plan = timeout.plan(d, e, Alarms.policy());
    assertThat(d.cause()).isEqualTo(row.cause());
    expect(plan, d, row.action());
  }

  @Test
  void timeoutAtTheCapIsBlocked() {
    ResourceState.LambdaFunction atCap = fn(512, 300, "live", "7", 0, false, 0);
    Evidence e =
        new Evidence(
            NOW,
            Map.of(),
            Map.of(
                "a",
                atCap,
                "b",
                new ResourceState.LogCounts(
                    "/aws/lambda/" + FN, Map.of(LambdaTimeoutRunbook.TIMED_OUT, 2))));
    Plan plan =
        timeout.plan(timeout.diagnose(errorsAlarm(), e, Alarms.policy()), e, Alarms.policy());
    Decision decision =
        Guardrails.standard().review(plan, Alarms.policy(), Fixtures.DEV_NOW).getFirst();
    assertThat(decision.verdict()).isEqualTo(Verdict.BLOCKED);
    assertThat(decision.notes().getLast())
        .isEqualTo("cap: already at 300, the cap is 300; nothing to raise");
  }

  @Test
  void evidenceNamesTheFunctionsLogGroupAndCallerLimit() {
    Targets t =
        new Targets(
            "tradai",
            "dev",
            "tradai-dev",
            "lb",
            "tg",
            "tradai-dev",
            List.of(FN),
            "live",
            29,
            List.of(),
            List.of(),
            List.of(),
            List.of(FN));
    EvidenceRequest cold = coldStart.evidenceFor(durationAlarm(), t);
    assertThat(cold.metrics())
        .extracting(q -> q.metric() + ":" + q.stat())
        .containsExactly(
            "Duration:Average",
            "Duration:Maximum",
            "Duration:p99",
            "Invocations:Sum",
            "ConcurrentExecutions:Maximum",
            "Errors:Sum",
            "Throttles:Sum");
    assertThat(cold.resources())
        .containsExactly(
            new com.tradai.remediation.core.ResourceRef.LambdaFunction(FN, "live", 29),
            new com.tradai.remediation.core.ResourceRef.LambdaInvocations(
                FN, "/aws/lambda/" + FN, NOW.minusSeconds(3600), NOW));
  }

  /**
   * Managed (LAMBDA_FUNCTIONS) is not API-facing (API_FUNCTIONS): no caller limit, the policy's cap
   * rules.
   */
  @Test
  void aManagedFunctionThatIsNotApiFacingHasNoCallerLimit() {
    Targets t =
        new Targets(
            "tradai",
            "dev",
            "tradai-dev",
            "lb",
            "tg",
            "tradai-dev",
            List.of(FN, "tradai-backtest-runner-dev"),
            "live",
            29,
            List.of(),
            List.of(),
            List.of(),
            List.of(FN));
    assertThat(t.callerLimitFor(FN)).isEqualTo(29);
    assertThat(t.callerLimitFor("tradai-backtest-runner-dev")).isZero();
    assertThat(
            LambdaTimeoutRunbook.raise(
                    fn(
                        512,
                        28,
                        "live",
                        "7",
                        0,
                        false,
                        t.callerLimitFor("tradai-backtest-runner-dev")),
                    Alarms.policy())
                .actions())
        .containsExactly(new Action.RaiseLambdaTimeout(FN, "live", "7", 28, 58));
  }

  @Test
  void anAlarmThatNamesNoFunctionFetchesNothingAndFindsNoCause() {
    Alarm byName = Alarms.named("tradai-dev-lambda-timeout");
    assertThat(timeout.evidenceFor(byName, Fixtures.DEV).metrics()).isEmpty();
    assertThat(timeout.evidenceFor(byName, Fixtures.DEV).resources()).isEmpty();
    assertThat(coldStart.evidenceFor(byName, Fixtures.DEV).metrics()).isEmpty();
    Evidence none = new Evidence(NOW, Map.of(), Map.of());
    assertThat(timeout.diagnose(byName, none, Alarms.policy()).causeFound()).isFalse();
    assertThat(coldStart.diagnose(byName, none, Alarms.policy()).causeFound()).isFalse();
  }

  static void expect(Plan plan, Diagnosis d, Action action) {
    if (action != null) {
      assertThat(plan.actions()).containsExactly(action);
    } else if (d.causeFound()) {
      assertThat(plan.actions()).singleElement().isInstanceOf(Action.NotifyOnly.class);
    } else {
      assertThat(plan.actions()).isEmpty();
    }
  }
}
