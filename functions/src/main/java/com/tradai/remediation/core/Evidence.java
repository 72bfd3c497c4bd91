package com.tradai.remediation.core;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Everything the shell gathered for one diagnosis: metric series and current resource state. */
public record Evidence(
    Instant now, Map<String, Series> series, Map<String, ResourceState> resources) {

  public Evidence {
    series = Map.copyOf(series);
    resources = Map.copyOf(resources);
  }

  public Series series(String id) {
    return series.getOrDefault(id, Series.empty(id));
  }

  public <T extends ResourceState> Optional<T> resource(String key, Class<T> type) {
    ResourceState state = resources.get(key);
    return type.isInstance(state) ? Optional.of(type.cast(state)) : Optional.empty();
  }
}
