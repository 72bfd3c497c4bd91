package com.tradai.remediation.runbook;

import com.tradai.remediation.alarm.Alarm;
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
import java.util.Optional;

/**
 * On-call runbook section "External Service Latency — Exchange API Issues / Rate Limiting": counts
 * of rate-limit and timeout lines in the data-collection log group (one filter per term) and a ping
 * of each configured exchange endpoint. The on-call runbook gives no automatic fix: this runbook
 * only reports.
 */
public final class ExchangeApiRunbook implements Runbook {
  public static final String RATE_LIMITED = "Exchange rate limiting";
  public static final String EXCHANGE_DOWN = "Exchange unreachable or slow";
  public static final String TIMEOUTS = "External API slow (timeouts)";
  public static final List<String> RATE_TERMS = List.of("429", "rate limit", "too many requests");
  public static final List<String> TIMEOUT_TERMS = List.of("timeout", "timed out");
  public static final String RESOLUTIONS =
      "Implement request throttling in code; use exchange "
          + "WebSocket for real-time data; cache frequently accessed data";

  /** A ping slower than this counts as slow. */
  static final long SLOW_PING_MS = 1000;

  static final Duration WINDOW = Duration.ofHours(1);

  @Override
  public String id() {
    return "exchange-api";
  }

  @Override
  public String title() {
    return "Exchange API Issues and Rate Limiting";
  }

  @Override
  public EvidenceRequest evidenceFor(Alarm alarm, Targets t) {
    var now = alarm.stateChangeTime();
    List<String> terms = new ArrayList<>(RATE_TERMS);
    terms.addAll(TIMEOUT_TERMS);
    return new EvidenceRequest(
        WINDOW,
        List.of(),
        List.of(
            new ResourceRef.LogCounts(
                "/ecs/" + t.service("data-collection"), terms, now.minus(WINDOW), now),
            new ResourceRef.HttpProbes("exchange", t.exchangeEndpoints())));
  }

  @Override
  public Diagnosis diagnose(Alarm alarm, Evidence e, Policy policy) {
    List<Finding> findings = new ArrayList<>();
    Optional<ResourceState.LogCounts> logs = Findings.resource(e, ResourceState.LogCounts.class);
    int rate = 0;
    int timeouts = 0;
    if (logs.isPresent()) {
      for (var c : logs.get().counts().entrySet()) {
        findings.add(
            Findings.fact(
                "\"" + c.getKey() + "\" lines in " + logs.get().logGroup(),
                String.valueOf(c.getValue()),
                "> 0",
                c.getValue() > 0));
        if (RATE_TERMS.contains(c.getKey())) {
          rate += c.getValue();
        } else {
          timeouts += c.getValue();
        }
      }
    } else {
      findings.add(Findings.fact("Data-collection log lines", "could not be read", "", false));
    }
    List<ResourceState.Probe> bad = new ArrayList<>();
    for (ResourceState.Probe p :
        Findings.resource(e, ResourceState.HttpProbes.class)
            .map(ResourceState.HttpProbes::probes)
            .orElse(List.of())) {
      boolean failed = !p.ok() || p.latencyMs() > SLOW_PING_MS;
      findings.add(
          Findings.fact(
              "Ping " + p.url(),
              p.status() == 0
                  ? "no answer: " + LogSafe.clean(p.error())
                  : "HTTP " + p.status() + " in " + p.latencyMs() + " ms",
              "2xx within " + SLOW_PING_MS + " ms",
              failed));
      if (failed) {
        bad.add(p);
      }
    }
    if (rate > 0) {
      return new Diagnosis(
          RATE_LIMITED,
          rate
              + " rate-limit term matches (429 / rate limit / too many requests; a line can match more than one)"
              + " in the last hour",
          findings,
          RESOLUTIONS);
    }
    if (!bad.isEmpty()) {
      return new Diagnosis(
          EXCHANGE_DOWN,
          bad.size()
              + " exchange endpoint(s) failed or answered slowly: "
              + String.join(", ", bad.stream().map(ResourceState.Probe::url).toList()),
          findings,
          "Verify exchange status; check exchange status pages for maintenance");
    }
    if (timeouts > 0) {
      return new Diagnosis(
          TIMEOUTS,
          timeouts + " timeout term matches in the last hour while the exchange" + " answers pings",
          findings,
          RESOLUTIONS);
    }
    return new Diagnosis(
        Diagnosis.NO_CAUSE,
        "no rate-limit or timeout lines and every exchange ping" + " answered",
        findings,
        "none");
  }

  @Override
  public Plan plan(Diagnosis d, Evidence e, Policy policy) {
    return d.causeFound() ? Findings.advice("data-collection", d.seedFix()) : Plan.none();
  }
}
