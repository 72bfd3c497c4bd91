package com.tradai.remediation.cli;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.tradai.remediation.cli.snapstart.Core;
import com.tradai.remediation.handler.HealthCheckHandler;
import com.tradai.remediation.handler.OperatorHandler;
import com.tradai.remediation.handler.RemediationHandler;
import com.tradai.remediation.handler.VerifierHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * One SnapStart-like start in a fresh JVM, for the benchmark: the function's handler is built
 * (init), then the priming runs exactly as the Lambda runtime runs it before the snapshot ({@code
 * beforeCheckpoint} on the global CRaC context, with this JVM started with {@code
 * -Dorg.crac.Core.Compat=com.tradai.remediation.cli.snapstart}), then the first event is timed.
 * Prints "SNAPSTART initMs primeMs eventMs classesLoadedDuringEvent outcome". The classes {@link
 * EventStarts} and {@link EventEnds} are loaded exactly at the event's edges, so a {@code
 * -Xlog:class+load} log of this JVM shows which classes the event loaded. Arguments: the function
 * (remediation, verifier, operator, health-check) and its event file; a third, {@code --unprimed},
 * skips the priming (the same JVM without SnapStart, for a side-by-side figure).
 */
public final class SnapStartInvoke {
  private SnapStartInvoke() {}

  /** Loaded just before the first event: a marker in the class-load log. */
  static final class EventStarts {}

  /** Loaded just after the first event: a marker in the class-load log. */
  static final class EventEnds {}

  public static void main(String[] args) throws Exception {
    byte[] event = Files.readAllBytes(Path.of(args[1]));
    ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    long t0 = System.nanoTime();
    RequestStreamHandler handler = handler(args[0]).get();
    long t1 = System.nanoTime();
    if (!(args.length > 2 && args[2].equals("--unprimed"))) {
      Core.getGlobalContext().beforeCheckpoint(null);
    }
    long t2 = System.nanoTime();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LocalContext context = new LocalContext(args[0]);
    long loadedBefore = classes.getTotalLoadedClassCount();
    new EventStarts();
    long t3 = System.nanoTime();
    handler.handleRequest(new ByteArrayInputStream(event), out, context);
    long t4 = System.nanoTime();
    new EventEnds();
    long loaded = classes.getTotalLoadedClassCount() - loadedBefore - 2; // less the two markers
    System.out.println(
        "SNAPSTART "
            + (t1 - t0) / 1_000_000
            + " "
            + (t2 - t1) / 1_000_000
            + " "
            + (t4 - t3) / 1_000_000
            + " "
            + loaded
            + " "
            + outcome(out.toString()));
  }

  private static Supplier<RequestStreamHandler> handler(String function) {
    return switch (function) {
      case "remediation" -> RemediationHandler::new;
      case "verifier" -> VerifierHandler::new;
      case "operator" -> OperatorHandler::new;
      case "health-check" -> HealthCheckHandler::new;
      default ->
          throw new IllegalArgumentException(
              "no function " + function + "; one of remediation, verifier, operator, health-check");
    };
  }

  /** The first outcome in the answer (the verifier's is inside its first report). */
  static String outcome(String json) {
    return ColdInvoke.outcome(json);
  }
}
