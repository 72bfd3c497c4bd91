package com.tradai.remediation.testing;

import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * moto's TransactWriteItems snapshots every table, and restores that snapshot when a condition
 * refuses the transaction: a write another thread made in between is lost. Real DynamoDB isolates
 * transactions, so in tests (registered for every SDK client through the test classpath's
 * execution.interceptors) one DynamoDB request runs at a time. The handlers' own concurrency is
 * untouched: threads still interleave between requests.
 */
public final class MotoDynamoDbIsolation implements ExecutionInterceptor {
  private static final ReentrantLock ONE_AT_A_TIME = new ReentrantLock();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    if (isDynamoDb(attributes)) {
      ONE_AT_A_TIME.lock();
    }
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    release(attributes);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    release(attributes);
  }

  /**
   * Runs {@code wait} (e.g. a barrier of a test that holds requests back) without this thread
   * holding the one-at-a-time lock, and takes it again after: a request held inside its own
   * beforeExecution would otherwise keep every other thread's DynamoDB request out.
   */
  public static void outside(Runnable wait) {
    boolean held = ONE_AT_A_TIME.isHeldByCurrentThread();
    if (held) {
      ONE_AT_A_TIME.unlock();
    }
    try {
      wait.run();
    } finally {
      if (held) {
        ONE_AT_A_TIME.lock();
      }
    }
  }

  private static void release(ExecutionAttributes attributes) {
    if (isDynamoDb(attributes) && ONE_AT_A_TIME.isHeldByCurrentThread()) {
      ONE_AT_A_TIME.unlock();
    }
  }

  private static boolean isDynamoDb(ExecutionAttributes attributes) {
    return "DynamoDb".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
  }
}
