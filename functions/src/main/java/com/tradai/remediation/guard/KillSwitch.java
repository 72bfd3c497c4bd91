package com.tradai.remediation.guard;

import java.util.Locale;
import java.util.Optional;

/**
 * What a kill-switch parameter's value means. Off: the parameter is empty or says
 * off/false/0/disabled. Anything else engages it, so a value like "on: incident 4711" both stops
 * every fix and says why; a value that cannot be read stops every fix too (fail closed). A missing
 * parameter is off only in dev: in staging and prod (any environment but dev) it counts as engaged,
 * so a deleted or never-created parameter cannot switch the guard off.
 */
public final class KillSwitch {
  private KillSwitch() {}

  /** The one environment where a missing parameter means off. */
  static final String MISSING_IS_OFF_IN = "dev";

  /** Present when engaged: the text the report shows. A missing parameter is off (dev's rule). */
  public static Optional<String> engaged(String parameter, Optional<String> value) {
    return engaged(MISSING_IS_OFF_IN, parameter, value);
  }

  /** Present when engaged in {@code environment}: the text the report shows. */
  public static Optional<String> engaged(
      String environment, String parameter, Optional<String> value) {
    if (value.isEmpty()) {
      return MISSING_IS_OFF_IN.equals(environment)
          ? Optional.empty()
          : Optional.of(
              "SSM "
                  + parameter
                  + " is missing, and in "
                  + environment
                  + " a missing kill switch counts as engaged (set it to 'off' to allow fixes)");
    }
    String v = value.get().strip();
    String word = v.toLowerCase(Locale.ROOT);
    if (v.isEmpty()
        || word.equals("off")
        || word.equals("false")
        || word.equals("0")
        || word.equals("disabled")) {
      return Optional.empty();
    }
    String shown = v.replaceAll("\\p{Cntrl}", " ");
    return Optional.of(
        "SSM "
            + parameter
            + " = '"
            + (shown.length() > 200 ? shown.substring(0, 200) + "…" : shown)
            + "'");
  }

  public static String unreadable(String parameter, String error) {
    return "SSM " + parameter + " could not be read (" + error + "), so it counts as engaged";
  }
}
