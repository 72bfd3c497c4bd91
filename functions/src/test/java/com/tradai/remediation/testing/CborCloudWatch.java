package com.tradai.remediation.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.sun.net.httpserver.HttpServer;
import com.tradai.remediation.core.Datapoint;
import com.tradai.remediation.core.MetricQuery;
import com.tradai.remediation.core.Series;
import com.tradai.remediation.ports.MetricReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CloudWatch GetMetricData endpoint speaking the SDK's Smithy RPCv2 CBOR protocol, answering from
 * a {@link MetricReader} (usually a replay). moto cannot serve this protocol; this double lets the
 * real SDK client and CloudWatchMetricReader run end to end. It computes no statistics itself. With
 * {@link #alarmsIn} it also answers DescribeAlarms from a scripted state.
 */
public final class CborCloudWatch implements AutoCloseable {
  private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
  private final HttpServer server;

  public CborCloudWatch(MetricReader source) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/service/GraniteServiceVersion20100801/operation/GetMetricData",
        exchange -> {
          JsonNode request = CBOR.readTree(exchange.getRequestBody().readAllBytes());
          List<MetricQuery> queries = new ArrayList<>();
          for (JsonNode q : request.path("MetricDataQueries")) {
            JsonNode stat = q.path("MetricStat");
            Map<String, String> dims = new LinkedHashMap<>();
            stat.path("Metric")
                .path("Dimensions")
                .forEach(d -> dims.put(d.path("Name").asText(), d.path("Value").asText()));
            queries.add(
                new MetricQuery(
                    q.path("Id").asText(),
                    stat.path("Metric").path("Namespace").asText(),
                    stat.path("Metric").path("MetricName").asText(),
                    dims,
                    stat.path("Stat").asText(),
                    stat.path("Period").asInt()));
          }
          Map<String, Series> series =
              source.read(
                  queries,
                  Instant.ofEpochMilli((long) (request.path("StartTime").asDouble() * 1000)),
                  Instant.ofEpochMilli((long) (request.path("EndTime").asDouble() * 1000)));
          respond(exchange, page(queries, series));
        });
    server.start();
  }

  /**
   * Also answers DescribeAlarms (the verifier's alarm-state read; moto never evaluates alarms):
   * every alarm asked for is a metric alarm in {@code state} since {@code since}.
   */
  public CborCloudWatch alarmsIn(String state, Instant since) {
    return describeAlarms(
        name -> true,
        (name, g) -> {
          g.writeStringField("AlarmName", name);
          g.writeStringField("StateValue", state);
          g.writeFieldName("StateUpdatedTimestamp");
          g.writeTag(1);
          g.writeNumber(since.toEpochMilli() / 1000.0);
        });
  }

  /** DescribeAlarms calls answered so far. */
  public final java.util.concurrent.atomic.AtomicInteger describeAlarmsCalls =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * Also answers DescribeAlarms with the metric alarms' definitions (namespace, metric, dimensions,
   * statistic, period, threshold) for those of {@code alarms} that are asked for.
   */
  public CborCloudWatch alarmDefinitions(
      Map<String, com.tradai.remediation.alarm.MetricIdentity> alarms) {
    return describeAlarms(
        alarms::containsKey,
        (name, g) -> {
          var m = alarms.get(name);
          g.writeStringField("AlarmName", name);
          g.writeStringField("StateValue", "ALARM");
          g.writeStringField("Namespace", m.namespace());
          g.writeStringField("MetricName", m.name());
          g.writeFieldName("Dimensions");
          g.writeStartArray();
          for (var d : m.dimensions().entrySet()) {
            g.writeStartObject();
            g.writeStringField("Name", d.getKey());
            g.writeStringField("Value", d.getValue());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeStringField(
              m.statistic().startsWith("p") ? "ExtendedStatistic" : "Statistic", m.statistic());
          g.writeNumberField("Period", m.periodSeconds());
          if (m.threshold().isPresent()) {
            g.writeNumberField("Threshold", m.threshold().get());
          }
          g.writeStringField("ComparisonOperator", m.comparison().orElse("GreaterThanThreshold"));
        });
  }

  /** Writes one MetricAlarms entry's fields for an alarm name. */
  private interface AlarmWriter {
    void write(String name, CBORGenerator g) throws IOException;
  }

  /** Answers DescribeAlarms with an entry for each asked-for alarm that {@code known} accepts. */
  private CborCloudWatch describeAlarms(
      java.util.function.Predicate<String> known, AlarmWriter alarm) {
    server.createContext(
        "/service/GraniteServiceVersion20100801/operation/DescribeAlarms",
        exchange -> {
          describeAlarmsCalls.incrementAndGet();
          JsonNode request = CBOR.readTree(exchange.getRequestBody().readAllBytes());
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("MetricAlarms");
            g.writeStartArray();
            for (JsonNode name : request.path("AlarmNames")) {
              if (!known.test(name.asText())) {
                continue;
              }
              g.writeStartObject();
              alarm.write(name.asText(), g);
              g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
          }
          respond(exchange, out.toByteArray());
        });
    return this;
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/cbor");
    exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  /**
   * A double answering from a recorded replay file on the classpath, e.g. /events/metrics/x.json.
   */
  public static CborCloudWatch replaying(String resource) {
    try {
      return new CborCloudWatch(
          com.tradai.remediation.aws.ReplayMetricReader.fromJson(
              com.tradai.remediation.handler.Json.MAPPER.readTree(Resources.bytes(resource)),
              resource));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static byte[] page(List<MetricQuery> queries, Map<String, Series> series)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeFieldName("MetricDataResults");
      g.writeStartArray();
      for (MetricQuery q : queries) {
        List<Datapoint> points = series.getOrDefault(q.id(), Series.empty(q.id())).points();
        g.writeStartObject();
        g.writeStringField("Id", q.id());
        g.writeStringField("StatusCode", "Complete");
        g.writeFieldName("Timestamps");
        g.writeStartArray();
        for (Datapoint p : points) {
          g.writeTag(1);
          g.writeNumber(p.timestamp().toEpochMilli() / 1000.0);
        }
        g.writeEndArray();
        g.writeFieldName("Values");
        g.writeStartArray();
        for (Datapoint p : points) {
          g.writeNumber(p.value());
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
