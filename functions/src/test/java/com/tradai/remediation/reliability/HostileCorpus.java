package com.tradai.remediation.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Generates hostile and malformed inputs from valid samples: fields removed, types swapped, keys
 * re-cased, truncations at every depth (also inside the SNS Message string), huge strings, deep
 * nesting, duplicate keys, control and bidi characters, CRLF, ${…} lookups and chat markup. The SNS
 * Message string is mutated as JSON too, then re-embedded, so its inside is covered.
 */
final class HostileCorpus {
  static final List<String> NASTY =
      List.of(
          "line1\r\nline2",
          "\u0000nul",
          "\u202Egnp.exe",
          "\u2066isolate\u2069",
          "${jndi:ldap://127.0.0.1:1/a}",
          "${env:AWS_SECRET_ACCESS_KEY}",
          "${java:version}",
          "<!channel> <@U123> @here",
          "[click](http://127.0.0.1/x)",
          "*bold* _it_ `code`",
          "\"quoted\" \\ back",
          "ünïcödé ✓ 中文",
          "\t\u001b[31mred",
          "tradai-dev-*",
          "",
          "a".repeat(5000));

  private final ObjectMapper mapper = new ObjectMapper();

  record Case(String kind, byte[] input) {}

  List<Case> from(String name, byte[] sample) {
    List<Case> out = new ArrayList<>();
    JsonNode root = read(sample);
    String raw = new String(sample, StandardCharsets.UTF_8);
    // Truncation at many depths of the raw text.
    for (int i = 1; i < raw.length(); i += Math.max(1, raw.length() / 400)) {
      out.add(new Case("truncated", raw.substring(0, i).getBytes(StandardCharsets.UTF_8)));
    }
    mutateTree(root, out, n -> n);
    // The SNS Message is itself JSON inside a string: mutate it there too.
    JsonNode message = root.path("Records").path(0).path("Sns").path("Message");
    if (message.isTextual()) {
      String m = message.asText();
      for (int i = 1; i < m.length(); i += Math.max(1, m.length() / 300)) {
        out.add(new Case("truncated-in-sns-message", withMessage(root, m.substring(0, i))));
      }
      List<Case> inner = new ArrayList<>();
      mutateTree(read(m.getBytes(StandardCharsets.UTF_8)), inner, n -> n);
      for (Case c : inner) {
        out.add(
            new Case(
                c.kind() + "-in-sns-message",
                withMessage(root, new String(c.input(), StandardCharsets.UTF_8))));
      }
    }
    // Duplicate keys: repeat the first key of the object with another value.
    int brace = raw.indexOf('{');
    out.add(
        new Case(
            "duplicate-key",
            (raw.substring(0, brace + 1) + firstKeyDuplicate(root) + raw.substring(brace + 1))
                .getBytes(StandardCharsets.UTF_8)));
    // Deep nesting and huge strings.
    out.add(
        new Case(
            "deep-nesting",
            ("{\"x\":" + "[".repeat(500) + "]".repeat(500) + "}")
                .getBytes(StandardCharsets.UTF_8)));
    ObjectNode huge = root.deepCopy();
    huge.put("padding", "x".repeat(300 * 1024));
    out.add(new Case("huge-over-limit", bytes(huge)));
    ObjectNode big = root.deepCopy();
    big.put("padding", "x".repeat(200 * 1024));
    out.add(new Case("huge-under-limit", bytes(big)));
    out.add(new Case("not-json", ("<xml>" + name + "</xml>").getBytes(StandardCharsets.UTF_8)));
    out.add(new Case("json-scalar", "42".getBytes(StandardCharsets.UTF_8)));
    return out;
  }

