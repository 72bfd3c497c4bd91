package com.tradai.remediation.aws;

import com.tradai.remediation.core.ResourceRef;
import com.tradai.remediation.core.ResourceState;
import com.tradai.remediation.ports.ResourceReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One GET per configured URL with a short timeout: the exchange pings and the services'
 * /api/v1/health endpoints. A failure is evidence (status 0 with the error), never an exception.
 * The JDK client is built at the first probe: building it loads its classes and starts a selector
 * thread, which only the runbooks that probe should pay for.
 */
public final class HttpProber implements ResourceReader {
  private final AwsClients.Lazy<HttpClient> http;
  private final Duration timeout;

  public HttpProber(Duration timeout) {
    this.timeout = timeout;
    this.http =
        new AwsClients.Lazy<>(
            () ->
                HttpClient.newBuilder()
                    .connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build());
  }

  @Override
  public boolean supports(ResourceRef ref) {
    return ref instanceof ResourceRef.HttpProbes;
  }

  @Override
  public ResourceState read(ResourceRef ref) {
    ResourceRef.HttpProbes p = (ResourceRef.HttpProbes) ref;
    List<ResourceState.Probe> out = new ArrayList<>();
    for (String url : p.urls()) {
      out.add(probe(url));
    }
    return new ResourceState.HttpProbes(p.purpose(), out);
  }

  ResourceState.Probe probe(String url) {
    long start = System.nanoTime();
    try {
      HttpResponse<Void> r =
          http.get()
              .send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
                  HttpResponse.BodyHandlers.discarding());
      return new ResourceState.Probe(url, r.statusCode(), elapsed(start), "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ResourceState.Probe(url, 0, elapsed(start), "interrupted");
    } catch (Exception e) {
      String what =
          e instanceof java.net.http.HttpTimeoutException
              ? "timed out after " + timeout.toMillis() + " ms"
              : e.getClass().getSimpleName()
                  + (e.getMessage() == null ? "" : ": " + e.getMessage());
      return new ResourceState.Probe(url, 0, elapsed(start), what);
    }
  }

  private static long elapsed(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
