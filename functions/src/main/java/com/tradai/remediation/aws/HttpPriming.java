package com.tradai.remediation.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * SnapStart priming of the HTTP client itself, which {@link CannedAnswers} stands in for: a
 * throwaway client built as {@link AwsClients} builds the real one (its TLS context included) sends
 * one request to a one-shot listener on the loopback address inside this process, which answers
 * 200. So the JDK's HTTP connection, socket and stream classes are loaded before the snapshot. The
 * request never leaves the machine and reaches no AWS service; the connection is closed after it,
 * so the snapshot holds no open socket.
 */
public final class HttpPriming {
  private HttpPriming() {}

  /** Returns the status the loopback listener answered (200). */
  public static int run() {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        SdkHttpClient client = UrlConnectionHttpClient.builder().build()) {
      Thread answering =
          Thread.ofPlatform().daemon().name("http-priming").start(() -> answerOnce(listener));
      SdkHttpFullRequest request =
          SdkHttpFullRequest.builder()
              .method(SdkHttpMethod.POST)
              .uri(
                  URI.create(
                      "http://"
                          + InetAddress.getLoopbackAddress().getHostAddress()
                          + ":"
                          + listener.getLocalPort()
                          + "/"))
              .putHeader("Content-Type", "application/x-amz-json-1.1")
              .putHeader("Connection", "close")
              .contentStreamProvider(
                  () -> new java.io.ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)))
              .build();
      HttpExecuteResponse response =
          client
              .prepareRequest(
                  HttpExecuteRequest.builder()
                      .request(request)
                      .contentStreamProvider(request.contentStreamProvider().orElseThrow())
                      .build())
              .call();
      try (InputStream body = response.responseBody().orElseThrow()) {
        body.readAllBytes();
      }
      answering.join(2_000);
      return response.httpResponse().statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void answerOnce(ServerSocket listener) {
    try (Socket socket = listener.accept()) {
      InputStream in = socket.getInputStream();
      // Headers up to the blank line, then the 2-byte body the request carries.
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          return;
        }
        matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : 0;
      }
      in.readNBytes(2);
      OutputStream out = socket.getOutputStream();
      out.write(
          "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      // the client side reports the failure
    }
  }
}
