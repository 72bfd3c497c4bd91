package com.tradai.remediation.reliability;

import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * Injects AWS faults at the SDK boundary, per attempt, before the request is sent: the emulator
 * never sees a faulted attempt (a throttled or refused request changes nothing server-side), and
 * the SDK's own retry strategy decides what to do with it, exactly as with a real error response.
 *
 * <ul>
 *   <li>THROTTLE: a 400 {@code ThrottlingException} (DynamoDB: {@code
 *       ProvisionedThroughputExceededException}; SNS: {@code Throttling}), the service's own
 *       exception type;
 *   <li>SERVER_ERROR: a 503 {@code ServiceUnavailable};
 *   <li>TIMEOUT: an {@link SdkClientException} caused by a {@link SocketTimeoutException}.
 * </ul>
 *
 * Every attempt is counted per "Service:Operation" (e.g. "Ecs:UpdateService"), faulted or not.
 */
public final class FaultInjector implements ExecutionInterceptor {
  public enum Kind {
    THROTTLE,
    SERVER_ERROR,
    TIMEOUT
  }

  /**
   * Decides, per attempt, whether to fault it: (operation, attempt number from 1) → kind or null.
   */
  @FunctionalInterface
  public interface Plan {
    Kind fault(String operation, int attempt);
  }

  private static final ExecutionAttribute<AtomicInteger> ATTEMPT =
      new ExecutionAttribute<>("fault-attempt");

  private final Plan plan;
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> injected = new ConcurrentHashMap<>();

  private java.util.function.BiFunction<String, Kind, RuntimeException> errors =
      FaultInjector::error;
  private volatile int deliveries;
  private volatile int clearAfter = Integer.MAX_VALUE;

  public FaultInjector(Plan plan) {
    this.plan = plan;
  }

  /** Faults only during the first {@code n} deliveries (the test calls {@link #delivered()}). */
  public FaultInjector clearAfter(int n) {
    this.clearAfter = n;
    return this;
  }

  public void delivered() {
    deliveries++;
  }

  /** Every attempt of {@code operation} fails. */
  public static FaultInjector persistent(String operation, Kind kind) {
    return new FaultInjector((op, attempt) -> op.equals(operation) ? kind : null);
  }

  /**
   * Every attempt of {@code operation} is refused as AWS refuses a caller without permission: a 400
   * {@code AccessDeniedException}, which the SDK does not retry (the plan's kind is ignored).
   */
  public static FaultInjector denied(String operation) {
    FaultInjector denied = persistent(operation, Kind.SERVER_ERROR);
    denied.errors =
        (service, kind) -> {
          String message = "User is not authorized to perform this action (injected)";
          return AwsServiceException.builder()
              .statusCode(403)
              .message(message)
              .awsErrorDetails(
                  AwsErrorDetails.builder()
                      .errorCode("AccessDeniedException")
                      .errorMessage(message)
                      .serviceName(service)
                      .build())
              .build();
        };
    return denied;
  }

  /** The first {@code failures} attempts of each call of {@code operation} fail, then it clears. */
  public static FaultInjector transientFault(String operation, Kind kind, int failures) {
    return new FaultInjector(
        (op, attempt) -> op.equals(operation) && attempt <= failures ? kind : null);
  }

  /** Each attempt of every operation fails with probability {@code rate}, from a seeded Random. */
  public static FaultInjector random(double rate, long seed, Kind kind) {
    Random random = new Random(seed);
    return new FaultInjector(
        (op, attempt) -> {
          synchronized (random) {
            return random.nextDouble() < rate ? kind : null;
          }
        });
  }

  public static FaultInjector none() {
    return new FaultInjector((op, attempt) -> null);
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    attributes.putAttribute(ATTEMPT, new AtomicInteger());
    count(calls, operation(attributes));
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String op = operation(attributes);
    count(attempts, op);
    int attempt = attributes.getAttribute(ATTEMPT).incrementAndGet();
    Kind kind = deliveries >= clearAfter ? null : plan.fault(op, attempt);
    if (kind != null) {
      count(injected, op);
      throw errors.apply(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME), kind);
    }
  }

  private static RuntimeException error(String service, Kind kind) {
    if (kind == Kind.TIMEOUT) {
      return SdkClientException.create(
          "Unable to execute HTTP request: Read timed out (injected)",
          new SocketTimeoutException("Read timed out (injected)"));
    }
    boolean throttle = kind == Kind.THROTTLE;
    String code =
        !throttle
            ? "ServiceUnavailable"
            : switch (service) {
              case "DynamoDb" -> "ProvisionedThroughputExceededException";
              case "Sns" -> "Throttling";
              default -> "ThrottlingException";
            };
    AwsServiceException.Builder b =
        switch (service) {
          case "DynamoDb" ->
              throttle
                  ? ProvisionedThroughputExceededException.builder()
                  : DynamoDbException.builder();
          case "Ecs" -> EcsException.builder();
          case "Ssm" -> SsmException.builder();
          case "Sqs" -> SqsException.builder();
          case "Sns" -> SnsException.builder();
          case "CloudWatch" -> CloudWatchException.builder();
          default -> AwsServiceException.builder();
        };
    int status = throttle ? 400 : 503;
    String message = (throttle ? "Rate exceeded" : "Service unavailable") + " (injected)";
    return b.statusCode(status)
        .message(message)
        .awsErrorDetails(
            AwsErrorDetails.builder()
                .errorCode(code)
                .errorMessage(message)
                .serviceName(service)
                .build())
        .build();
  }

  private static String operation(ExecutionAttributes a) {
    return a.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
        + ":"
        + a.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
  }

  private static void count(Map<String, AtomicInteger> map, String key) {
    map.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
  }

  private static int get(Map<String, AtomicInteger> map, String key) {
    AtomicInteger n = map.get(key);
    return n == null ? 0 : n.get();
  }

  /** HTTP attempts of the operation, faulted ones included. */
  public int attempts(String operation) {
    return get(attempts, operation);
  }

  /** API calls of the operation (one per call, however many attempts). */
  public int calls(String operation) {
    return get(calls, operation);
  }

  public int injected(String operation) {
    return get(injected, operation);
  }

  public int injectedTotal() {
    return injected.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  public int attemptsTotal() {
    return attempts.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  public Map<String, Integer> callSnapshot() {
    Map<String, Integer> out = new TreeMap<>();
    calls.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }
}