  private void mutateTree(JsonNode root, List<Case> out, Function<JsonNode, JsonNode> wrap) {
    List<List<Object>> paths = new ArrayList<>();
    collect(root, new ArrayList<>(), paths);
    for (List<Object> path : paths) {
      out.add(
          new Case("field-removed", bytes(edit(root, path, (parent, key) -> remove(parent, key)))));
      for (JsonNode swap :
          List.of(
              JsonNodeFactory.instance.numberNode(7),
              JsonNodeFactory.instance.textNode("7"),
              JsonNodeFactory.instance.nullNode(),
              JsonNodeFactory.instance.booleanNode(true),
              JsonNodeFactory.instance.arrayNode(),
              JsonNodeFactory.instance.objectNode())) {
        out.add(
            new Case(
                "type-swapped", bytes(edit(root, path, (parent, key) -> set(parent, key, swap)))));
      }
      if (path.getLast() instanceof String key) {
        out.add(
            new Case(
                "wrong-casing",
                bytes(
                    edit(
                        root,
                        path,
                        (parent, k) ->
                            rename(
                                parent,
                                key,
                                Character.isUpperCase(key.charAt(0))
                                    ? key.toLowerCase(Locale.ROOT)
                                    : key.toUpperCase(Locale.ROOT))))));
      }
      JsonNode leaf = at(root, path);
      if (leaf != null && leaf.isTextual()) {
        for (String nasty : NASTY) {
          out.add(
              new Case(
                  "nasty-text",
                  bytes(
                      edit(
                          root,
                          path,
                          (parent, key) -> set(parent, key, TextNode.valueOf(nasty))))));
          out.add(
              new Case(
                  "nasty-suffix",
                  bytes(
                      edit(
                          root,
                          path,
                          (parent, key) ->
                              set(parent, key, TextNode.valueOf(leaf.asText() + nasty))))));
        }
      }
    }
  }

  private static void collect(JsonNode node, List<Object> prefix, List<List<Object>> out) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        List<Object> p = new ArrayList<>(prefix);
        p.add(e.getKey());
        out.add(p);
        collect(e.getValue(), p, out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        List<Object> p = new ArrayList<>(prefix);
        p.add(i);
        out.add(p);
        collect(node.get(i), p, out);
      }
    }
  }

  private interface Edit {
    void apply(JsonNode parent, Object key);
  }

  private static JsonNode edit(JsonNode root, List<Object> path, Edit edit) {
    JsonNode copy = root.deepCopy();
    JsonNode parent = copy;
    for (Object step : path.subList(0, path.size() - 1)) {
      parent = step instanceof String s ? parent.get(s) : parent.get((Integer) step);
    }
    edit.apply(parent, path.getLast());
    return copy;
  }

  private static JsonNode at(JsonNode root, List<Object> path) {
    JsonNode n = root;
    for (Object step : path) {
      n = step instanceof String s ? n.get(s) : n.get((Integer) step);
      if (n == null) {
        return null;
      }
    }
    return n;
  }

  private static void remove(JsonNode parent, Object key) {
    if (parent instanceof ObjectNode o) {
      o.remove((String) key);
    } else if (parent instanceof ArrayNode a) {
      a.remove((Integer) key);
    }
  }

  private static void set(JsonNode parent, Object key, JsonNode value) {
    if (parent instanceof ObjectNode o) {
      o.set((String) key, value);
    } else if (parent instanceof ArrayNode a) {
      a.set((Integer) key, value);
    }
  }

  private static void rename(JsonNode parent, String from, String to) {
    if (parent instanceof ObjectNode o && !from.equals(to)) {
      JsonNode v = o.remove(from);
      o.set(to, v);
    }
  }

  private String firstKeyDuplicate(JsonNode root) {
    String key = root.fieldNames().next();
    return "\"" + key + "\":\"duplicate\",";
  }

  private byte[] withMessage(JsonNode root, String message) {
    ObjectNode copy = root.deepCopy();
    ((ObjectNode) copy.path("Records").path(0).path("Sns")).put("Message", message);
    return bytes(copy);
  }

  private JsonNode read(byte[] json) {
    try {
      return mapper.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private byte[] bytes(JsonNode node) {
    try {
      return mapper.writeValueAsBytes(node);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
