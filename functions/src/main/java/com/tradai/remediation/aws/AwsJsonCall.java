package com.tradai.remediation.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
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
 * One awsJson1_1 call (a signed POST with {@code X-Amz-Target}), signed with the SDK's own SigV4
 * signer and sent over the shared HTTP client: for the few calls whose SDK module would cost more
 * jar than the call is worth (Performance Insights, whose SDK module stops at 2.40.2 on the mirror). Throttling and
 * 5xx answers are retried up to {@code maxAttempts} with a short backoff; other errors throw
 * {@link Failure} with the service's error type. Each call (not attempt) is reported to
 * {@code onCall} as "Service:Operation", as the SDK interceptors see SDK calls.
 */
public final class AwsJsonCall {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final String region;
  private final String signingName;
  private final String service;
  private final String label;
  private final URI endpoint;
  private final int maxAttempts;
  private final Consumer<String> onCall;

  /**
   * @param signingName SigV4 signing name ("ssm", "pi")
   * @param service the SDK's service name, for call counting ("Ssm", "Pi")
   * @param label how errors name the service ("Performance Insights")
   */
  public AwsJsonCall(SdkHttpClient http, AwsCredentialsProvider credentials, String region,
      String signingName, String service, String label, URI endpoint, int maxAttempts,
      Consumer<String> onCall) {
    this.http = http;
    this.credentials = credentials;
    this.region = region;
    this.signingName = signingName;
    this.service = service;
    this.label = label;
    this.endpoint = endpoint;
    this.maxAttempts = Math.max(1, maxAttempts);
    this.onCall = onCall;
  }

  /** An error answer: {@code type} is the service's {@code __type} without its namespace. */
  public static final class Failure extends RuntimeException {
    private final int status;
    private final String type;

    Failure(String label, int status, String type, String message) {
      super(label + " answered " + status + " " + type + " " + message);
      this.status = status;
      this.type = type;
    }

    public int status() {
      return status;
    }

    public String type() {
      return type;
    }
  }

  public static ObjectNode body() {
    return MAPPER.createObjectNode();
  }

  /** POSTs {@code body} as {@code target} (an X-Amz-Target); the answer's JSON. */
  public JsonNode call(String target, ObjectNode body) {
    onCall.accept(service + ":" + target.substring(target.indexOf('.') + 1));
    byte[] payload = body.toString().getBytes(StandardCharsets.UTF_8);
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt(target, payload);
      } catch (Failure f) {
        boolean retryable = f.status() >= 500 || f.type().contains("Throttl")
            || f.type().equals("TooManyUpdates");
        if (!retryable || attempt >= maxAttempts) {
          throw f;
        }
        try {
          Thread.sleep(50L << attempt);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw f;
        }
      }
    }
  }

  private JsonNode attempt(String target, byte[] payload) {
    SdkHttpRequest request = SdkHttpRequest.builder()
        .method(SdkHttpMethod.POST)
        .uri(endpoint.resolve("/"))
        .putHeader("Content-Type", "application/x-amz-json-1.1")
        .putHeader("X-Amz-Target", target)
        .build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(credentials.resolveCredentials())
        .request(request)
        .payload(ContentStreamProvider.fromByteArrayUnsafe(payload))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    try {
      HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
          .request(signed.request())
          .contentStreamProvider(signed.payload().orElse(null))
          .build()).call();
      JsonNode json;
      try (InputStream in = response.responseBody().orElse(null)) {
        byte[] bytes = in == null ? new byte[0] : in.readAllBytes();
        json = bytes.length == 0 ? MAPPER.createObjectNode() : readOrText(bytes);
      }
      int status = response.httpResponse().statusCode();
      if (status / 100 != 2) {
        String type = json.path("__type").asText("");
        throw new Failure(label, status, type.substring(type.indexOf('#') + 1),
            json.path("message").asText(json.path("Message").asText("")));
      }
      return json;
    } catch (IOException e) {
      throw new UncheckedIOException(label + " call failed", e);
    }
  }

  private static JsonNode readOrText(byte[] bytes) {
    try {
      return MAPPER.readTree(bytes);
    } catch (IOException notJson) {
      return MAPPER.createObjectNode().put("message",
          new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8));
    }
  }
}
