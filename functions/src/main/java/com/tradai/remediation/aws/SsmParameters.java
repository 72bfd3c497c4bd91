package com.tradai.remediation.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Reads the function's few SSM parameters (kill switch, policy override) with ONE {@code
 * ssm:GetParameters} call for all of them, and caches each value: a read names how long a value may
 * be reused, and a stale read refreshes every parameter in that same single call. Powertools' SSM
 * provider reads one name per {@code GetParameter} (or a whole path), so it would cost a call per
 * parameter; and the SSM SDK module is 4.7 MB of jar for these two calls, so they go through
 * {@link AwsJsonCall} (signed awsJson1_1, like the SDK's own SSM client speaks).
 */
public final class SsmParameters {
  private final Supplier<AwsJsonCall> ssm;
  private final List<String> names;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Optional<String> value, Instant readAt) {}

  /** @param names every parameter this function reads (at most 10, the API's limit) */
  public SsmParameters(Supplier<AwsJsonCall> ssm, List<String> names, Clock clock) {
    if (names.size() > 10) {
      throw new IllegalArgumentException("GetParameters reads at most 10 names, got " + names.size());
    }
    this.ssm = ssm;
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
    ObjectNode body = AwsJsonCall.body().put("WithDecryption", true);
    ArrayNode wanted = body.putArray("Names");
    batch.forEach(wanted::add);
    JsonNode read = ssm.get().call("AmazonSSM.GetParameters", body);
    Map<String, String> found = new HashMap<>();
    for (JsonNode p : read.path("Parameters")) {
      found.put(p.path("Name").asText(), p.path("Value").asText());
    }
    for (String n : batch) {
      cache.put(n, new Cached(Optional.ofNullable(found.get(n)), now));
    }
    return cache.get(name).value();
  }
}
