package com.tradai.remediation.handler;

import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.aws.SdkClientPriming;
import com.tradai.remediation.aws.SdkClientPriming.Service;
import com.tradai.remediation.config.Config;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * The remediation function's second thread at a cold start: builds and primes its SDK clients while
 * {@link FunctionStart} wires the rest; SnapStart's {@link SnapStartPriming} waits for it.
 *
 * <p>A cold start's second core. A Java cold start is mostly class loading, on one thread: the
 * composition root, then the first event's SDK calls one after the other. While the main thread
 * wires the core and reads the first event, a daemon thread builds the SDK clients this
 * configuration calls on every alarm it acts on and runs their calls once against canned answers
 * ({@link SdkClientPriming}), so the event finds the SDK's classes loaded and linked. Nothing
 * leaves the process; a client the event needs first is simply built by whichever thread gets there
 * first. The same thread serves SnapStart's priming, which waits for it before the snapshot.
 */
final class ColdStartWarmUp {
  private ColdStartWarmUp() {}

  /**
   * The services this configuration will call: its settings (SSM), its ledger (DynamoDB), its
   * report (SNS), and ECS, which the API-latency, ECS-service and backtest runbooks read and act
   * on: tradai's services run on ECS, and most of its alarms are about them.
   */
  static Set<Service> services(Config config) {
    Set<Service> services = EnumSet.of(Service.ECS);
    if (config.killSwitchParameter().isPresent() || config.policyParameter().isPresent()) {
      services.add(Service.SSM);
    }
    config.ledgerTable().ifPresent(t -> services.add(Service.DYNAMODB));
    config.resultsTopicArn().ifPresent(t -> services.add(Service.SNS));
    return services;
  }

  /** Starts the warm-up; the future holds what failed to prime (nothing, normally). */
  static Future<List<String>> start(AwsClients aws, Set<Service> services) {
    CompletableFuture<List<String>> done = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .name("warm-up")
        .start(
            () -> {
              try {
                // In the order an alarm's run needs them: settings, guard facts, the service, the
                // report.
                List<String> failed = new ArrayList<>();
                for (Service service : services) {
                  build(aws, service);
                  failed.addAll(SdkClientPriming.prime(aws, EnumSet.of(service)));
                }
                done.complete(failed);
              } catch (RuntimeException | Error e) {
                done.complete(List.of("warm-up: " + e));
              }
            });
    return done;
  }

  private static void build(AwsClients aws, Service service) {
    switch (service) {
      case SSM -> aws.ssm();
      case DYNAMODB -> aws.dynamoDb();
      case ECS -> aws.ecs();
      case SNS -> aws.sns();
    }
  }
}
