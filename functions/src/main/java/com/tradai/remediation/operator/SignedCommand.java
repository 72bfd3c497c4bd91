package com.tradai.remediation.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A command with a proof of who sent it: the operator's credentials sign an STS {@code
 * GetCallerIdentity} request (SigV4, the SDK's signer) that also signs two headers binding it to
 * this command (its SHA-256) and to this operator function (its name). The operator function sends
 * that request to STS itself; STS answers with the signer's ARN only if the signature is good, so
 * the identity is AWS's word, whatever path the payload took. The same proof that HashiCorp Vault's
 * AWS IAM auth method uses.
 *
 * <p>Why not the caller's identity from a Lambda Function URL event: a plain Invoke can carry any
 * {@code requestContext}, so anyone allowed {@code lambda:InvokeFunction} on {@code *} could write
 * an operator's ARN there. A signature over a request STS checks cannot be made without the
 * operator's credentials.
 *
 * <p>Wire shape: {@code {"signedCommand": "<the command's JSON text>", "identityProof": {"headers":
 * {...the signed request's headers...}}}}. The command is carried as text so its digest is over
 * exactly the bytes that are run.
 */
public record SignedCommand(String command, Map<String, String> headers) {
  public static final String COMMAND_DIGEST = "x-tradai-command-sha256";
  public static final String FUNCTION = "x-tradai-operator-function";

  /** The form body of the signed request; the function sends exactly this. */
  public static final String STS_BODY = "Action=GetCallerIdentity&Version=2011-06-15";

  public static final String CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";
  static final int MAX_COMMAND = 16 * 1024;

  /** {@code https://sts.{region}.amazonaws.com/}, or the emulator's endpoint when one is set. */
  public static URI stsEndpoint(String region, Optional<URI> override) {
    return override
        .map(u -> URI.create(u.toString().replaceAll("/+$", "") + "/"))
        .orElseGet(() -> URI.create("https://sts." + region + ".amazonaws.com/"));
  }

  /** Lowercase hex SHA-256 of the command's UTF-8 bytes. */
  public static String digest(String command) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(command.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The unsigned STS request that proves who sends {@code command} to {@code function}. */
  public static SdkHttpRequest stsRequest(URI sts, String command, String function) {
    return SdkHttpRequest.builder()
        .method(SdkHttpMethod.POST)
        .uri(sts)
        .putHeader("content-type", CONTENT_TYPE)
        .putHeader(COMMAND_DIGEST, digest(command))
        .putHeader(FUNCTION, function)
        .build();
  }

  /** Signs the proof with the operator's credentials (the ops CLI's side). */
  public static ObjectNode envelope(
      ObjectMapper json,
      String command,
      String function,
      URI sts,
      String region,
      AwsCredentialsIdentity credentials,
      Clock clock) {
    SdkHttpRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(credentials)
                        .request(stsRequest(sts, command, function))
                        .payload(ContentStreamProvider.fromUtf8String(STS_BODY))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(HttpSigner.SIGNING_CLOCK, clock))
            .request();
    ObjectNode envelope = json.createObjectNode().put("signedCommand", command);
    ObjectNode headers = envelope.putObject("identityProof").putObject("headers");
    signed
        .headers()
        .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
    return envelope;
  }

  /** A payload that carries a signed command, or empty when it does not claim to. */
  public static Optional<SignedCommand> parse(JsonNode payload) {
    if (!payload.isObject() || !payload.has("signedCommand")) {
      return Optional.empty();
    }
    JsonNode command = payload.get("signedCommand");
    Map<String, String> headers = new LinkedHashMap<>();
    payload
        .path("identityProof")
        .path("headers")
        .properties()
        .forEach(
            e -> {
              if (e.getValue().isTextual()) {
                headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText());
              }
            });
    return Optional.of(new SignedCommand(command.isTextual() ? command.asText() : "", headers));
  }

  /** The headers the signature's SignedHeaders list names, from its Authorization header. */
  public List<String> signedHeaderNames() {
    String auth = headers.getOrDefault("authorization", "");
    int at = auth.indexOf("SignedHeaders=");
    if (at < 0) {
      return List.of();
    }
    String names = auth.substring(at + "SignedHeaders=".length()).split(",")[0].strip();
    return List.of(names.split(";"));
  }
}
