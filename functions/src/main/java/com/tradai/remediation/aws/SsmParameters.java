package com.tradai.remediation.aws;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.lambda.powertools.parameters.ssm.SSMProvider;

/**
 * Reads SSM parameters through Powertools' SSM provider, on our own configured {@link SsmClient}
 * (region, endpoint, retries and the shared HTTP client from {@link AwsClients}), with its cache:
 * each read names how long a value may be reused.
 */
public final class SsmParameters {
  private final AwsClients.Lazy<SSMProvider> provider;

  public SsmParameters(Supplier<SsmClient> client) {
    this.provider = new AwsClients.Lazy<>(() -> SSMProvider.builder().withClient(client.get()).build());
  }

  /** The parameter's value, reused for up to {@code maxAge}; empty when the parameter does not exist. */
  public Optional<String> get(String name, Duration maxAge) {
    try {
      return Optional.ofNullable(provider.get()
          .withMaxAge((int) Math.max(1, maxAge.toSeconds()), ChronoUnit.SECONDS).get(name));
    } catch (ParameterNotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      if (e.getCause() instanceof ParameterNotFoundException) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
