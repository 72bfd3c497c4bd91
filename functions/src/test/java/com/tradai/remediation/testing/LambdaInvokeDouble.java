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
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * One loopback endpoint in front of moto: Lambda's Invoke ({@code POST
 * /2015-03-31/functions/{name}/invocations}) is answered by a function given here (usually a real
 * handler run in-process), because moto's own Invoke needs Docker; every other request is passed to
 * moto as it came. So a client pointed at one endpoint, like the ops CLI with --endpoint, meets
 * moto for SSM, DynamoDB and CloudFormation and the double for Invoke.
 */
public final class LambdaInvokeDouble implements AutoCloseable {
  private static final String INVOKE = "/2015-03-31/functions/";
  private static final Set<String> HOP =
      Set.of("host", "content-length", "connection", "expect", "transfer-encoding", "upgrade");

  /** One Invoke as it arrived: the function name (with any qualifier) and the payload. */
  public record Invocation(String function, String payload) {}

  private final HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Invocation> invocations = new CopyOnWriteArrayList<>();

  public LambdaInvokeDouble(String motoEndpoint, UnaryOperator<byte[]> function) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestMethod().equals("POST")
                && path.startsWith(INVOKE)
                && path.endsWith("/invocations")) {
              String name =
                  java.net.URLDecoder.decode(
                      path.substring(INVOKE.length(), path.length() - "/invocations".length()),
                      StandardCharsets.UTF_8);
              String qualifier = exchange.getRequestURI().getQuery();
              invocations.add(
                  new Invocation(
                      name + (qualifier == null ? "" : "?" + qualifier),
                      new String(body, StandardCharsets.UTF_8)));
              respond(exchange, 200, function.apply(body));
            } else {
              forward(exchange, motoEndpoint, body);
            }
          }
        });
    // a function that calls back through this endpoint (the operator function asking STS) is served
    // while its Invoke is still open
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  private void forward(HttpExchange exchange, String moto, byte[] body) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(moto + exchange.getRequestURI()))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
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
                if (!HOP.contains(name.toLowerCase(java.util.Locale.ROOT))
                    && !name.startsWith(":")) {
                  values.forEach(v -> exchange.getResponseHeaders().add(name, v));
                }
              });
      respond(exchange, answer.statusCode(), answer.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    exchange.getResponseBody().write(body);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Invocation> invocations() {
    return List.copyOf(invocations);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
