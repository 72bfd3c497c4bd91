package com.tradai.remediation.aws;

import com.tradai.remediation.handler.Config;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds SDK clients lazily, only the ones a run needs, all sharing one HTTP client. Region and
 * credentials come straight from the environment so no provider chain is searched on a cold start.
 */
public final class AwsClients implements AutoCloseable {
  private final Config config;
  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final Lazy<CloudWatchClient> cloudWatch;
  private final Lazy<EcsClient> ecs;
  private final Lazy<SnsClient> sns;
  private final Lazy<SqsClient> sqs;

  public AwsClients(Config config) {
    this.config = config;
    this.http = UrlConnectionHttpClient.builder().build();
    this.credentials = credentials(config.raw());
    this.cloudWatch = new Lazy<>(() -> configure(CloudWatchClient.builder()).build());
    this.ecs = new Lazy<>(() -> configure(EcsClient.builder()).build());
    this.sns = new Lazy<>(() -> configure(SnsClient.builder()).build());
    this.sqs = new Lazy<>(() -> configure(SqsClient.builder()).build());
  }

  public CloudWatchClient cloudWatch() {
    return cloudWatch.get();
  }

  public EcsClient ecs() {
    return ecs.get();
  }

  public SnsClient sns() {
    return sns.get();
  }

  public SqsClient sqs() {
    return sqs.get();
  }

  /** Applies region, credentials, endpoint, retry policy and the shared HTTP client. */
  public <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
    builder.region(Region.of(config.region())).credentialsProvider(credentials);
    config.endpoint().ifPresent(builder::endpointOverride);
    builder.overrideConfiguration(ClientOverrideConfiguration.builder()
        .retryStrategy(RetryMode.STANDARD)
        .retryStrategy(b -> b.maxAttempts(config.maxAttempts()))
        .build());
    if (builder instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
      sync.httpClient(http);
    }
    return builder;
  }

  private static AwsCredentialsProvider credentials(Map<String, String> env) {
    String key = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (key == null || secret == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    String token = env.get("AWS_SESSION_TOKEN");
    return StaticCredentialsProvider.create(token == null || token.isBlank()
        ? AwsBasicCredentials.create(key, secret)
        : AwsSessionCredentials.create(key, secret, token));
  }

  @Override
  public void close() {
    cloudWatch.ifCreated(CloudWatchClient::close);
    ecs.ifCreated(EcsClient::close);
    sns.ifCreated(SnsClient::close);
    sqs.ifCreated(SqsClient::close);
    http.close();
  }

  /** A value built on first use. Lambda runs one event at a time, but verification may not. */
  public static final class Lazy<T> {
    private final Supplier<T> factory;
    private volatile T value;

    public Lazy(Supplier<T> factory) {
      this.factory = factory;
    }

    public T get() {
      T v = value;
      if (v == null) {
        synchronized (this) {
          v = value;
          if (v == null) {
            v = factory.get();
            value = v;
          }
        }
      }
      return v;
    }

    public void ifCreated(java.util.function.Consumer<T> action) {
      if (value != null) {
        action.accept(value);
      }
    }
  }
}
