package com.tradai.remediation.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.operator.SignedCommand;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * A command the operator function runs only for an operator role: wrapped with a proof of who sends
 * it, signed with the operator's own credentials ({@link SignedCommand}) for the STS endpoint of
 * the stack's region (or the --endpoint emulator) and for the operator function the stack names.
 */
final class SignedPayload {
  private SignedPayload() {}

  static String of(
      ObjectNode payload,
      String operatorFunctionArn,
      Region region,
      AwsCredentialsProvider credentials,
      Optional<URI> endpoint,
      Clock clock) {
    return SignedCommand.envelope(
            Json.MAPPER,
            payload.toString(),
            functionName(operatorFunctionArn),
            SignedCommand.stsEndpoint(region.id(), endpoint),
            region.id(),
            credentials.resolveCredentials(),
            clock)
        .toString();
  }

  /** {@code arn:aws:lambda:R:A:function:NAME[:QUALIFIER]} → NAME. */
  static String functionName(String arn) {
    String[] parts = arn.split(":");
    return parts.length >= 7 ? parts[6] : arn;
  }
}
