package com.tradai.remediation.operator;

import com.tradai.remediation.core.LogSafe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The adapter that asks STS who signed a proof: it sends the operator's signed {@code
 * GetCallerIdentity} request, with the body and the binding headers this function computed, to the
 * STS endpoint of this function's own configuration (never to an address from the payload). STS
 * checks the signature and its 15-minute clock window; the answer's {@code Arn} is the signer.
 */
public final class StsCallerIdentity implements CallerIdentity {
  /**
   * Set by the HTTP client from the URI and body; a signature over them is checked against the URI.
   */
  private static final Set<String> SET_BY_CLIENT =
      Set.of("host", "content-length", "connection", "expect", "upgrade");

  private static final Pattern ARN = Pattern.compile("<Arn>([^<]{1,2048})</Arn>");
  private static final Pattern CODE = Pattern.compile("<Code>([^<]{1,200})</Code>");
  private static final Pattern MESSAGE = Pattern.compile("<Message>([^<]{1,500})</Message>");

  private final URI sts;
  private final HttpClient http;
  private final Duration timeout;

  public StsCallerIdentity(URI sts, Duration timeout) {
    this.sts = sts;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public URI endpoint() {
    return sts;
  }

  @Override
  public Answer whoSigned(Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(sts)
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofString(SignedCommand.STS_BODY));
    headers.forEach(
        (name, value) -> {
          if (!SET_BY_CLIENT.contains(name)) {
            request.header(name, value);
          }
        });
    try {
      HttpResponse<String> answer =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      Matcher arn = ARN.matcher(answer.body());
      if (answer.statusCode() == 200 && arn.find()) {
        return new Answer.Authenticated(arn.group(1).strip());
      }
      return new Answer.NotAuthenticated(
          "STS refused the proof (HTTP "
              + answer.statusCode()
              + " "
              + find(CODE, answer.body())
              + ": "
              + find(MESSAGE, answer.body())
              + ")");
    } catch (IOException e) {
      return new Answer.NotAuthenticated(
          "STS at "
              + sts
              + " could not be asked ("
              + LogSafe.clean(e.getClass().getSimpleName() + ": " + e.getMessage())
              + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer.NotAuthenticated("interrupted while asking STS");
    }
  }

  private static String find(Pattern p, String body) {
    Matcher m = p.matcher(body);
    return m.find() ? LogSafe.clean(m.group(1)) : "no detail";
  }
}
