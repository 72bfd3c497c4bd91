package com.tradai.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * cfn-lint on every synthesized template. It fails, never skips, when no cfn-lint is on the PATH:
 * ./run test and .ci/run install one (scripts/test-tools.sh).
 */
class CfnLintTest {

  private static final Synth SYNTH = Synth.get();

  static String cfnLint() {
    Stream<Path> onPath =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .map(dir -> Path.of(dir, "cfn-lint"));
    return onPath.filter(Files::isExecutable).map(Path::toString).findFirst().orElse(null);
  }

  @Test
  void everySynthesizedTemplateIsCfnLintClean() throws Exception {
    String cfnLint = cfnLint();
    assertThat(cfnLint)
        .as("cfn-lint is not on the PATH: ./run test installs it (scripts/test-tools.sh)")
        .isNotNull();

    // No --ignore-checks: each template carries its own exception (see the test below), which is
    // also what `sam validate --lint` reads.
    List<String> command = new ArrayList<>(List.of(cfnLint, "--"));
    EnvConfig.ENVIRONMENTS.forEach(env -> command.add(SYNTH.templateFile(env).toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }

  /**
   * W3005: the CDK writes DependsOn on each function's role and default policy although the
   * function already references the role by GetAtt; harmless and not ours to remove. The exception
   * lives in the template's Metadata, where cfn-lint and `sam validate --lint` find it.
   */
  @Test
  void eachTemplateCarriesItsOnlyCfnLintExceptionInItsMetadata() {
    for (String env : EnvConfig.ENVIRONMENTS) {
      assertThat(SYNTH.json(env).at("/Metadata/cfn-lint/config/ignore_checks").toString())
          .as(env)
          .isEqualTo("[\"W3005\"]");
    }
  }
}
