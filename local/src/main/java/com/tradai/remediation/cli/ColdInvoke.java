package com.tradai.remediation.cli;

import com.tradai.remediation.handler.RemediationHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One cold invocation in a fresh JVM, for the benchmark: builds the handler, runs one event, prints
 * "bootMs initMs eventMs peakRssKb outcome". bootMs is process start → main; initMs the handler's
 * construction; eventMs the first event. Arguments: the event file, then the wall-clock millisecond
 * the parent spawned this JVM. The function's variables come from the process environment, as on
 * Lambda.
 */
public final class ColdInvoke {
  private ColdInvoke() {}

  public static void main(String[] args) throws IOException {
    long mainAt = System.currentTimeMillis();
    // The parent passes the wall-clock millisecond it spawned us: /proc's start time is too coarse.
    long started = args.length > 1 ? Long.parseLong(args[1]) : mainAt;
    byte[] event = Files.readAllBytes(Path.of(args[0]));
    long t0 = System.nanoTime();
    RemediationHandler handler = new RemediationHandler();
    long t1 = System.nanoTime();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new java.io.ByteArrayInputStream(event), out, new LocalContext("RemediationFunction"));
    long t2 = System.nanoTime();
    System.out.println(
        (mainAt - started)
            + " "
            + (t1 - t0) / 1_000_000
            + " "
            + (t2 - t1) / 1_000_000
            + " "
            + peakRssKb()
            + " "
            + outcome(out.toString()));
  }

  static String outcome(String json) {
    int i = json.indexOf("\"outcome\":\"");
    return i < 0 ? "?" : json.substring(i + 11, json.indexOf('"', i + 11));
  }

  /** VmHWM: the process's peak resident set, from Linux's /proc. */
  static long peakRssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
