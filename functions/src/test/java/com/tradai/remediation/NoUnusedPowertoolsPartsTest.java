package com.tradai.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.handler.Remediator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deployment jar leaves out powertools-serialization and JMESPath (functions/pom.xml). That is
 * safe only while nothing of ours reaches them: no Powertools StructuredArguments (an arbitrary
 * object in one is serialized through powertools-serialization), no PowertoolsLogging/JsonConfig.
 * This reads every compiled class of ours for a reference to those packages. (The Lambda event
 * classes and Joda ship: the verifier and the health check read their events with them.)
 */
class NoUnusedPowertoolsPartsTest {
  private static final List<String> LEFT_OUT =
      List.of(
          "software/amazon/lambda/powertools/logging/argument/",
          "software/amazon/lambda/powertools/logging/PowertoolsLogging",
          "software/amazon/lambda/powertools/utilities/",
          "io/burt/jmespath/");

  @Test
  void noClassOfOursReferencesWhatTheJarLeavesOut() throws Exception {
    Path classes =
        Path.of(Remediator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Path> all;
    try (Stream<Path> walk = Files.walk(classes)) {
      all = walk.filter(p -> p.toString().endsWith(".class")).toList();
    }
    assertThat(all).hasSizeGreaterThan(100);
    for (Path c : all) {
      String bytes = read(c);
      for (String banned : LEFT_OUT) {
        assertThat(bytes)
            .as("%s refers to %s, which the Lambda jar leaves out", classes.relativize(c), banned)
            .doesNotContain(banned);
      }
    }
  }

  private static String read(Path p) {
    try {
      return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
