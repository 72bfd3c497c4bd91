package com.tradai.remediation.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/** A metric's datapoints, oldest first. Summaries return empty when there is nothing to judge. */
public record Series(String id, List<Datapoint> points) {

  public Series {
    points = points.stream().sorted(Comparator.comparing(Datapoint::timestamp)).toList();
  }

  public static Series empty(String id) {
    return new Series(id, List.of());
  }

  public boolean isEmpty() {
    return points.isEmpty();
  }

  /** Points in the last {@code window} before {@code now} (inclusive of now). */
  public Series recent(Instant now, Duration window) {
    Instant from = now.minus(window);
    return new Series(
        id,
        points.stream()
            .filter(p -> p.timestamp().isAfter(from) && !p.timestamp().isAfter(now))
            .toList());
  }

  /** Points older than the last {@code window} before {@code now}. */
  public Series before(Instant now, Duration window) {
    Instant until = now.minus(window);
    return new Series(id, points.stream().filter(p -> !p.timestamp().isAfter(until)).toList());
  }

  public OptionalDouble mean() {
    return points.stream().mapToDouble(Datapoint::value).average();
  }

  public OptionalDouble max() {
    return points.stream().mapToDouble(Datapoint::value).max();
  }

  public OptionalDouble median() {
    if (points.isEmpty()) {
      return OptionalDouble.empty();
    }
    double[] sorted = points.stream().mapToDouble(Datapoint::value).sorted().toArray();
    int mid = sorted.length / 2;
    return OptionalDouble.of(
        sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0);
  }

  public OptionalDouble latest() {
    return points.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(points.getLast().value());
  }
}
