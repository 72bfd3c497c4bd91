package com.tradai.remediation.aws;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Counts AWS calls by "Service:Operation" (one per API call, not per retry attempt). */
public final class CallCounter implements ExecutionInterceptor {
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    record(
        attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
            + ":"
            + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
  }

  /** A call made outside the SDK's clients (see {@link AwsJsonCall}). */
  public void record(String serviceOperation) {
    counts.computeIfAbsent(serviceOperation, k -> new AtomicInteger()).incrementAndGet();
  }

  public Map<String, Integer> snapshot() {
    Map<String, Integer> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  public int total() {
    return counts.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  public int count(String serviceOperation) {
    AtomicInteger n = counts.get(serviceOperation);
    return n == null ? 0 : n.get();
  }

  public void reset() {
    counts.clear();
  }
}
