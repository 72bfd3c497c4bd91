package com.tradai.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * cfn-lint on every synthesized template. It fails without cfn-lint, which
 * ./run test and .ci/run install.
 */
class CfnLintTest {

  /** The checks ignored, each with its reason. */
  static final Map<String, String> IGNORED =
      Map.of(
          "W3005",
          "the CDK writes DependsOn on each function's role and default policy although the"
              + " function already references the role by GetAtt; the duplicate ordering is"
              + " harmless and not ours to remove");

  private static final Synth SYNTH = Synth.get();

  static String cfnLint() {
    Stream<Path> onPath =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .map(dir -> Path.of(dir, "cfn-lint"));
    return Stream.concat(onPath, Stream.of(Path.of("/root/.pyenv/shims/cfn-lint")))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst()
        .orElse(null);
  }

  @Test
  void everySynthesizedTemplateIsCfnLintClean() throws Exception {
    String cfnLint = cfnLint();
    assertThat(cfnLint).as("cfn-lint is not installed: ./run test installs it (pip install cfn-lint)")
        .isNotNull();

    List<String> command = new ArrayList<>(List.of(cfnLint, "--ignore-checks"));
    command.addAll(IGNORED.keySet());
    command.add("--");
    EnvConfig.ENVIRONMENTS.forEach(env -> command.add(SYNTH.templateFile(env).toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
