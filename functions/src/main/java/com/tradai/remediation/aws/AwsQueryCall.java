package com.tradai.remediation.aws;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * One call in AWS's query protocol (a signed, form-encoded POST of {@code Action}, {@code Version}
 * and the parameters; an XML answer), signed with the SDK's own SigV4 signer and sent over the
 * shared HTTP client. CloudWatch's alarm reads use it: the SDK's CloudWatch client speaks Smithy
 * RPCv2 CBOR, which the local emulator (moto) cannot answer, while real CloudWatch and moto both
 * serve the query protocol. Throttling and 5xx answers are retried up to {@code maxAttempts} with a
 * short backoff; other errors throw {@link Failure} with the service's error code. Each call (not
 * attempt) is reported to {@code onCall} as "Service:Action", as the SDK interceptors see SDK
 * calls.
 */
public final class AwsQueryCall {
  private final SignedPost post;
  private final String version;
  private final String service;
  private final String label;
  private final int maxAttempts;
  private final Consumer<String> onCall;

  /**
   * @param signingName SigV4 signing name ("monitoring" for CloudWatch)
   * @param version the API version every request names ("2010-08-01")
   * @param service the SDK's service name, for call counting ("CloudWatch")
   * @param label how errors name the service
   */
  public AwsQueryCall(
      SdkHttpClient http,
      AwsCredentialsProvider credentials,
      String region,
      String signingName,
      String version,
      String service,
      String label,
      URI endpoint,
      int maxAttempts,
      Consumer<String> onCall) {
    this.post = new SignedPost(http, credentials, region, signingName, endpoint);
    this.version = version;
    this.service = service;
    this.label = label;
    this.maxAttempts = Math.max(1, maxAttempts);
    this.onCall = onCall;
  }

  /**
   * An error answer: {@code code} is the service's error code ("Throttling", "ValidationError").
   */
  public static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    Failure(String label, int status, String code, String message) {
      super(label + " answered " + status + " " + code + (message.isEmpty() ? "" : " " + message));
      this.status = status;
      this.code = code;
    }

    public int status() {
      return status;
    }

    public String code() {
      return code;
    }
  }

  /** Calls {@code action} with {@code parameters} (in order); the answer's root element. */
  public Element call(String action, Map<String, String> parameters) {
    onCall.accept(service + ":" + action);
    StringBuilder form =
        new StringBuilder("Action=")
            .append(encode(action))
            .append("&Version=")
            .append(encode(version));
    parameters.forEach((k, v) -> form.append('&').append(encode(k)).append('=').append(encode(v)));
    byte[] payload = form.toString().getBytes(StandardCharsets.UTF_8);
    return SignedPost.retrying(
        maxAttempts,
        () -> attempt(payload),
        Failure.class,
        f ->
            f.status() >= 500
                || f.code().startsWith("Throttl")
                || f.code().equals("RequestLimitExceeded"));
  }

  private Element attempt(byte[] payload) {
    SignedPost.Answer answer =
        post.send(
            Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
            payload,
            label);
    Optional<Element> root = parse(answer.body());
    if (answer.status() / 100 != 2 || root.isEmpty()) {
      Optional<Element> error = root.flatMap(r -> child(r, "Error"));
      String code = error.flatMap(e -> text(e, "Code")).orElse(root.isEmpty() ? "NotXml" : "");
      String message =
          error
              .flatMap(e -> text(e, "Message"))
              .orElseGet(
                  () ->
                      new String(
                              answer.body(),
                              0,
                              Math.min(answer.body().length, 200),
                              StandardCharsets.UTF_8)
                          .strip());
      throw new Failure(label, answer.status(), code, message);
    }
    return root.get();
  }

  /** The answer's root element; empty when the body is not XML (an emulator's HTML 404). */
  static Optional<Element> parse(byte[] body) {
    if (body.length == 0) {
      return Optional.empty();
    }
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      // an answer is data, never a document that may pull in others
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      return Optional.of(
          factory.newDocumentBuilder().parse(new ByteArrayInputStream(body)).getDocumentElement());
    } catch (Exception notXml) {
      return Optional.empty();
    }
  }

  /** The first child element named {@code name} (namespaces ignored). */
  public static Optional<Element> child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(localName(e))) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** The child elements named {@code name}, in order. */
  public static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(localName(e))) {
        out.add(e);
      }
    }
    return out;
  }

  /** The trimmed text of the child {@code name}; empty when absent or blank. */
  public static Optional<String> text(Element parent, String name) {
    return child(parent, name).map(e -> e.getTextContent().strip()).filter(s -> !s.isEmpty());
  }

  private static String localName(Element e) {
    return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
