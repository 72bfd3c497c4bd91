package com.tradai.remediation.guard;

import java.util.Locale;
import java.util.Optional;

/**
 * What a kill-switch parameter's value means. Off: the parameter is missing, empty, or says
 * off/false/0/disabled. Anything else engages it, so a value like "on: incident 4711" both stops
 * every fix and says why; a value that cannot be read stops every fix too (fail closed).
 */
public final class KillSwitch {
  private KillSwitch() {}

  /** Present when engaged: the text the report shows. */
  public static Optional<String> engaged(String parameter, Optional<String> value) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String v = value.get().strip();
    String word = v.toLowerCase(Locale.ROOT);
    if (v.isEmpty() || word.equals("off") || word.equals("false") || word.equals("0")
        || word.equals("disabled")) {
      return Optional.empty();
    }
    String shown = v.replaceAll("\\p{Cntrl}", " ");
    return Optional.of("SSM " + parameter + " = '" + (shown.length() > 200 ? shown.substring(0, 200)
        + "…" : shown) + "'");
  }

  public static String unreadable(String parameter, String error) {
    return "SSM " + parameter + " could not be read (" + error + "), so it counts as engaged";
  }
}
