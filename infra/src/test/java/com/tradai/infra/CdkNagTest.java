package com.tradai.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;

/**
 * cdk-nag's AwsSolutions pack ran in synth: no unsuppressed finding, a reason on each suppression.
 */
class CdkNagTest {

  static final List<String> ENVS = EnvConfig.ENVIRONMENTS;

  private static final Synth SYNTH = Synth.get();

  /** Rows of the report cdk-nag writes beside the templates: rule, resource, compliance, reason. */
  private static List<List<String>> report(String env) throws IOException {
    Path csv =
        Synth.OUT_DIR.resolve("AwsSolutions-" + SYNTH.config(env).stackName() + "-NagReport.csv");
    List<String> lines = Files.readAllLines(csv);
    return lines.subList(1, lines.size()).stream().map(CdkNagTest::csvRow).toList();
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void noUnsuppressedFindings(String env) throws IOException {
    List<List<String>> rows = report(env);
    assertThat(rows).hasSizeGreaterThan(20); // the pack really ran over the stack
    assertThat(rows)
        .filteredOn(row -> !row.get(2).equals("Compliant") && !row.get(2).equals("Suppressed"))
        .isEmpty();
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void everySuppressionCarriesAReason(String env) throws IOException {
    List<List<String>> suppressed =
        report(env).stream().filter(row -> row.get(2).equals("Suppressed")).toList();
    assertThat(suppressed).isNotEmpty();
    for (List<String> row : suppressed) {
      assertThat(row.get(3)).as(row.toString()).hasSizeGreaterThan(40).doesNotContain("null");
    }
    assertThat(suppressed.stream().map(row -> row.get(0)).distinct())
        .containsOnly("AwsSolutions-IAM5", "AwsSolutions-SQS3");
  }

  // CDK deprecates cxapi's message types with no Java successor: assertions.Annotations returns
  // them too
  @SuppressWarnings("deprecation")
  @ParameterizedTest
  @FieldSource("ENVS")
  void synthReportsNoErrorsAndNoUnexpectedWarnings(String env) {
    List<String> unexpected = new ArrayList<>();
    for (SynthesisMessage m :
        SYNTH.assembly.getStackByName(SYNTH.config(env).stackName()).getMessages()) {
      String data = String.valueOf(m.getEntry().getData());
      boolean placeholder = data.contains(FunctionCode.JAR + " is missing");
      if (m.getLevel() == SynthesisMessageLevel.ERROR
          || (m.getLevel() == SynthesisMessageLevel.WARNING && !placeholder)) {
        unexpected.add(m.getId() + ": " + data);
      }
    }
    assertThat(unexpected).isEmpty();
  }

  /** One CSV row as cdk-nag writes it: every field quoted, quotes doubled inside. */
  static List<String> csvRow(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        field.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
