package com.tradai.remediation.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.sun.net.httpserver.HttpServer;
import com.tradai.remediation.core.Datapoint;
import com.tradai.remediation.core.MetricQuery;
import com.tradai.remediation.core.Series;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * moto cannot answer the current SDK's CloudWatch protocol (Smithy RPCv2 CBOR), so this drives the
 * real SDK client over HTTP against a scripted CBOR server on a loopback port: the request is what
 * the SDK really sends, the pages are scripted. It exercises serialisation, pagination and mapping,
 * not CloudWatch's own statistics.
 */
class CloudWatchMetricReaderTest {
  private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  private HttpServer server;
  private final List<JsonNode> requests = new ArrayList<>();
  private final List<byte[]> pages = new ArrayList<>();
  private CloudWatchClient client;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          byte[] body = exchange.getRequestBody().readAllBytes();
          synchronized (requests) {
            requests.add(CBOR.readTree(body).deepCopy());
            assertThat(path)
                .endsWith("/service/GraniteServiceVersion20100801/operation/GetMetricData");
            byte[] page = pages.get(Math.min(requests.size() - 1, pages.size() - 1));
            exchange.getResponseHeaders().add("Content-Type", "application/cbor");
            exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
          }
        });
    server.start();
    client =
        CloudWatchClient.builder()
            .region(Region.EU_WEST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
            .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop(0);
  }

  /**
   * One CBOR GetMetricData page: results of (id, [epochSecond, value]...) and an optional token.
   */
  private static byte[] page(String nextToken, Object[]... results) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeFieldName("MetricDataResults");
      g.writeStartArray();
      for (Object[] r : results) {
        g.writeStartObject();
        g.writeStringField("Id", (String) r[0]);
        g.writeStringField("StatusCode", "Complete");
        g.writeFieldName("Timestamps");
        g.writeStartArray();
        for (int i = 1; i < r.length; i += 2) {
          g.writeTag(1); // CBOR epoch-seconds timestamp, as Smithy RPCv2 encodes them
          g.writeNumber(((Number) r[i]).doubleValue());
        }
        g.writeEndArray();
        g.writeFieldName("Values");
        g.writeStartArray();
        for (int i = 2; i < r.length; i += 2) {
          g.writeNumber(((Number) r[i]).doubleValue());
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      if (nextToken != null) {
        g.writeStringField("NextToken", nextToken);
      }
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  @Test
  void everyQueryGoesInOneRequestAndPagesAreFollowedToTheEnd_scriptedCborServer()
      throws IOException {
    long t = T0.getEpochSecond();
    pages.add(
        page(
            "page-2",
            new Object[] {"albP99", t, 0.4, t + 60, 2.7},
            new Object[] {"requests", t, 1200}));
    pages.add(page(null, new Object[] {"requests", t + 60, 3600}));
    List<MetricQuery> queries =
        List.of(
            new MetricQuery(
                "albP99",
                "AWS/ApplicationELB",
                "TargetResponseTime",
                Map.of("LoadBalancer", "app/tradai-dev/abc"),
                "p99",
                60),
            new MetricQuery(
                "requests",
                "AWS/ApplicationELB",
                "RequestCount",
                Map.of("LoadBalancer", "app/tradai-dev/abc"),
                "Sum",
                60),
            new MetricQuery(
                "memMax",
                "AWS/ECS",
                "MemoryUtilization",
                Map.of("ClusterName", "tradai-dev", "ServiceName", "tradai-backend-dev"),
                "Maximum",
                60));

    Map<String, Series> series =
        new CloudWatchMetricReader(() -> client)
            .read(queries, T0.minusSeconds(3600), T0.plusSeconds(60));

    assertThat(requests).hasSize(2);
    JsonNode first = requests.getFirst();
    assertThat(first.path("MetricDataQueries")).hasSize(3);
    JsonNode q = first.path("MetricDataQueries").get(0);
    assertThat(q.path("Id").asText()).isEqualTo("albP99");
    assertThat(q.path("MetricStat").path("Stat").asText()).isEqualTo("p99");
    assertThat(q.path("MetricStat").path("Period").asInt()).isEqualTo(60);
    assertThat(q.path("MetricStat").path("Metric").path("Namespace").asText())
        .isEqualTo("AWS/ApplicationELB");
    assertThat(q.path("MetricStat").path("Metric").path("Dimensions").get(0).path("Value").asText())
        .isEqualTo("app/tradai-dev/abc");
    assertThat(first.path("ScanBy").asText()).isEqualTo("TimestampAscending");
    assertThat(first.has("NextToken")).isFalse();
    assertThat(requests.get(1).path("NextToken").asText()).isEqualTo("page-2");

    assertThat(series.get("albP99").points())
        .containsExactly(new Datapoint(T0, 0.4), new Datapoint(T0.plusSeconds(60), 2.7));
    assertThat(series.get("requests").points())
        .extracting(Datapoint::value)
        .containsExactly(1200.0, 3600.0);
    assertThat(series.get("memMax").isEmpty()).isTrue();
  }

  @Test
  void noQueriesMeansNoCall() {
    assertThat(new CloudWatchMetricReader(() -> client).read(List.of(), T0, T0)).isEmpty();
    assertThat(requests).isEmpty();
  }
}
