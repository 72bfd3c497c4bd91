package com.tradai.remediation.testing;

import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.operator.SignedCommand;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * An operator's signed command for tests, made by the production signer ({@link SignedCommand}):
 * the credentials are a session of a role that moto's STS hands out (AssumeRole), so moto's
 * GetCallerIdentity names {@code arn:aws:sts::123456789012:assumed-role/ROLE/SESSION}, as AWS
 * would.
 */
public final class OperatorSigning {
  /** The operator role the demo environment's functions accept (note the path STS drops). */
  public static final String ONCALL_ROLE = "arn:aws:iam::123456789012:role/ops/tradai-oncall";

  public static final String ONCALL_SESSION =
      "arn:aws:sts::123456789012:assumed-role/tradai-oncall/alice";

  /** A role of the same account that is no operator. */
  public static final String DEVELOPER_ROLE = "arn:aws:iam::123456789012:role/developer";

  private OperatorSigning() {}

  /**
   * {@code command} signed by a session "alice" of the on-call role, for the function of {@code
   * vars}.
   */
  public static byte[] asOncall(Map<String, String> vars, String command) {
    return signed(vars, command, session(vars, ONCALL_ROLE, "alice"));
  }

  /** {@code command} signed with these credentials for the operator function of {@code vars}. */
  public static byte[] signed(
      Map<String, String> vars, String command, AwsCredentialsIdentity credentials) {
    String region = vars.get("AWS_REGION");
    String function =
        vars.getOrDefault("TRADAI_PROJECT", "tradai")
            + "-remediation-operator-"
            + vars.get("TRADAI_ENV");
    URI sts =
        SignedCommand.stsEndpoint(
            region, Optional.ofNullable(vars.get("AWS_ENDPOINT_URL")).map(URI::create));
    return SignedCommand.envelope(
            Json.MAPPER, command, function, sts, region, credentials, Clock.systemUTC())
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A session of {@code roleArn} from the STS at AWS_ENDPOINT_URL (moto). */
  public static AwsSessionCredentials session(
      Map<String, String> vars, String roleArn, String name) {
    URI sts = URI.create(vars.get("AWS_ENDPOINT_URL") + "/");
    String body =
        "Action=AssumeRole&Version=2011-06-15&RoleSessionName="
            + name
            + "&RoleArn="
            + URLEncoder.encode(roleArn, StandardCharsets.UTF_8);
    SdkHttpRequest request =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(
                            AwsBasicCredentials.create(
                                DemoEnvironment.ACCESS_KEY_ID, DemoEnvironment.SECRET_ACCESS_KEY))
                        .request(
                            SdkHttpRequest.builder()
                                .method(SdkHttpMethod.POST)
                                .uri(sts)
                                .putHeader("content-type", SignedCommand.CONTENT_TYPE)
                                .build())
                        .payload(ContentStreamProvider.fromUtf8String(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, vars.get("AWS_REGION")))
            .request();
    HttpRequest.Builder http =
        HttpRequest.newBuilder(sts).POST(HttpRequest.BodyPublishers.ofString(body));
    request
        .headers()
        .forEach(
            (k, v) -> {
              if (!k.equalsIgnoreCase("host")) {
                http.header(k, v.getFirst());
              }
            });
    try (HttpClient client = HttpClient.newHttpClient()) {
      String xml = client.send(http.build(), HttpResponse.BodyHandlers.ofString()).body();
      return AwsSessionCredentials.create(
          tag(xml, "AccessKeyId"), tag(xml, "SecretAccessKey"), tag(xml, "SessionToken"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String tag(String xml, String name) {
    Matcher m = Pattern.compile("<" + name + ">([^<]+)</" + name + ">").matcher(xml);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in STS answer: " + xml);
    }
    return m.group(1);
  }
}
