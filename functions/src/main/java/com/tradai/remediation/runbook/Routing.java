package com.tradai.remediation.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.alarm.MetricIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which runbook takes an alarm, as configuration ({@code routing.json} on the classpath, or the
 * file ROUTING_FILE names). Metric first: the first route whose namespace, metric name and required
 * dimensions match one of the alarm's metrics. The alarm name is only a hint, used when the alarm
 * carries no metric at all (composite alarms, manual requests without one).
 */
public record Routing(List<Route> routes, List<NameHint> nameHints) {
  public static final String RESOURCE = "/routing.json";

  public Routing {
    routes = List.copyOf(routes);
    nameHints = List.copyOf(nameHints);
  }

  /**
   * {@code dimensions} maps a dimension the metric must carry to a value pattern ('*' wildcard).
   */
  public record Route(
      String namespace, List<String> metrics, Map<String, String> dimensions, String runbook) {
    public Route {
      metrics = List.copyOf(metrics);
      dimensions = Map.copyOf(dimensions);
    }

    boolean matches(MetricIdentity m) {
      return glob(namespace, m.namespace())
          && metrics.stream().anyMatch(p -> glob(p, m.name()))
          && dimensions.entrySet().stream()
              .allMatch(
                  d -> m.dimension(d.getKey()).filter(v -> glob(d.getValue(), v)).isPresent());
    }
  }

  public record NameHint(String contains, String runbook) {}

  public Optional<String> runbookFor(Alarm alarm) {
    List<MetricIdentity> metrics = alarm.metrics();
    if (!metrics.isEmpty()) {
      for (Route r : routes) {
        if (metrics.stream().anyMatch(r::matches)) {
          return Optional.of(r.runbook());
        }
      }
      return Optional.empty();
    }
    return nameHints.stream()
        .filter(h -> alarm.name().contains(h.contains()))
        .map(NameHint::runbook)
        .findFirst();
  }

  private static final Routing DEFAULTS = load(RoutingSource.classpath(), new ObjectMapper());

  /** The routing shipped in the jar. */
  public static Routing defaults() {
    return DEFAULTS;
  }

  public static Routing fromFile(Path file, ObjectMapper mapper) {
    try {
      return parse(mapper.readTree(Files.readAllBytes(file)), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read routing file " + file, e);
    }
  }

  private static Routing load(RoutingSource source, ObjectMapper mapper) {
    try (InputStream in = source.open()) {
      return parse(mapper.readTree(in), RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private interface RoutingSource {
    InputStream open() throws IOException;

    static RoutingSource classpath() {
      return () -> {
        InputStream in = Routing.class.getResourceAsStream(RESOURCE);
        if (in == null) {
          throw new IOException("no " + RESOURCE + " on the classpath");
        }
        return in;
      };
    }
  }

  /** Validates as it reads; an error names the source and the field. */
  public static Routing parse(JsonNode root, String source) {
    List<Route> routes = new ArrayList<>();
    JsonNode rs = root.path("routes");
    if (!rs.isArray()) {
      throw new IllegalArgumentException("routing " + source + ": routes must be a list");
    }
    for (int i = 0; i < rs.size(); i++) {
      JsonNode r = rs.get(i);
      String at = "routing " + source + ": routes[" + i + "]";
      List<String> metrics = new ArrayList<>();
      r.path("metrics").forEach(m -> metrics.add(m.asText()));
      if (metrics.isEmpty()) {
        throw new IllegalArgumentException(
            at + ".metrics must be a non-empty list (use [\"*\"] for any)");
      }
      Map<String, String> dims = new LinkedHashMap<>();
      r.path("dimensions").properties().forEach(d -> dims.put(d.getKey(), d.getValue().asText()));
      routes.add(new Route(text(r, "namespace", at), metrics, dims, text(r, "runbook", at)));
    }
    List<NameHint> hints = new ArrayList<>();
    JsonNode hs = root.path("nameHints");
    for (int i = 0; i < hs.size(); i++) {
      String at = "routing " + source + ": nameHints[" + i + "]";
      hints.add(new NameHint(text(hs.get(i), "contains", at), text(hs.get(i), "runbook", at)));
    }
    return new Routing(routes, hints);
  }

  private static String text(JsonNode node, String field, String at) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException(at + "." + field + " is missing");
    }
    return v.asText();
  }

  static boolean glob(String pattern, String value) {
    if (value == null) {
      return false;
    }
    List<String> parts = new ArrayList<>();
    for (String part : pattern.split("\\*", -1)) {
      parts.add(part.isEmpty() ? "" : Pattern.quote(part));
    }
    return value.matches(String.join(".*", parts));
  }
}
