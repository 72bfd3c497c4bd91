package com.tradai.remediation.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.testing.SecretScan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No credential reaches a log anywhere in the suite: scans the captured output of every test class
 * of the functions module (surefire writes each class's stdout and stderr, log4j's JSON lines
 * included, to {@code target/surefire-reports/*-output.txt}), and of the local and infra modules'.
 * The infra module runs it last in the reactor, in its own surefire execution ({@code
 * whole-suite-log-scan}, phase prepare-package: {@code ./mvnw verify}, {@code ./run test}, CI),
 * with {@code logscan.reports} naming the three directories. The suite runs with distinctive fake
 * credentials ({@code DemoEnvironment.ACCESS_KEY_ID} / {@code SECRET_ACCESS_KEY}, SecurityTest's
 * own) so that a leak would be found.
 */
class WholeSuiteLogScanTest {
  /** The surefire report directories to scan: every module's (the infra module passes them). */
  static List<Path> reports() {
    return java.util.Arrays.stream(
            System.getProperty("logscan.reports", "target/surefire-reports").split(","))
        .map(String::trim)
        .filter(d -> !d.isEmpty())
        .map(Path::of)
        .toList();
  }

  @Test
  void theSuitesCapturedOutputHoldsNoCredential() throws IOException {
    List<Path> outputs = new ArrayList<>();
    for (Path dir : reports()) {
      try (Stream<Path> files = Files.list(dir)) {
        List<Path> found =
            files
                .filter(f -> f.getFileName().toString().endsWith("-output.txt"))
                .filter(f -> !f.getFileName().toString().contains(getClass().getSimpleName()))
                .sorted()
                .toList();
        System.out.printf("LOGSCAN %s: %d files%n", dir, found.size());
        assertThat(found).as("captured output in " + dir).isNotEmpty();
        outputs.addAll(found);
      }
    }
    List<String> findings = new ArrayList<>();
    long lines = 0;
    long logEvents = 0;
    for (Path f : outputs) {
      List<String> text = Files.readAllLines(f, StandardCharsets.UTF_8);
      for (int i = 0; i < text.size(); i++) {
        String line = text.get(i);
        lines++;
        logEvents += line.startsWith("{\"level\":") ? 1 : 0;
        for (String finding : SecretScan.findings(line)) {
          findings.add(f.getFileName() + ":" + (i + 1) + " " + finding);
        }
      }
    }
    System.out.printf(
        "LOGSCAN files=%d lines=%d logEvents=%d findings=%d%n",
        outputs.size(), lines, logEvents, findings.size());
    // not vacuous: the suite ran before this, and its handlers logged through log4j
    assertThat(outputs).as("captured output files of the suite").hasSizeGreaterThan(20);
    assertThat(logEvents).as("JSON log events captured").isGreaterThan(1_000);
    assertThat(findings).isEmpty();
  }

  @Test
  void aPlantedCredentialWouldBeFound() {
    assertThat(
            SecretScan.findings(
                "{\"level\":\"INFO\",\"message\":\"key "
                    + com.tradai.remediation.cli.DemoEnvironment.ACCESS_KEY_ID
                    + "\"}"))
        .hasSize(1);
    assertThat(
            SecretScan.findings(
                "secret " + com.tradai.remediation.cli.DemoEnvironment.SECRET_ACCESS_KEY))
        .hasSize(1);
    assertThat(SecretScan.findings("AWS_SECRET_ACCESS_KEY=abc")).hasSize(1);
    assertThat(SecretScan.findings("{\"AWS_SECRET_ACCESS_KEY\": \"abc\"}")).hasSize(1);
    assertThat(SecretScan.findings("alarm name '${env:AWS_SECRET_ACCESS_KEY}' is not valid"))
        .isEmpty();
  }
}
