package com.tradai.remediation.aws;

import com.tradai.remediation.config.Config;
import com.tradai.remediation.ports.AlarmLookup;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Builds SDK clients lazily, only the ones a run needs, all sharing one HTTP client. Region and
 * credentials come straight from the environment so no provider chain is searched on a cold start.
 */
public final class AwsClients implements AutoCloseable {
  private final Config config;
  private final Lazy<SdkHttpClient> http;
  private final AwsCredentialsProvider credentials;
  private final Lazy<CloudWatchClient> cloudWatch;
  private final Lazy<EcsClient> ecs;
  private final Lazy<SnsClient> sns;
  private final Lazy<LambdaClient> lambda;
  private final Lazy<RdsClient> rds;
  private final Lazy<DynamoDbClient> dynamoDb;
  private final Lazy<CloudWatchLogsClient> logs;
  private final Lazy<PerformanceInsights> performanceInsights;
  private final Lazy<CloudWatchQueryAlarms> alarms;

  private final List<ExecutionInterceptor> interceptors;
  private final java.time.Duration backoffBase;
  private final Lazy<SsmClient> ssm;
  private final Lazy<SqsClient> sqs;
  private final Lazy<AwsQueryCall> iam;

  public AwsClients(Config config) {
    this(config, List.of());
  }

  /** Interceptors see every call of every client: the benchmark counts calls with one. */
  public AwsClients(Config config, List<ExecutionInterceptor> interceptors) {
    this(config, interceptors, null);
  }

  /**
   * @param backoffBase the base of the exponential backoff (with jitter) for every kind of retry,
   *     throttling included; null keeps the SDK's standard-mode defaults (100 ms, throttling 1 s).
   *     Tests that inject thousands of faults shorten it; the bounded attempt count stays the same.
   */
  public AwsClients(
      Config config, List<ExecutionInterceptor> interceptors, java.time.Duration backoffBase) {
    // Built with the first client: its TLS set-up is the first client's to pay, not the handler's.
    this(
        config,
        interceptors,
        backoffBase,
        () -> UrlConnectionHttpClient.builder().build(),
        credentials(config.raw()));
  }

