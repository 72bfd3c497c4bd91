package com.tradai.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synth refuses reservations the account cannot give, naming every key that adds up. Pure. */
class ConcurrencyBudgetTest {
  private static final Path CONFIG = Synth.INFRA_DIR.resolve("config");

  @TempDir Path overlay;

  private EnvConfig dev(String json) throws IOException {
    Files.writeString(overlay.resolve("dev.json"), json);
    return EnvConfig.load(CONFIG, "dev", overlay);
  }

  @Test
  void theCommittedConfigsReserveRoomForTheBreakGlassPath() {
    for (String env : EnvConfig.ENVIRONMENTS) {
      EnvConfig cfg = EnvConfig.load(CONFIG, env);
      assertThat(ConcurrencyBudget.problems(cfg)).as(env).isEmpty();
      assertThat(cfg.functions().operator().reservedConcurrency()).as(env).isBetween(1, 2);
      assertThat(cfg.functions().verifier().reservedConcurrency()).as(env).isEqualTo(2);
      assertThat(cfg.functions().healthCheck().reservedConcurrency()).as(env).isEqualTo(1);
      assertThat(cfg.lambdaConcurrency().accountLimit()).as(env).isEqualTo(1000);
    }
  }

  @Test
  void aTotalThatLeavesLessThan100UnreservedIsRefusedNamingEveryKey() throws IOException {
    EnvConfig cfg =
        dev(
            """
        {"lambdaConcurrency": {"accountLimit": 1000, "reservedElsewhere": 895}}""");
    // dev reserves 2 + 2 + 1 + 2 = 7: 1000 - 895 - 7 = 98
    assertThat(ConcurrencyBudget.problems(cfg))
        .containsExactly(
            "reserved concurrency: functions.remediation.reservedConcurrency 2"
                + " + functions.verifier.reservedConcurrency 2 + functions.healthCheck.reservedConcurrency 1"
                + " + functions.operator.reservedConcurrency 2 + lambdaConcurrency.reservedElsewhere 895"
                + " leaves 98 of lambdaConcurrency.accountLimit 1000 unreserved; Lambda keeps at least 100"
                + " (lower a reservation, or raise the account's limit in Service Quotas and"
                + " lambdaConcurrency.accountLimit with it)");
    assertThat(
            ConcurrencyBudget.problems(
                dev(
                    """
        {"lambdaConcurrency": {"accountLimit": 1000, "reservedElsewhere": 893}}""")))
        .isEmpty();
    // an account still at the default limit of a new account cannot reserve anything
    assertThat(
            DeployReadiness.problems(
                dev(
                    """
        {"lambdaConcurrency": {"accountLimit": 10, "reservedElsewhere": 0}}""")))
        .singleElement()
        .asString()
        .contains("leaves 3 of lambdaConcurrency.accountLimit 10");
  }

  @Test
  void theBreakGlassFunctionsMustReserveAndTheVerifierAtLeastItsPollers() throws IOException {
    EnvConfig cfg =
        dev(
            """
        {"functions": {"operator": {"reservedConcurrency": null},
                       "healthCheck": {"reservedConcurrency": 0},
                       "verifier": {"reservedConcurrency": 1},
                       "remediation": {"reservedConcurrency": 0}}}""");
    assertThat(ConcurrencyBudget.problems(cfg))
        .containsExactly(
            "functions.remediation.reservedConcurrency: 0 would stop the function (0 reserved means never"
                + " invoked); leave it unset for the unreserved pool, or reserve at least 1",
            "functions.operator.reservedConcurrency: must be at least 1, got null (a person's approve,"
                + " rollback and kill switch must run while the account is throttled)",
            "functions.healthCheck.reservedConcurrency: must be at least 1, got 0 (the scheduled check must"
                + " run while the account is throttled)",
            "functions.verifier.reservedConcurrency: must be at least 2, got 1 (the verification queue's"
                + " event source polls with up to this many, and Lambda's least is 2)");
  }
}
