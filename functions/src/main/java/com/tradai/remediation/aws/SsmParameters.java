package com.tradai.remediation.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;

/**
 * Reads the function's few SSM parameters (kill switch, policy override) with ONE {@code
 * ssm:GetParameters} call for all of them, and caches each value: a read names how long a value may
 * be reused, and a stale read refreshes every parameter in that same single call. Powertools' SSM
 * provider reads one name per {@code GetParameter} (or a whole path), so it would cost a call per
 * parameter; this thin adapter keeps the cold path to one.
 */
public final class SsmParameters {
  private final Supplier<SsmClient> client;
  private final List<String> names;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Optional<String> value, Instant readAt) {}

  /** @param names every parameter this function reads (at most 10, the API's limit) */
  public SsmParameters(Supplier<SsmClient> client, List<String> names, Clock clock) {
    if (names.size() > 10) {
      throw new IllegalArgumentException("GetParameters reads at most 10 names, got " + names.size());
    }
    this.client = client;
    this.names = List.copyOf(names);
    this.clock = clock;
  }

  /** The parameter's value, reused for up to {@code maxAge}; empty when the parameter does not exist. */
  public Optional<String> get(String name, Duration maxAge) {
    Instant now = clock.instant();
    Cached hit = cache.get(name);
    if (hit != null && hit.readAt().plus(maxAge).isAfter(now)) {
      return hit.value();
    }
    List<String> batch = names.contains(name) ? names : List.of(name);
    GetParametersResponse read = client.get().getParameters(b -> b.names(batch).withDecryption(true));
    Map<String, String> found = new java.util.HashMap<>();
    for (Parameter p : read.parameters()) {
      found.put(p.name(), p.value());
    }
    for (String n : batch) {
      cache.put(n, new Cached(Optional.ofNullable(found.get(n)), now));
    }
    return cache.get(name).value();
  }
}
