package com.tradai.remediation.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradai.remediation.alarm.CloudWatchAlarm;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An in-process HTTP client for SnapStart priming: it answers each operation a function's first
 * event calls as AWS would for a healthy dev account (kill switch off, an empty ledger but for the
 * items it is given, an ECS service at 2 tasks, a published report, CloudWatch's query-protocol
 * alarm reads by {@link CannedAlarms}), echoing the names the request asked about, and sends
 * nothing anywhere. The SDK clients built on it run their full request path (marshalling, endpoint
 * rules, signing, retries, response parsing). An operation it has no answer for gets a 400, so the
 * path treats it as an AWS error and {@link #unanswered()} names it.
 */
public final class CannedAnswers implements SdkHttpClient {
  private static final String JSON = "application/x-amz-json-1.1";
  private final ObjectMapper json;
  private final Set<String> switchedOff;
  private final CannedAlarms alarms;

  /** The ledger's items GetItem finds, as DynamoDB sends them, by "pk sk". */
  private final Map<String, String> items = new java.util.HashMap<>();

  private final Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();
  private final Set<String> unanswered = ConcurrentHashMap.newKeySet();

  /**
   * @param switchedOff the SSM parameters answered with "off" (the kill switch); others do not
   *     exist
   */
  public CannedAnswers(ObjectMapper json, Set<String> switchedOff) {
    this(json, switchedOff, List.of(), List.of());
  }

  /**
   * @param alarms the alarms CloudWatch's query-protocol DescribeAlarms knows (the sample's, in
   *     ALARM)
   * @param items the ledger items GetItem finds (the sample check's audit record); others do not
   *     exist
   */
  public CannedAnswers(
      ObjectMapper json,
      Set<String> switchedOff,
      List<CloudWatchAlarm> alarms,
      List<Map<String, AttributeValue>> items) {
    this.json = json;
    this.switchedOff = Set.copyOf(switchedOff);
    this.alarms = new CannedAlarms(alarms);
    for (Map<String, AttributeValue> item : items) {
      this.items.put(item.get("pk").s() + " " + item.get("sk").s(), wire(item).toString());
    }
  }

  /** The operations answered so far, by name, with how often. */
  public Map<String, Integer> answered() {
    Map<String, Integer> copy = new java.util.TreeMap<>();
    answered.forEach((op, n) -> copy.put(op, n.get()));
    return copy;
  }

  /** Operations asked for that have no canned answer. */
  public Set<String> unanswered() {
    return Set.copyOf(unanswered);
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    byte[] body =
        request.contentStreamProvider().map(p -> readAll(p.newStream())).orElse(new byte[0]);
    String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
    String path = request.httpRequest().encodedPath();
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() {
        return answer(target, path, body);
      }

      @Override
      public void abort() {}
    };
  }

  private HttpExecuteResponse answer(String target, String path, byte[] body) {
    boolean cbor = target.isEmpty() && path.contains("/operation/");
    String form = target.isEmpty() && !cbor ? new String(body, StandardCharsets.UTF_8) : "";
    String operation =
        !target.isEmpty()
            ? target.substring(target.indexOf('.') + 1)
            : cbor ? path.substring(path.lastIndexOf('/') + 1) : queryAction(form);
    try {
      String answer =
          !form.isEmpty() && alarms.answer(operation, form) != null
              ? alarms.answer(operation, form)
              : switch (operation) {
                case "GetParameters" -> parameters(json.readTree(body));
                case "Query" ->
                    "{\"Count\":0,\"ScannedCount\":0,\"Items\":[],\"ConsumedCapacity\":null}";
                // as DynamoDB answers a transaction: the capacity and item-collection members,
                // empty
                case "TransactWriteItems" ->
                    "{\"ConsumedCapacity\":[],\"ItemCollectionMetrics\":{}}";
                case "GetItem" -> item(json.readTree(body));
                case "PutItem", "UpdateItem", "DeleteItem" -> "{}";
                case "DescribeServices" -> services(json.readTree(body));
                case "UpdateService" -> updated(json.readTree(body));
                case "Publish" ->
                    """
            <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>\
            <MessageId>primed</MessageId></PublishResult></PublishResponse>""";
                default -> null;
              };
      if (cbor && (operation.equals("GetMetricData") || operation.equals("DescribeAlarms"))) {
        // Smithy RPCv2 CBOR: an empty map (no results), in the protocol's own content type.
        answered.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        return respond(200, "application/cbor", new byte[] {(byte) 0xA0});
      }
      if (answer == null) {
        unanswered.add(operation);
        return respond(
            400,
            JSON,
            ("{\"__type\":\"PrimingHasNoAnswer\",\"message\":\"no canned answer for "
                    + operation
                    + "\"}")
                .getBytes(StandardCharsets.UTF_8));
      }
      answered.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
      byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
      HttpExecuteResponse response =
          respond(200, answer.startsWith("<") ? "text/xml" : JSON, bytes);
      return target.startsWith("DynamoDB") ? withCrc32(response, bytes) : response;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The item stored under the request's key, or none (an empty answer), as DynamoDB answers. */
  private String item(JsonNode request) {
    String found =
        items.get(
            request.path("Key").path("pk").path("S").asText()
                + " "
                + request.path("Key").path("sk").path("S").asText());
    return found == null ? "{}" : "{\"Item\":" + found + "}";
  }

  /** An item in DynamoDB's JSON wire form. */
  private JsonNode wire(Map<String, AttributeValue> item) {
    var out = json.createObjectNode();
    item.forEach((k, v) -> out.set(k, wire(v)));
    return out;
  }

  private JsonNode wire(AttributeValue v) {
    var out = json.createObjectNode();
    switch (v.type()) {
      case S -> out.put("S", v.s());
      case N -> out.put("N", v.n());
      case BOOL -> out.put("BOOL", v.bool());
      case NUL -> out.put("NULL", true);
      case L -> {
        var list = out.putArray("L");
        v.l().forEach(e -> list.add(wire(e)));
      }
      case M -> out.set("M", wire(v.m()));
      default ->
          throw new IllegalArgumentException("no canned form for a " + v.type() + " attribute");
    }
    return out;
  }

  private String parameters(JsonNode request) throws IOException {
    var out = json.createObjectNode();
    var found = out.putArray("Parameters");
    var invalid = out.putArray("InvalidParameters");
    for (JsonNode name : request.path("Names")) {
      if (switchedOff.contains(name.asText())) {
        found
            .addObject()
            .put("Name", name.asText())
            .put("Type", "String")
            .put("Value", "off")
            .put("Version", 1);
      } else {
        invalid.add(name.asText());
      }
    }
    return json.writeValueAsString(out);
  }

  private String services(JsonNode request) throws IOException {
    var out = json.createObjectNode();
    var services = out.putArray("services");
    String cluster = request.path("cluster").asText("primed");
    for (JsonNode name : request.path("services")) {
      service(services.addObject(), name.asText(), cluster, 2);
    }
    out.putArray("failures");
    return json.writeValueAsString(out);
  }

  private String updated(JsonNode request) throws IOException {
    var out = json.createObjectNode();
    service(
        out.putObject("service"),
        request.path("service").asText("primed"),
        request.path("cluster").asText("primed"),
        request.path("desiredCount").asInt(2));
    return json.writeValueAsString(out);
  }

  /** A service as ECS describes one: every member ECS sends, so their parsers load here too. */
  private static void service(
      com.fasterxml.jackson.databind.node.ObjectNode s, String name, String cluster, int desired) {
    String taskDefinition = "arn:aws:ecs:eu-west-1:123456789012:task-definition/" + name + ":1";
    s.put("serviceName", name)
        .put("serviceArn", "arn:aws:ecs:eu-west-1:123456789012:service/" + cluster + "/" + name)
        .put("clusterArn", "arn:aws:ecs:eu-west-1:123456789012:cluster/" + cluster)
        .put("status", "ACTIVE")
        .put("desiredCount", desired)
        .put("runningCount", 2)
        .put("pendingCount", 0)
        .put("launchType", "FARGATE")
        .put("taskDefinition", taskDefinition)
        .put("createdAt", 1.7957745E9)
        .put("schedulingStrategy", "REPLICA");
    s.putArray("loadBalancers")
        .addObject()
        .put(
            "targetGroupArn",
            "arn:aws:elasticloadbalancing:eu-west-1:" + "123456789012:targetgroup/" + name + "/0")
        .put("containerName", "app")
        .put("containerPort", 80);
    s.putArray("serviceRegistries");
    s.putArray("taskSets");
    s.putArray("events")
        .addObject()
        .put("id", "primed")
        .put("createdAt", 1.7957745E9)
        .put("message", "(service " + name + ") has reached a steady state.");
    s.putArray("tags").addObject().put("key", "project").put("value", "primed");
    s.putObject("deploymentController").put("type", "ECS");
    s.putObject("deploymentConfiguration")
        .put("maximumPercent", 200)
        .put("minimumHealthyPercent", 100);
    var vpc = s.putObject("networkConfiguration").putObject("awsvpcConfiguration");
    vpc.putArray("subnets").add("subnet-primed");
    vpc.putArray("securityGroups").add("sg-primed");
    vpc.put("assignPublicIp", "DISABLED");
    s.putArray("deployments")
        .addObject()
        .put("id", "ecs-svc/1")
        .put("status", "PRIMARY")
        .put("taskDefinition", taskDefinition)
        .put("desiredCount", desired)
        .put("runningCount", 2)
        .put("pendingCount", 0)
        .put("rolloutState", "COMPLETED")
        .put("createdAt", 1.7957745E9);
  }

  private static String queryAction(String form) {
    for (String pair : form.split("&")) {
      if (pair.startsWith("Action=")) {
        return pair.substring("Action=".length());
      }
    }
    return "?";
  }

  private static HttpExecuteResponse respond(int status, String contentType, byte[] body) {
    SdkHttpResponse.Builder response =
        SdkHttpResponse.builder()
            .statusCode(status)
            .putHeader("Content-Type", contentType)
            .putHeader("Content-Length", String.valueOf(body.length))
            .putHeader("x-amzn-RequestId", "primed");
    if (contentType.equals("application/cbor")) {
      response.putHeader("smithy-protocol", "rpc-v2-cbor");
    }
    return HttpExecuteResponse.builder()
        .response(response.build())
        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
        .build();
  }

  /** DynamoDB sends the CRC32 of each answer's body, and the SDK checks it. */
  private static HttpExecuteResponse withCrc32(HttpExecuteResponse response, byte[] body) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(body);
    return HttpExecuteResponse.builder()
        .response(
            response.httpResponse().toBuilder()
                .putHeader("x-amz-crc32", String.valueOf(crc.getValue()))
                .build())
        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
        .build();
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String clientName() {
    return "canned";
  }

  @Override
  public void close() {}

  /** For a report: what the rehearsal asked for, answered and not. */
  public String summary() {
    return "answered "
        + answered()
        + (unanswered.isEmpty() ? "" : ", no answer for " + List.copyOf(unanswered));
  }
}
