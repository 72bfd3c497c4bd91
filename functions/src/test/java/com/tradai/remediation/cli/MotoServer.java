package com.tradai.remediation.cli;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A moto_server process on a free loopback port, for the demo and the tests. Stopping it ends only
 * the process this class started.
 */
public final class MotoServer implements AutoCloseable {
  private final Process process;
  private final int port;

  private MotoServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static MotoServer start() throws IOException {
    String binary = findBinary();
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      Process p =
          new ProcessBuilder(List.of(binary, "-H", "127.0.0.1", "-p", String.valueOf(port)))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      MotoServer server = new MotoServer(p, port);
      try {
        server.awaitReady(Duration.ofSeconds(30));
        return server;
      } catch (IOException e) {
        last = e;
        server.close();
      }
    }
    throw last;
  }

  /**
   * MOTO_SERVER if set; else the real binary beside python3 (faster than a pyenv shim); else PATH.
   */
  static String findBinary() throws IOException {
    String configured = System.getenv("MOTO_SERVER");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    try {
      Process p =
          new ProcessBuilder("python3", "-c", "import sys; print(sys.prefix)")
              .redirectErrorStream(true)
              .start();
      String prefix = new String(p.getInputStream().readAllBytes()).trim();
      if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
        Path candidate = Path.of(prefix, "bin", "moto_server");
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    } catch (IOException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
    return "moto_server";
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void awaitReady(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "moto_server exited with "
                + process.exitValue()
                + "; is it installed? (pip install 'moto[server]', or set MOTO_SERVER)");
      }
      try {
        HttpURLConnection c =
            (HttpURLConnection) URI.create(endpoint() + "/moto-api/").toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(2000);
        if (c.getResponseCode() < 500) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for moto_server", e);
      }
    }
    throw new IOException("moto_server did not answer on port " + port + " within " + timeout);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  public int port() {
    return port;
  }

  /** A message in moto's SQS, visible or not, with the delay it was sent with. */
  public record SqsMessage(String body, long delaySeconds, boolean delayed) {}

  /**
   * Every SQS message moto holds, from its state dump ({@code GET /moto-api/data.json}). A delayed
   * message is invisible to ReceiveMessage until its delay passes, as on AWS; this reads it now.
   */
  public List<SqsMessage> sqsMessages() throws IOException {
    try (java.io.InputStream in =
        URI.create(endpoint() + "/moto-api/data.json").toURL().openStream()) {
      com.fasterxml.jackson.databind.JsonNode root =
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
      List<SqsMessage> out = new java.util.ArrayList<>();
      for (com.fasterxml.jackson.databind.JsonNode m : root.path("sqs").path("Message")) {
        long delayMillis = m.path("delayed_until").asLong(0) - m.path("sent_timestamp").asLong(0);
        out.add(
            new SqsMessage(
                m.path("body").asText(),
                Math.round(Math.max(0, delayMillis) / 1000.0),
                m.path("delayed").asBoolean()));
      }
      return out;
    }
  }

  /** Wipes all emulated state (about 20 ms), so tests do not see each other's resources. */
  public void reset() throws IOException {
    HttpURLConnection c =
        (HttpURLConnection) URI.create(endpoint() + "/moto-api/reset").toURL().openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.getOutputStream().close();
    if (c.getResponseCode() != 200) {
      throw new IOException("moto reset answered " + c.getResponseCode());
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
