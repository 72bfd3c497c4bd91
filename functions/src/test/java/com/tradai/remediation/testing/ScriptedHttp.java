package com.tradai.remediation.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A JDK HttpServer on a free loopback port that answers from a script and records every request.
 * Used where moto cannot serve an API (provisioned concurrency, Performance Insights, ...) and for
 * the health and exchange endpoints.
 */
public final class ScriptedHttp implements AutoCloseable {
  public record Request(
      String method,
      String path,
      String query,
      Map<String, List<String>> headers,
      String body,
      byte[] bytes) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .findFirst()
          .map(e -> e.getValue().getFirst())
          .orElse(null);
    }
  }

  public record Response(
      int status, String contentType, byte[] bytes, long delayMs, Map<String, String> headers) {
    public Response(int status, String contentType, String body, long delayMs) {
      this(status, contentType, body.getBytes(StandardCharsets.UTF_8), delayMs, Map.of());
    }

    public static Response json(int status, String body) {
      return new Response(status, "application/json", body, 0);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  public ScriptedHttp(Function<Request, Response> script) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          byte[] raw = exchange.getRequestBody().readAllBytes();
          Request r =
              new Request(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestURI().getRawQuery(),
                  Map.copyOf(exchange.getRequestHeaders()),
                  new String(raw, StandardCharsets.UTF_8),
                  raw);
          requests.add(r);
          Response out = script.apply(r);
          if (out.delayMs() > 0) {
            try {
              Thread.sleep(out.delayMs());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          byte[] body = out.bytes();
          exchange.getResponseHeaders().add("Content-Type", out.contentType());
          out.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
          exchange.sendResponseHeaders(out.status(), body.length == 0 ? -1 : body.length);
          if (body.length > 0) {
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
