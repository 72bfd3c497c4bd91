package com.tradai.remediation.handler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;

/**
 * The child JVM of {@link FirstEventClassBudgetTest}: builds the remediation handler from its
 * environment, runs its SnapStart priming, then one event, and prints "CLASSES loadedDuringTheEvent
 * answer".
 */
public final class FirstEventAfterPriming {
  private FirstEventAfterPriming() {}

  public static void main(String[] args) throws Exception {
    ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    RemediationHandler handler = new RemediationHandler();
    handler.priming().beforeCheckpoint(null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayInputStream event = new ByteArrayInputStream(FirstEventPriming.resource(args[0]));
    long before = classes.getTotalLoadedClassCount();
    handler.handleRequest(event, out, null);
    long loaded = classes.getTotalLoadedClassCount() - before;
    System.out.println("CLASSES " + loaded + " " + out);
  }
}
