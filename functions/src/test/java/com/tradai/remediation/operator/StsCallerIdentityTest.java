package com.tradai.remediation.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.testing.StsSignatureDouble;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * The function's STS adapter against a signature-checking STS double: the proof the CLI's signer
 * makes is accepted with the signer's ARN; a wrong secret, a header changed after signing, no
 * signature or an unknown key are refused with STS's error code, and no ARN comes back.
 */
class StsCallerIdentityTest {
  private static final String KEY = "AKIAOPERATOR0TEST001";
  private static final String SECRET = "operator-test-secret/0123456789";
  private static final String SESSION =
      "arn:aws:sts::111122223333:assumed-role/tradai-oncall/alice";
  private static final String COMMAND = "{\"command\":\"reset-breaker\"}";

  private final StsSignatureDouble double_ =
      new StsSignatureDouble(
          "http://127.0.0.1:9", Map.of(KEY, new StsSignatureDouble.Key(SECRET, SESSION)));
  private final URI sts =
      SignedCommand.stsEndpoint("eu-west-1", Optional.of(URI.create(double_.endpoint())));
  private final StsCallerIdentity identity = new StsCallerIdentity(sts, Duration.ofSeconds(5));

  @AfterEach
  void close() {
    double_.close();
  }

  private Map<String, String> proof(String key, String secret) {
    JsonNode envelope =
        SignedCommand.envelope(
            Json.MAPPER,
            COMMAND,
            "tradai-remediation-operator-dev",
            sts,
            "eu-west-1",
            AwsBasicCredentials.create(key, secret),
            Clock.systemUTC());
    return SignedCommand.parse(envelope).orElseThrow().headers();
  }

  @Test
  void theSignersProofIsAnsweredWithItsArn() {
    assertThat(identity.whoSigned(proof(KEY, SECRET)))
        .isEqualTo(new CallerIdentity.Answer.Authenticated(SESSION));
  }

  @Test
  void aWrongSecretIsRefused() {
    assertThat(identity.whoSigned(proof(KEY, "guessed")))
        .isEqualTo(
            new CallerIdentity.Answer.NotAuthenticated(
                "STS refused the proof (HTTP 403 SignatureDoesNotMatch: The request signature we calculated"
                    + " does not match the signature you provided.)"));
  }

  @Test
  void aHeaderChangedAfterSigningIsRefused() {
    Map<String, String> headers = new LinkedHashMap<>(proof(KEY, SECRET));
    headers.put(SignedCommand.COMMAND_DIGEST, SignedCommand.digest("{\"command\":\"approve\"}"));
    assertThat(identity.whoSigned(headers))
        .isInstanceOf(CallerIdentity.Answer.NotAuthenticated.class)
        .asString()
        .contains("SignatureDoesNotMatch");
  }

  @Test
  void anUnsignedRequestIsRefused() {
    Map<String, String> headers = new LinkedHashMap<>(proof(KEY, SECRET));
    headers.remove("authorization");
    assertThat(identity.whoSigned(headers)).asString().contains("MissingAuthenticationToken");
  }

  @Test
  void aKeyStsDoesNotKnowIsRefused() {
    assertThat(identity.whoSigned(proof("AKIAUNKNOWN000000000", SECRET)))
        .asString()
        .contains("InvalidClientTokenId");
    assertThat(double_.answers()).allMatch(a -> !a.startsWith("arn:"));
  }
}
