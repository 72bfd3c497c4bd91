package com.tradai.remediation.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.config.PolicyLoader;
import com.tradai.remediation.guard.Mode;
import java.util.List;

/**
 * {@code mode RUNBOOK shadow|approve|act} and {@code promote RUNBOOK}, with {@code --reason TEXT}
 * and {@code --force}: checked before any AWS call, each bad word named.
 */
final class RolloutArgs {
  private static final int MAX_REASON = 200;

  private RolloutArgs() {}

  static void fill(ObjectNode payload, List<String> w, Options options) {
    String verb = w.getFirst();
    int expected = verb.equals("mode") ? 3 : 2;
    if (w.size() != expected) {
      throw new Options.UsageException(
          verb.equals("mode")
              ? "mode takes RUNBOOK and one of "
                  + Mode.choices()
                  + ", e.g. mode api-latency approve"
              : "promote takes one RUNBOOK, e.g. promote api-latency");
    }
    if (!PolicyLoader.RUNBOOKS.contains(w.get(1))) {
      throw new Options.UsageException(
          "RUNBOOK must be one of " + PolicyLoader.RUNBOOKS + ", got '" + w.get(1) + "'");
    }
    payload.put("runbook", w.get(1));
    if (verb.equals("mode")) {
      Mode.parse(w.get(2))
          .orElseThrow(
              () ->
                  new Options.UsageException(
                      "the mode must be one of " + Mode.choices() + ", got '" + w.get(2) + "'"));
      payload.put("mode", w.get(2));
    }
    options
        .get("--reason")
        .ifPresent(
            r -> {
              if (r.isBlank()
                  || r.length() > MAX_REASON
                  || r.chars().anyMatch(Character::isISOControl)) {
                throw new Options.UsageException(
                    "--reason must be one line of 1-" + MAX_REASON + " characters");
              }
              payload.put("reason", r);
            });
    if (options.has("--force")) {
      if (!payload.has("reason")) {
        throw new Options.UsageException(
            "--force needs --reason: why the track record's bar is overridden");
      }
      payload.put("force", true);
    }
  }
}
