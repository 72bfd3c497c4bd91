package com.tradai.remediation.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
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
 * One POST to an AWS endpoint, signed with the SDK's own SigV4 signer and sent over the shared HTTP
 * client: the wire part the hand-written protocol calls ({@link AwsJsonCall}, {@link AwsQueryCall})
 * share. Retrying and reading the answer are theirs.
 */
record SignedPost(
    SdkHttpClient http,
    AwsCredentialsProvider credentials,
    String region,
    String signingName,
    URI endpoint) {

  /** The answer: its HTTP status and body. */
  record Answer(int status, byte[] body) {}

  Answer send(Map<String, String> headers, byte[] payload, String label) {
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint.resolve("/"));
    headers.forEach(request::putHeader);
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(credentials.resolveCredentials())
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArrayUnsafe(payload))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    try {
      HttpExecuteResponse response =
          http.prepareRequest(
                  HttpExecuteRequest.builder()
                      .request(signed.request())
                      .contentStreamProvider(signed.payload().orElse(null))
                      .build())
              .call();
      try (InputStream in = response.responseBody().orElse(null)) {
        return new Answer(
            response.httpResponse().statusCode(), in == null ? new byte[0] : in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(label + " call failed", e);
    }
  }

  /**
   * Runs {@code call} up to {@code maxAttempts} times while {@code retryable} says its failure may
   * pass.
   */
  static <T, F extends RuntimeException> T retrying(
      int maxAttempts,
      java.util.function.Supplier<T> call,
      Class<F> failure,
      java.util.function.Predicate<F> retryable) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (RuntimeException e) {
        if (!failure.isInstance(e) || !retryable.test(failure.cast(e)) || attempt >= maxAttempts) {
          throw e;
        }
        try {
          Thread.sleep(50L << attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
