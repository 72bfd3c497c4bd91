package com.tradai.remediation.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** For the benchmark: how long each AWS call took, start to response, by "Service:Operation". */
final class CallTimer implements ExecutionInterceptor {
  private static final ExecutionAttribute<Long> STARTED =
      new ExecutionAttribute<>("tradai.bench.started");
  private final Map<String, List<Long>> nanos = new ConcurrentHashMap<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    attributes.putAttribute(STARTED, System.nanoTime());
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    long took = System.nanoTime() - attributes.getAttribute(STARTED);
    nanos
        .computeIfAbsent(
            attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
                + ":"
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
            k -> java.util.Collections.synchronizedList(new ArrayList<>()))
        .add(took);
  }

  /** "Operation median ms" for every operation seen, by name. */
  String medians() {
    Map<String, String> out = new TreeMap<>();
    nanos.forEach(
        (op, list) -> {
          List<Long> sorted = new ArrayList<>(list);
          sorted.sort(null);
          out.put(op, String.format("%.1f", sorted.get(sorted.size() / 2) / 1e6));
        });
    return out.toString();
  }
}
