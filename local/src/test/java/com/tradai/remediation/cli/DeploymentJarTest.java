package com.tradai.remediation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The deployment jar holds only what runs in Lambda: none of this module's classes (the command
 * line, demo, bench, ops, and the moto fixtures they run on), nor the CloudFormation client only
 * ops uses, nor the SDK's IAM module (the one IAM call is a hand-signed query). The jar is the
 * functions module's package-phase output, built before this module's tests in the reactor ({@code
 * ./mvnw verify}, {@code ./run test}).
 */
class DeploymentJarTest {
  private static final Path DEPLOYMENT_JAR = Path.of("../functions/target/tradai-remediation.jar");
  private static final Path LOCAL_CLASSES = Path.of("target/classes");

  @Test
  void holdsTheHandlersAndNoLocalTooling() throws IOException {
    assertThat(DEPLOYMENT_JAR)
        .as("the deployment jar: run ./run build (or ./mvnw verify) first")
        .exists();
    Set<String> entries;
    try (ZipFile jar = new ZipFile(DEPLOYMENT_JAR.toFile())) {
      entries = jar.stream().map(ZipEntry::getName).collect(Collectors.toSet());
    }
    List<String> localClasses;
    try (Stream<Path> files = Files.walk(LOCAL_CLASSES)) {
      localClasses =
          files
              .filter(f -> f.toString().endsWith(".class"))
              .map(f -> LOCAL_CLASSES.relativize(f).toString().replace('\\', '/'))
              .sorted()
              .toList();
    }

    assertThat(entries)
        .as("what Lambda runs")
        .contains(
            "com/tradai/remediation/handler/RemediationHandler.class",
            "com/tradai/remediation/handler/VerifierHandler.class");
    assertThat(localClasses)
        .as("this module's classes, the fixtures it copies in included")
        .contains(
            "com/tradai/remediation/cli/Main.class",
            "com/tradai/remediation/cli/MotoServer.class",
            "com/tradai/remediation/cli/DemoEnvironment.class",
            "com/tradai/remediation/cli/LocalContext.class");
    assertThat(entries)
        .as("local tooling in the deployment jar")
        .doesNotContainAnyElementsOf(localClasses);
    assertThat(
            entries.stream()
                .filter(
                    e ->
                        e.startsWith("com/tradai/remediation/cli/")
                            || e.startsWith("software/amazon/awssdk/services/cloudformation/"))
                .sorted()
                .toList())
        .as("the local tooling's package and the CloudFormation client")
        .isEmpty();
    assertThat(
            entries.stream()
                .filter(e -> e.startsWith("software/amazon/awssdk/services/iam/"))
                .sorted()
                .toList())
        .as("the SDK's IAM module (GetRole goes over IAM's query protocol, IamOperatorRoleIds)")
        .isEmpty();
    assertThat(
            entries.stream()
                .filter(
                    e ->
                        e.startsWith("software/amazon/awssdk/http/apache")
                            || e.startsWith("software/amazon/awssdk/http/nio/netty/")
                            || e.startsWith("io/netty/")
                            || e.startsWith("org/apache/http/")
                            || e.startsWith("org/apache/hc/"))
                .sorted()
                .toList())
        .as("HTTP clients other than url-connection (functions/pom.xml manages them as provided)")
        .isEmpty();
  }
}
