package com.tradai.remediation;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.List;

/**
 * The packages' dependency rules, as docs/architecture.md draws them ("Packages and the direction
 * of dependency"). Only the deployed code is checked: tests may reach across layers to set a scene.
 */
@AnalyzeClasses(
    packages = "com.tradai.remediation",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  private static final String ROOT = "com.tradai.remediation.";

  /**
   * The levels, lowest first. A package may use the packages on lower levels only; the packages on
   * one level do not use each other. A new package has to be placed here (and in the doc) first.
   */
  static final List<List<String>> LEVELS =
      List.of(
          List.of("core"),
          List.of("alarm", "guard"),
          List.of("runbook", "report"),
          List.of("config", "commands"),
          List.of("ports"),
          List.of("ledger", "observe"),
          List.of("verify"),
          List.of("aws", "operator"),
          List.of("handler"));

  @ArchTest
  static final ArchRule packagesFormNoCycle =
      slices().matching(ROOT + "(*)..").should().beFreeOfCycles();

  @ArchTest static final ArchRule everyArrowPointsDown = levels();

  /** An adapter implements a port: a reader finds every interface aws/ implements in ports/. */
  @ArchTest
  static final ArchRule adaptersImplementPorts =
      noClasses()
          .that()
          .resideInAPackage(ROOT + "aws..")
          .should()
          .implement(
              resideInAPackage("com.tradai.remediation..")
                  .and(not(resideInAnyPackage(ROOT + "ports..", ROOT + "aws.."))))
          .as("classes in aws implement only interfaces in ports (or their own)");

  /** Adapters sit above the shells only to be wired by the handlers: they use none of them. */
  @ArchTest
  static final ArchRule adaptersUseNoShell =
      noClasses()
          .that()
          .resideInAnyPackage(ROOT + "aws..", ROOT + "operator..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(ROOT + "ledger..", ROOT + "observe..", ROOT + "verify..");

  /** AWS service clients only in adapters, the ledger (its own table) and handlers (priming). */
  @ArchTest
  static final ArchRule awsClientsOnlyAtTheEdge =
      noClasses()
          .that()
          .resideOutsideOfPackages(
              ROOT + "aws..", ROOT + "ledger..", ROOT + "operator..", ROOT + "handler..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("software.amazon.awssdk.services..");

  private static LayeredArchitecture levels() {
    LayeredArchitecture rule =
        Architectures.layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .ensureAllClassesAreContainedInArchitecture();
    for (List<String> level : LEVELS) {
      for (String name : level) {
        rule = rule.layer(name).definedBy(ROOT + name + "..");
      }
    }
    List<String> below = new ArrayList<>();
    for (List<String> level : LEVELS) {
      for (String name : level) {
        rule =
            below.isEmpty()
                ? rule.whereLayer(name).mayNotAccessAnyLayer()
                : rule.whereLayer(name).mayOnlyAccessLayers(below.toArray(String[]::new));
      }
      below.addAll(level);
    }
    return rule;
  }
}
