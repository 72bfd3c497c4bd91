package com.tradai.remediation.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.core.ResourceState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Performance Insights' DescribeDimensionKeys (top SQL by db.load.avg), without the {@code pi} SDK
 * module: the Maven mirror has it only up to 2.40.2, and mixing that with the 2.58 core is unsafe.
 * The call is small (one awsJson1_1 POST), so this signs it with the SDK's own SigV4 signer and
 * sends it over the shared HTTP client. Tested at the wire against a local server.
 */
public final class PerformanceInsights {
  static final String TARGET = "PerformanceInsightsv20180227.DescribeDimensionKeys";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final String region;
  private final URI endpoint;

  public PerformanceInsights(SdkHttpClient http, AwsCredentialsProvider credentials, String region,
      Optional<URI> endpoint) {
    this.http = http;
    this.credentials = credentials;
    this.region = region;
    this.endpoint = endpoint.orElse(URI.create("https://pi." + region + ".amazonaws.com"));
  }

  /** The top {@code limit} SQL statements by average load for an instance's DbiResourceId. */
  public List<ResourceState.TopSql> topSql(String dbiResourceId, Instant from, Instant to, int limit) {
    ObjectNode body = MAPPER.createObjectNode()
        .put("ServiceType", "RDS")
        .put("Identifier", dbiResourceId)
        .put("StartTime", from.getEpochSecond())
        .put("EndTime", to.getEpochSecond())
        .put("Metric", "db.load.avg");
    body.putObject("GroupBy").put("Group", "db.sql_tokenized").put("Limit", limit);
    byte[] payload = body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    SdkHttpRequest request = SdkHttpRequest.builder()
        .method(SdkHttpMethod.POST)
        .uri(endpoint.resolve("/"))
        .putHeader("Content-Type", "application/x-amz-json-1.1")
        .putHeader("X-Amz-Target", TARGET)
        .build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(credentials.resolveCredentials())
        .request(request)
        .payload(ContentStreamProvider.fromByteArrayUnsafe(payload))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "pi")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    try {
      HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
          .request(signed.request())
          .contentStreamProvider(signed.payload().orElse(null))
          .build()).call();
      JsonNode json;
      try (InputStream in = response.responseBody().orElse(null)) {
        json = in == null ? MAPPER.createObjectNode() : MAPPER.readTree(in);
      }
      int status = response.httpResponse().statusCode();
      if (status / 100 != 2) {
        throw new IllegalStateException("Performance Insights answered " + status + " "
            + json.path("__type").asText("") + " " + json.path("message").asText(json.path("Message").asText("")));
      }
      List<ResourceState.TopSql> out = new ArrayList<>();
      for (JsonNode key : json.path("Keys")) {
        out.add(new ResourceState.TopSql(
            key.path("Dimensions").path("db.sql_tokenized.statement").asText("(unknown statement)"),
            key.path("Total").asDouble()));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Performance Insights call failed", e);
    }
  }
}
