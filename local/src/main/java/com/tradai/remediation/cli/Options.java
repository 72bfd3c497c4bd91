package com.tradai.remediation.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses "--flag value" and bare "--switch" arguments; an unknown flag is an error that names it.
 */
record Options(Map<String, String> values) {

  /** Flags ending in '?' are switches that take no value. */
  static Options parse(String[] args, Set<String> flags) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (flags.contains(a + "?")) {
        values.put(a, "true");
      } else if (flags.contains(a)) {
        if (i + 1 >= args.length) {
          throw new UsageException(a + " needs a value");
        }
        values.put(a, args[++i]);
      } else {
        throw new UsageException("unknown option '" + a + "'");
      }
    }
    return new Options(values);
  }

  Optional<String> get(String flag) {
    return Optional.ofNullable(values.get(flag));
  }

  boolean has(String flag) {
    return values.containsKey(flag);
  }

  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