  /**
   * Clients of this configuration (region, endpoints, retry strategy) over an in-process HTTP
   * client such as {@link CannedAnswers}, with made-up credentials and no interceptors: for
   * SnapStart priming, whose calls are no AWS calls and must not be counted as any.
   */
  public static AwsClients primingTwin(Config config, SdkHttpClient canned) {
    return new AwsClients(
        config,
        List.of(),
        null,
        () -> canned,
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create(
                "AKIAPRIMINGPRIMING00", "priming-credentials-sign-nothing-real")));
  }

  private AwsClients(
      Config config,
      List<ExecutionInterceptor> interceptors,
      java.time.Duration backoffBase,
      Supplier<SdkHttpClient> http,
      AwsCredentialsProvider credentials) {
    this.config = config;
    this.backoffBase = backoffBase;
    this.interceptors = List.copyOf(interceptors);
    this.http = new Lazy<>(http);
    this.credentials = credentials;
    this.cloudWatch = new Lazy<>(() -> configure(CloudWatchClient.builder()).build());
    this.ecs = new Lazy<>(() -> configure(EcsClient.builder()).build());
    this.sns = new Lazy<>(() -> configure(SnsClient.builder()).build());
    this.lambda = new Lazy<>(() -> configure(LambdaClient.builder()).build());
    this.rds = new Lazy<>(() -> configure(RdsClient.builder()).build());
    this.dynamoDb = new Lazy<>(() -> configure(DynamoDbClient.builder()).build());
    this.logs = new Lazy<>(() -> configure(CloudWatchLogsClient.builder()).build());
    this.performanceInsights =
        new Lazy<>(() -> new PerformanceInsights(jsonCall("pi", "Pi", "Performance Insights", 1)));
    this.alarms = new Lazy<>(() -> new CloudWatchQueryAlarms(queryCall()));
    this.ssm = new Lazy<>(() -> configure(SsmClient.builder()).build());
    this.sqs = new Lazy<>(() -> configure(SqsClient.builder()).build());
    this.iam = new Lazy<>(this::iamQuery);
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

  public LambdaClient lambda() {
    return lambda.get();
  }

  public RdsClient rds() {
    return rds.get();
  }

  public DynamoDbClient dynamoDb() {
    return dynamoDb.get();
  }

  public CloudWatchLogsClient logs() {
    return logs.get();
  }

  /** Performance Insights' DescribeDimensionKeys, signed and sent over the shared HTTP client. */
  public PerformanceInsights performanceInsights() {
    return performanceInsights.get();
  }

  public SsmClient ssm() {
    return ssm.get();
  }

  /**
   * CloudWatch's alarm reads over the query protocol (the SDK client speaks CBOR; see
   * CloudWatchQueryAlarms).
   */
  public AlarmLookup alarms() {
    return new AlarmLookup() { // built on first use, like the SDK clients
      @Override
      public java.util.Optional<com.tradai.remediation.alarm.CloudWatchAlarm> describe(
          String alarmName) {
        return alarms.get().describe(alarmName);
      }

      @Override
      public java.util.List<com.tradai.remediation.alarm.CloudWatchAlarm.StateUpdate> stateUpdates(
          String alarmName, java.time.Instant from, java.time.Instant to) {
        return alarms.get().stateUpdates(alarmName, from, to);
      }
    };
  }

  /**
   * The query-protocol caller CloudWatch's alarm reads use, for a caller of its own (test seeding).
   */
  public AwsQueryCall cloudWatchQuery() {
    return queryCall();
  }

  /**
   * CloudWatch's query protocol, signed as "monitoring": endpoint
   * AWS_ENDPOINT_URL_CLOUDWATCH_QUERY, else AWS_ENDPOINT_URL, else the regional endpoint. Not
   * AWS_ENDPOINT_URL_CLOUDWATCH, which points the SDK's CBOR client elsewhere (a local CBOR double
   * need not speak the query protocol).
   */
  private AwsQueryCall queryCall() {
    java.net.URI endpoint =
        endpointFor("CloudWatch_Query")
            .or(config::endpoint)
            .orElse(
                java.net.URI.create("https://monitoring." + config.region() + ".amazonaws.com"));
    return new AwsQueryCall(
        http.get(),
        credentials,
        config.region(),
        "monitoring",
        "2010-08-01",
        "CloudWatch",
        "CloudWatch",
        endpoint,
        config.maxAttempts(),
        this::countCall);
  }

  /** Reports a hand-signed call to the {@link CallCounter}s among the interceptors. */
  private void countCall(String call) {
    interceptors.stream()
        .filter(CallCounter.class::isInstance)
        .forEach(c -> ((CallCounter) c).record(call));
  }

  /**
   * A signed awsJson1_1 caller for a service without its SDK module: same region, credentials,
   * endpoint (AWS_ENDPOINT_URL_{NAME} or AWS_ENDPOINT_URL) and HTTP client as the SDK clients, and
   * every call reported to the {@link CallCounter}s among the interceptors.
   */
  private AwsJsonCall jsonCall(String signingName, String service, String label, int maxAttempts) {
    java.net.URI endpoint =
        endpointFor(service)
            .or(config::endpoint)
            .orElse(
                java.net.URI.create(
                    "https://" + signingName + "." + config.region() + ".amazonaws.com"));
    return new AwsJsonCall(
        http.get(),
        credentials,
        config.region(),
        signingName,
        service,
        label,
        endpoint,
        maxAttempts,
        this::countCall);
  }

  public SqsClient sqs() {
    return sqs.get();
  }

  /**
   * IAM's query protocol (GetRole only; no SDK module for one call). IAM is a global service: one
   * endpoint per partition, signed for that partition's home region, as the SDK's endpoint rules
   * resolve it. Endpoint AWS_ENDPOINT_URL_IAM, else AWS_ENDPOINT_URL.
   */
  public AwsQueryCall iam() {
    return iam.get();
  }

  private AwsQueryCall iamQuery() {
    String region = config.region();
    String[] global =
        region.startsWith("cn-")
            ? new String[] {"https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1"}
            : region.startsWith("us-gov-")
                ? new String[] {"https://iam.us-gov.amazonaws.com", "us-gov-west-1"}
                : new String[] {"https://iam.amazonaws.com", "us-east-1"};
    java.net.URI endpoint =
        endpointFor("IAM").or(config::endpoint).orElse(java.net.URI.create(global[0]));
    return new AwsQueryCall(
        http.get(),
        credentials,
        global[1],
        "iam",
        "2010-05-08",
        "Iam",
        "IAM",
        endpoint,
        config.maxAttempts(),
        this::countCall);
  }

  /** Applies region, credentials, endpoint, retry policy and the shared HTTP client. */
  public <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
    builder.region(Region.of(config.region())).credentialsProvider(credentials);
    serviceEndpoint(builder).or(config::endpoint).ifPresent(builder::endpointOverride);
    builder.overrideConfiguration(
        ClientOverrideConfiguration.builder()
            // Standard mode: bounded attempts, exponential backoff with jitter, throttling-aware.
            .retryStrategy(retryStrategy())
            .executionInterceptors(interceptors)
            .build());
    if (builder
        instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
      sync.httpClient(http.get());
    }
    return builder;
  }

  /**
   * A throwaway twin of this configuration's client, for priming (SdkClientPriming): the same
   * region, endpoint and retry strategy over the given HTTP client, with made-up credentials and
   * without the interceptors, since a primed call is no AWS call and must not be counted as one.
   */
  <
          B extends
              AwsClientBuilder<B, C>
                  & software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<B, C>,
          C>
      C twin(B builder, SdkHttpClient canned) {
    builder
        .region(Region.of(config.region()))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    "AKIAPRIMINGPRIMING00", "priming-credentials-sign-nothing-real")));
    serviceEndpoint(builder).or(config::endpoint).ifPresent(builder::endpointOverride);
    builder.overrideConfiguration(
        ClientOverrideConfiguration.builder().retryStrategy(retryStrategy()).build());
    builder.httpClient(canned);
    return builder.build();
  }

  private software.amazon.awssdk.retries.StandardRetryStrategy retryStrategy() {
    var retry =
        AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(config.maxAttempts());
    if (backoffBase != null) {
      var backoff =
          software.amazon.awssdk.retries.api.BackoffStrategy.exponentialDelay(
              backoffBase, backoffBase.multipliedBy(20));
      retry.backoffStrategy(backoff).throttlingBackoffStrategy(backoff);
    }
    return retry.build();
  }

  /**
   * AWS_ENDPOINT_URL_&lt;CLIENT&gt; (e.g. AWS_ENDPOINT_URL_CLOUDWATCH) points one client elsewhere,
   * as the SDK's own service-specific variables do; the key is the client's name upper-cased.
   */
  private java.util.Optional<java.net.URI> serviceEndpoint(Object builder) {
    return endpointFor(
        builder.getClass().getSimpleName().replace("Default", "").replace("ClientBuilder", ""));
  }

  private java.util.Optional<java.net.URI> endpointFor(String name) {
    String value = config.raw().get("AWS_ENDPOINT_URL_" + name.toUpperCase(java.util.Locale.ROOT));
    return value == null || value.isBlank()
        ? java.util.Optional.empty()
        : java.util.Optional.of(java.net.URI.create(value.trim()));
  }

  /**
   * SnapStart functions get credentials from the container endpoint, never from a snapshot: keys
   * read before a checkpoint would be stale after restore. Elsewhere keys come straight from the
   * environment, so no provider chain is searched on a cold start.
   */
  private static AwsCredentialsProvider credentials(Map<String, String> env) {
    if (env.containsKey("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
      return software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider.builder().build();
    }
    String key = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (key == null || secret == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    String token = env.get("AWS_SESSION_TOKEN");
    return StaticCredentialsProvider.create(
        token == null || token.isBlank()
            ? AwsBasicCredentials.create(key, secret)
            : AwsSessionCredentials.create(key, secret, token));
  }

  @Override
  public void close() {
    cloudWatch.ifCreated(CloudWatchClient::close);
    ecs.ifCreated(EcsClient::close);
    sns.ifCreated(SnsClient::close);
    lambda.ifCreated(LambdaClient::close);
    rds.ifCreated(RdsClient::close);
    dynamoDb.ifCreated(DynamoDbClient::close);
    logs.ifCreated(CloudWatchLogsClient::close);
    sqs.ifCreated(SqsClient::close);
    ssm.ifCreated(SsmClient::close);
    http.ifCreated(SdkHttpClient::close);
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
