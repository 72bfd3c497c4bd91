package com.tradai.remediation.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * One awsJson1_1 call (a signed POST with {@code X-Amz-Target}), signed with the SDK's own SigV4
 * signer and sent over the shared HTTP client: for the few calls whose SDK module would cost more
 * jar than the call is worth (Performance Insights, whose SDK module stops at 2.40.2 on the
 * mirror). Throttling and 5xx answers are retried up to {@code maxAttempts} with a short backoff;
 * other errors throw {@link Failure} with the service's error type. Each call (not attempt) is
 * reported to {@code onCall} as "Service:Operation", as the SDK interceptors see SDK calls.
 */
public final class AwsJsonCall {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final SignedPost post;
  private final String service;
  private final String label;
  private final int maxAttempts;
  private final Consumer<String> onCall;

  /**
   * @param signingName SigV4 signing name ("ssm", "pi")
   * @param service the SDK's service name, for call counting ("Ssm", "Pi")
   * @param label how errors name the service ("Performance Insights")
   */
  public AwsJsonCall(
      SdkHttpClient http,
      AwsCredentialsProvider credentials,
      String region,
      String signingName,
      String service,
      String label,
      URI endpoint,
      int maxAttempts,
      Consumer<String> onCall) {
    this.post = new SignedPost(http, credentials, region, signingName, endpoint);
    this.service = service;
    this.label = label;
    this.maxAttempts = Math.max(1, maxAttempts);
    this.onCall = onCall;
  }

  /** An error answer: {@code type} is the service's {@code __type} without its namespace. */
  public static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

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
    return SignedPost.retrying(
        maxAttempts,
        () -> attempt(target, payload),
        Failure.class,
        f ->
            f.status() >= 500 || f.type().contains("Throttl") || f.type().equals("TooManyUpdates"));
  }

  private JsonNode attempt(String target, byte[] payload) {
    SignedPost.Answer answer =
        post.send(
            Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", target),
            payload,
            label);
    JsonNode json =
        answer.body().length == 0 ? MAPPER.createObjectNode() : readOrText(answer.body());
    if (answer.status() / 100 != 2) {
      String type = json.path("__type").asText("");
      throw new Failure(
          label,
          answer.status(),
          type.substring(type.indexOf('#') + 1),
          json.path("message").asText(json.path("Message").asText("")));
    }
    return json;
  }

  private static JsonNode readOrText(byte[] bytes) {
    try {
      return MAPPER.readTree(bytes);
    } catch (IOException notJson) {
      return MAPPER
          .createObjectNode()
          .put(
              "message", new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8));
    }
  }
}
