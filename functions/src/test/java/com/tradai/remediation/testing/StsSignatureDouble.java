package com.tradai.remediation.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

/**
 * STS's GetCallerIdentity, as a loopback double that checks signatures (moto checks none): it
 * recomputes each request's SigV4 signature with the SDK's signer and the secret of the access key
 * it names, from the request exactly as it arrived, and answers the ARN it was given for that key
 * only when the signatures match and the request is at most 15 minutes old, as STS does; otherwise
 * 403 with STS's error codes. Every other request is passed to {@code upstream} (moto) as it came.
 */
public final class StsSignatureDouble implements AutoCloseable {
  /** One key STS knows: its secret, and whose it is. */
  public record Key(String secret, String arn) {}

  private static final Set<String> HOP =
      Set.of("host", "content-length", "connection", "expect", "transfer-encoding", "upgrade");
  private static final Pattern AUTH =
      Pattern.compile(
          "^AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$");
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, Key> keys;
  private final List<String> answers = new CopyOnWriteArrayList<>();

  public StsSignatureDouble(String upstream, Map<String, Key> keys) {
    this.keys = Map.copyOf(keys);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String text = new String(body, StandardCharsets.UTF_8);
            if (exchange.getRequestMethod().equals("POST")
                && text.contains("Action=GetCallerIdentity")) {
              String answer = callerIdentity(exchange, text);
              answers.add(answer);
              boolean ok = answer.startsWith("arn:");
              respond(
                  exchange,
                  ok ? 200 : 403,
                  ok
                      ? "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>"
                          + answer
                          + "</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>"
                      : "<ErrorResponse><Error><Type>Sender</Type>"
                          + answer
                          + "</Error></ErrorResponse>");
            } else {
              forward(exchange, upstream, body);
            }
          }
        });
    // the operator function asks STS here while the Invoke this endpoint passed on is still open
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  /** The caller's ARN, or the {@code <Code>…<Message>} of STS's refusal. */
  private String callerIdentity(HttpExchange exchange, String body) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    Matcher auth = AUTH.matcher(authorization == null ? "" : authorization);
    if (!auth.matches()) {
      return error("MissingAuthenticationToken", "Request is missing Authentication Token");
    }
    Key key = keys.get(auth.group(1));
    if (key == null) {
      return error(
          "InvalidClientTokenId", "The security token included in the request is invalid.");
    }
    String amzDate = exchange.getRequestHeaders().getFirst("X-Amz-Date");
    Instant at;
    try {
      at = Instant.from(AMZ_DATE.parse(amzDate));
    } catch (RuntimeException e) {
      return error("IncompleteSignature", "X-Amz-Date is missing or malformed");
    }
    if (Duration.between(at, Instant.now()).abs().compareTo(Duration.ofMinutes(15)) > 0) {
      return error("SignatureDoesNotMatch", "Signature expired");
    }
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(
                URI.create(
                    "http://"
                        + exchange.getRequestHeaders().getFirst("Host")
                        + exchange.getRequestURI()));
    for (String name : auth.group(5).split(";")) {
      if (!name.equals("host") && !name.equals("x-amz-date")) {
        List<String> values = exchange.getRequestHeaders().get(name);
        request.putHeader(name, values == null ? List.of() : values);
      }
    }
    SdkHttpRequest resigned =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsBasicCredentials.create(auth.group(1), key.secret()))
                        .request(request.build())
                        .payload(ContentStreamProvider.fromUtf8String(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, auth.group(4))
                        .putProperty(AwsV4HttpSigner.REGION_NAME, auth.group(3))
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
            .request();
    String expected = resigned.firstMatchingHeader("Authorization").orElse("");
    return expected.equals(authorization) && auth.group(4).equals("sts")
        ? key.arn()
        : error(
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the" + " signature you provided.");
  }

  private static String error(String code, String message) {
    return "<Code>" + code + "</Code><Message>" + message + "</Message>";
  }

  /** What each GetCallerIdentity was answered: an ARN, or the error. */
  public List<String> answers() {
    return List.copyOf(answers);
  }

  private void forward(HttpExchange exchange, String upstream, byte[] body) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI()))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
              }
            });
    try {
      HttpResponse<byte[]> answer =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      answer
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                  values.forEach(v -> exchange.getResponseHeaders().add(name, v));
                }
              });
      exchange.sendResponseHeaders(
          answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
      exchange.getResponseBody().write(answer.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/xml");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
