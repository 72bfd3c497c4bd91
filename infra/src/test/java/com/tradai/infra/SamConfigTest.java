package com.tradai.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.tradai.infra.RemediationStack.Handler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** samconfig.toml parses and names the stacks, templates and functions that synth produces. */
class SamConfigTest {

  static final List<String> ENVS = EnvConfig.ENVIRONMENTS;
  static final Path REPO = Synth.INFRA_DIR.getParent();

  private static final Synth SYNTH = Synth.get();
  private static JsonNode samconfig;

  @BeforeAll
  static void parse() throws IOException {
    samconfig = new TomlMapper().readTree(REPO.resolve("samconfig.toml").toFile());
  }

  @Test
  void isVersionedAndDefaultsToDev() {
    assertThat(samconfig.get("version").asDouble()).isEqualTo(0.1);
    assertThat(samconfig.get("default")).isEqualTo(samconfig.get("dev"));
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void namesTheSynthesizedStackAndTemplate(String env) {
    EnvConfig cfg = SYNTH.config(env);
    JsonNode global = samconfig.at("/" + env + "/global/parameters");
    assertThat(global.get("stack_name").asText()).isEqualTo(cfg.stackName());
    assertThat(global.get("region").asText()).isEqualTo(cfg.region());
    // SAM reads template_file relative to the repository root (where samconfig.toml is).
    String template = samconfig.at("/" + env + "/local_invoke/parameters/template_file").asText();
    assertThat(template).isEqualTo("infra/cdk.out/" + SYNTH.templateFile(env).getFileName());
    assertThat(SYNTH.assembly.getStackByName(cfg.stackName())).isNotNull();
  }

  @ParameterizedTest
  @FieldSource("ENVS")
  void envVarsFileNamesEveryFunctionAndOnlyVariablesTheTemplateDeclares(String env)
      throws IOException {
    Path envVars =
        REPO.resolve(samconfig.at("/" + env + "/local_invoke/parameters/env_vars").asText());
    JsonNode overrides = Synth.JSON.readTree(Files.readString(envVars));
    Set<String> functions = new TreeSet<>();
    overrides.fieldNames().forEachRemaining(functions::add);
    assertThat(functions)
        .containsExactlyInAnyOrderElementsOf(
            List.of(Handler.values()).stream().map(h -> h.logicalId).toList());
    for (String function : functions) {
      JsonNode declared =
          SYNTH.json(env).at("/Resources/" + function + "/Properties/Environment/Variables");
      assertThat(SYNTH.json(env).at("/Resources/" + function + "/Type").asText())
          .isEqualTo("AWS::Lambda::Function");
      overrides
          .get(function)
          .fieldNames()
          // one file serves every environment: CHAT_COMMAND_QUEUE_URL is declared only where the
          // stack has chat buttons (SAM drops an entry the template does not declare)
          .forEachRemaining(
              name ->
                  assertThat(declared.has(name) || name.equals("CHAT_COMMAND_QUEUE_URL"))
                      .as(function + " " + name)
                      .isTrue());
      // SAM finds the code through the asset metadata the CDK writes.
      assertThat(SYNTH.json(env).at("/Resources/" + function + "/Metadata/aws:asset:path").asText())
          .startsWith("asset.");
    }
  }
}
