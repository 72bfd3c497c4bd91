package com.tradai.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Turns {@link IamAllowList.Condition}s into a policy statement's Condition block. */
final class IamConditions {
  private IamConditions() {}

  /** {operator: {key: value or [values]}}, placeholders filled in by {@code values}. */
  static Map<String, Object> render(
      List<IamAllowList.Condition> conditions, Function<String, List<Object>> values) {
    Map<String, Object> block = new LinkedHashMap<>();
    for (IamAllowList.Condition c : conditions) {
      List<Object> resolved = new ArrayList<>();
      c.values().forEach(v -> resolved.addAll(values.apply(v)));
      @SuppressWarnings("unchecked")
      Map<String, Object> keys =
          (Map<String, Object>) block.computeIfAbsent(c.operator(), o -> new LinkedHashMap<>());
      keys.put(c.key(), resolved.size() == 1 ? resolved.getFirst() : resolved);
    }
    return block;
  }
}
