package com.tradai.remediation.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradai.remediation.core.Datapoint;
import com.tradai.remediation.core.MetricQuery;
import com.tradai.remediation.core.Series;
import com.tradai.remediation.ports.MetricReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads recorded series from a JSON file instead of CloudWatch (which moto cannot serve to the
 * current SDK). A series is keyed by namespace, metric, dimensions and statistic; a query gets the
 * points of its key that fall in [start, end]. The format is in docs/local-development.md ("Metrics
 * replay file").
 */
public final class ReplayMetricReader implements MetricReader {
  private final Map<String, List<Datapoint>> byKey;

  private ReplayMetricReader(Map<String, List<Datapoint>> byKey) {
    this.byKey = byKey;
  }

  public static ReplayMetricReader fromFile(Path file, ObjectMapper mapper) {
    try {
      return fromJson(mapper.readTree(Files.readAllBytes(file)), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read metrics replay file " + file, e);
    }
  }

  public static ReplayMetricReader fromJson(JsonNode root, String source) {
    JsonNode series = root.path("series");
    if (!series.isArray()) {
      throw new IllegalArgumentException(source + ": 'series' must be a list");
    }
    Map<String, List<Datapoint>> byKey = new HashMap<>();
    for (int i = 0; i < series.size(); i++) {
      JsonNode s = series.get(i);
      String at = source + ": series[" + i + "]";
      Map<String, String> dims = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = s.path("dimensions").properties().iterator();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> d = it.next();
        dims.put(d.getKey(), d.getValue().asText());
      }
      String key =
          key(
              required(s, "namespace", at),
              required(s, "metric", at),
              dims,
              required(s, "stat", at));
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).addAll(points(s, at));
    }
    return new ReplayMetricReader(byKey);
  }

  private static List<Datapoint> points(JsonNode s, String at) {
    List<Datapoint> out = new ArrayList<>();
    if (s.has("points")) {
      for (JsonNode p : s.get("points")) {
        out.add(
            new Datapoint(
                Instant.parse(required(p, "t", at + ".points[]")), p.path("v").asDouble()));
      }
      return out;
    }
    if (s.has("start") && s.has("values")) {
      Instant start = Instant.parse(required(s, "start", at));
      int period = s.path("periodSeconds").asInt(60);
      JsonNode values = s.get("values");
      for (int i = 0; i < values.size(); i++) {
        out.add(new Datapoint(start.plusSeconds((long) i * period), values.get(i).asDouble()));
      }
      return out;
    }
    throw new IllegalArgumentException(at + ": needs either 'points' or 'start' + 'values'");
  }

  private static String required(JsonNode node, String field, String at) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException(at + "." + field + " is missing");
    }
    return v.asText();
  }

  static String key(String namespace, String metric, Map<String, String> dims, String stat) {
    return namespace + "|" + metric + "|" + new TreeMap<>(dims) + "|" + stat;
  }

  @Override
  public Map<String, Series> read(List<MetricQuery> queries, Instant start, Instant end) {
    Map<String, Series> out = new HashMap<>();
    for (MetricQuery q : queries) {
      List<Datapoint> all =
          byKey.getOrDefault(key(q.namespace(), q.metric(), q.dimensions(), q.stat()), List.of());
      out.put(
          q.id(),
          new Series(
              q.id(),
              all.stream()
                  .filter(p -> !p.timestamp().isBefore(start) && !p.timestamp().isAfter(end))
                  .toList()));
    }
    return out;
  }
}
