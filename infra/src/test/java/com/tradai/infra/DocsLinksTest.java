package com.tradai.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation a user walks into holds together: every relative link (a file, or a file's
 * heading as GitHub anchors it) resolves inside the repository, nothing points outside it, the
 * README stays short, and the commands CI runs are the ones the documents print.
 */
class DocsLinksTest {
  private static final Path REPO = InfraApp.infraDir().getParent();
  private static final Pattern LINK =
      Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)\\s*#*\\s*$");
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
  private static final Pattern OUTSIDE_TEXT = Pattern.compile("\\.\\./shared|/work/");

  @Test
  void everyRelativeLinkResolvesInsideTheRepository() {
    List<String> problems = new ArrayList<>();
    for (Path doc : documents()) {
      problems.addAll(problems(REPO, doc));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theCheckerFindsAMissingFileAMissingHeadingAnEscapeAndAPathOutside(@TempDir Path repo)
      throws IOException {
    Files.createDirectories(repo.resolve("docs"));
    Files.writeString(repo.resolve("docs/a.md"), "# A\n\n## Two words (`x`)\n");
    Path doc = repo.resolve("README.md");
    Files.writeString(
        doc,
        String.join(
            "\n",
            "# Title",
            "[ok](docs/a.md#two-words-x) [ok](#title) [web](https://example.com/x.md)",
            "[gone](docs/b.md) [anchor](docs/a.md#two-words) [up](../other/README.md)",
            "see `../shared/seed/runbook.txt`",
            "```",
            "[in code](nowhere.md)",
            "```"));
    assertThat(problems(repo, doc))
        .containsExactly(
            "README.md: link docs/b.md: no such file",
            "README.md: link docs/a.md#two-words: docs/a.md has no heading 'two-words'",
            "README.md: link ../other/README.md: points outside the repository",
            "README.md line 4: points outside the repository: ../shared");
  }

  @Test
  void theReadmeIsShortAndEveryConcernHasItsDocument() throws IOException {
    assertThat(Files.readAllLines(REPO.resolve("README.md"))).hasSizeLessThanOrEqualTo(150);
    for (String concern :
        List.of(
            "runbooks",
            "guardrails",
            "verification",
            "reports",
            "configuration",
            "operations",
            "local-development",
            "deploy")) {
      assertThat(REPO.resolve("docs/" + concern + ".md")).as(concern).isRegularFile();
      assertThat(Files.readString(REPO.resolve("README.md")))
          .contains("](docs/" + concern + ".md)");
    }
  }

  @Test
  void noDocumentHasTwoHeadingsOfTheSameName() {
    for (Path doc : documents()) {
      assertThat(headingSlugs(read(doc)))
          .as(REPO.relativize(doc).toString())
          .doesNotHaveDuplicates();
    }
  }

  /** {@code .ci/run} runs the blocks the documents mark for it, so the two cannot drift apart. */
  @Test
  void ciRunsTheBlocksTheDocumentsPrint() throws IOException {
    String ci = Files.readString(REPO.resolve(".ci/run"));
    assertThat(ci)
        .contains("run_block README.md readme-commands", "run_block docs/deploy.md deploy-path");
    assertThat(markedBlock(REPO.resolve("README.md"), "readme-commands"))
        .containsExactly("./run demo", "./run test");
    assertThat(markedBlock(REPO.resolve("docs/deploy.md"), "deploy-path"))
        .containsExactly("./run build", "cd infra", "./cdk synth -c env=dev");
  }

  /**
   * The commands of the bash block after {@code <!-- ci: NAME}, comments stripped, as .ci/run reads
   * them.
   */
  private static List<String> markedBlock(Path doc, String name) {
    List<String> lines = read(doc);
    int marker = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("<!-- ci: " + name)) {
        assertThat(marker).as("one marker " + name + " in " + doc).isEqualTo(-1);
        marker = i;
      }
    }
    assertThat(marker).as("marker " + name + " in " + doc).isNotNegative();
    assertThat(lines.get(marker + 1)).isEqualTo("```bash");
    List<String> commands = new ArrayList<>();
    for (String line : lines.subList(marker + 2, lines.size())) {
      if (line.startsWith("```")) {
        return commands;
      }
      String command = line.replaceFirst("\\s*#.*$", "").strip();
      if (!command.isEmpty()) {
        commands.add(command);
      }
    }
    throw new AssertionError("unclosed block after marker " + name + " in " + doc);
  }

  private static List<Path> documents() {
    List<Path> docs =
        new ArrayList<>(
            List.of(
                REPO.resolve("README.md"),
                REPO.resolve("infra/README.md"),
                REPO.resolve("BENCHMARKS.md"),
                REPO.resolve("RELIABILITY.md")));
    try (Stream<Path> files = Files.list(REPO.resolve("docs"))) {
      files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  private static List<String> problems(Path repo, Path doc) {
    List<String> problems = new ArrayList<>();
    String name = repo.relativize(doc).toString();
    List<String> lines = read(doc);
    boolean inFence = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher outside = OUTSIDE_TEXT.matcher(line);
      if (outside.find()) {
        problems.add(
            name + " line " + (i + 1) + ": points outside the repository: " + outside.group());
      }
      if (line.strip().startsWith("```")) {
        inFence = !inFence;
        continue;
      }
      if (inFence) {
        continue;
      }
      Matcher link = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
      while (link.find()) {
        String problem = linkProblem(repo, doc, link.group(1));
        if (problem != null) {
          problems.add(name + ": link " + link.group(1) + ": " + problem);
        }
      }
    }
    return problems;
  }

  private static String linkProblem(Path repo, Path doc, String target) {
    if (SCHEME.matcher(target).find()) {
      return null;
    }
    int hash = target.indexOf('#');
    String file = hash < 0 ? target : target.substring(0, hash);
    Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
    if (!resolved.startsWith(repo.normalize())) {
      return "points outside the repository";
    }
    if (!Files.exists(resolved)) {
      return "no such file";
    }
    if (hash >= 0) {
      String anchor = target.substring(hash + 1);
      if (!resolved.toString().endsWith(".md") || !headings(read(resolved)).contains(anchor)) {
        return repo.relativize(resolved) + " has no heading '" + anchor + "'";
      }
    }
    return null;
  }

  /** Each heading's anchor as GitHub makes it: its slug, a repeated slug numbered from -1. */
  static Set<String> headings(List<String> lines) {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String slug : headingSlugs(lines)) {
      int n = seen.merge(slug, 1, Integer::sum) - 1;
      anchors.add(n == 0 ? slug : slug + "-" + n);
    }
    return anchors;
  }

  private static List<String> headingSlugs(List<String> lines) {
    List<String> slugs = new ArrayList<>();
    boolean inFence = false;
    for (String line : lines) {
      if (line.strip().startsWith("```")) {
        inFence = !inFence;
        continue;
      }
      Matcher heading = HEADING.matcher(line);
      if (!inFence && heading.matches()) {
        slugs.add(slug(heading.group(2)));
      }
    }
    return slugs;
  }

  /**
   * GitHub's rule: lower case, every character but letters, digits, spaces, '-' and '_' dropped,
   * spaces to '-'.
   */
  static String slug(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
