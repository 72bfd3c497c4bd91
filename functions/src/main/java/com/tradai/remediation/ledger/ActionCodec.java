package com.tradai.remediation.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.core.Action;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Actions as JSON for the ledger: the record's fields plus "type", its record name. */
public final class ActionCodec {
  private static final Map<String, Class<?>> TYPES =
      Arrays.stream(Action.class.getPermittedSubclasses())
          .collect(Collectors.toMap(Class::getSimpleName, Function.identity()));

  private final ObjectMapper mapper;

  public ActionCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public String write(Action action) {
    ObjectNode node = mapper.valueToTree(action);
    node.put("type", action.getClass().getSimpleName());
    return node.toString();
  }

  public Action read(String json) {
    try {
      JsonNode node = mapper.readTree(json);
      Class<?> type = TYPES.get(node.path("type").asText());
      if (type == null) {
        throw new IllegalArgumentException("unknown action type " + node.path("type"));
      }
      ((ObjectNode) node).remove("type");
      return (Action) mapper.treeToValue(node, type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(
          "stored action is not readable: " + e.getOriginalMessage(), e);
    }
  }
}
