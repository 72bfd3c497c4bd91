package com.tradai.remediation.operator;

import java.net.URI;
import java.util.Map;

/** The port to whoever checks a signed proof: STS in AWS ({@link StsCallerIdentity}). */
public interface CallerIdentity {
  /** Where proofs are checked: a proof must be signed for this host. */
  URI endpoint();

  /** Who signed the GetCallerIdentity request with these headers, as the checker says. */
  Answer whoSigned(Map<String, String> headers);

  sealed interface Answer {
    record Authenticated(String arn) implements Answer {}

    record NotAuthenticated(String why) implements Answer {}
  }
}
