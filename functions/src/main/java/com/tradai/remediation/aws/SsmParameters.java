package com.tradai.remediation.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;

/**
 * Reads the function's few SSM parameters (kill switch, policy override) with ONE {@code
 * ssm:GetParameters} call for all of them, and caches each value: a read names how long a value may
 * be reused, and a stale read refreshes every parameter in that same single call. Powertools' SSM
 * provider reads one name per {@code GetParameter} (or a whole path), so it would cost a call per
 * parameter. The SDK's own SSM client makes the call, with its retries and endpoint handling (the
 * module costs 4.7 MB of jar; BENCHMARKS.md says why it stays).
 */
public final class SsmParameters {
  private final Supplier<SsmClient> ssm;
  private final List<String> names;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Optional<String> value, Instant readAt) {}

  /**
   * @param names every parameter this function reads (at most 10, the API's limit)
   */
  public SsmParameters(Supplier<SsmClient> ssm, List<String> names, Clock clock) {
    if (names.size() > 10) {
      throw new IllegalArgumentException(
          "GetParameters reads at most 10 names, got " + names.size());
    }
    this.ssm = ssm;
    this.names = List.copyOf(names);
    this.clock = clock;
  }

  /**
   * The parameter's value, reused for up to {@code maxAge}; empty when the parameter does not
   * exist.
   */
  public Optional<String> get(String name, Duration maxAge) {
    Instant now = clock.instant();
    Cached hit = cache.get(name);
    if (hit != null && hit.readAt().plus(maxAge).isAfter(now)) {
      return hit.value();
    }
    List<String> batch = names.contains(name) ? names : List.of(name);
    Map<String, String> found = new HashMap<>();
    for (Parameter p :
        ssm.get().getParameters(b -> b.names(batch).withDecryption(true)).parameters()) {
      found.put(p.name(), p.value());
    }
    for (String n : batch) {
      cache.put(n, new Cached(Optional.ofNullable(found.get(n)), now));
    }
    return cache.get(name).value();
  }
}
