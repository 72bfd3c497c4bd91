package com.tradai.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The app synthesized once per test JVM (every environment, cdk-nag included) and shared by all
 * test classes: a synth costs 10-20 s, so no test synthesizes on its own.
 */
final class Synth {

  static final Path INFRA_DIR = InfraApp.infraDir();
  static final Path OUT_DIR = INFRA_DIR.resolve("target/cdk-test.out");

  /**
   * Test-only values a filled-in staging and prod config would hold (real-shaped ids, an account,
   * subscribers), merged over the committed config, which refuses to synthesize until then.
   */
  static final Path DEPLOYABLE_CONFIG = INFRA_DIR.resolve("src/test/resources/deployable-config");

  static final ObjectMapper JSON = new ObjectMapper();

  private static Synth instance;

  final Map<String, RemediationStack> stacks;
  final CloudAssembly assembly;
  private final Map<String, JsonNode> json = new ConcurrentHashMap<>();
  private final Map<String, Template> templates = new ConcurrentHashMap<>();

  static synchronized Synth get() {
    if (instance == null) {
      instance = new Synth();
    }
    return instance;
  }

  private Synth() {
    deleteRecursively(OUT_DIR); // old runs leave a copy of the jar per run
    App app =
        new App(
            AppProps.builder()
                .outdir(OUT_DIR.toString())
                .context(InfraApp.defaultContext())
                .build());
    stacks = InfraApp.build(app, INFRA_DIR, EnvConfig.ENVIRONMENTS, DEPLOYABLE_CONFIG);
    assembly = app.synth();
  }

  EnvConfig config(String env) {
    return stacks.get(env).config();
  }

  Path templateFile(String env) {
    return OUT_DIR.resolve(assembly.getStackByName(config(env).stackName()).getTemplateFile());
  }

  /** The synthesized template as JSON, for walking it. */
  JsonNode json(String env) {
    return json.computeIfAbsent(
        env,
        e -> {
          try {
            return JSON.readTree(templateFile(e).toFile());
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
        });
  }

  /** The synthesized template for the CDK's assertions. */
  @SuppressWarnings("unchecked")
  Template template(String env) {
    return templates.computeIfAbsent(
        env, e -> Template.fromJSON(JSON.convertValue(json(e), Map.class)));
  }

  /** Resources of one type, by logical id. */
  Map<String, JsonNode> resources(String env, String type) {
    Map<String, JsonNode> found = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = json(env).get("Resources").properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (type.equals(entry.getValue().path("Type").asText())) {
        found.put(entry.getKey(), entry.getValue());
      }
    }
    return found;
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
