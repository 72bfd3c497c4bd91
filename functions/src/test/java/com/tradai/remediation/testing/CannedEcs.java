package com.tradai.remediation.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A canned ECS endpoint (JSON 1.1 protocol) that answers instantly and records every request: a
 * backend service with 2 tasks of 512 CPU / 1024 MB. Used where thousands of inputs must run
 * through the handler and moto would take minutes; it models no state, so whatever it records is
 * what the handler tried, not what AWS would do. SSM answers ParameterNotFound; CloudWatch's
 * DescribeAlarms (query protocol) knows the sample latency alarm, in ALARM, as the SNS sample
 * defines it, and no other; any other service gets HTTP 400.
 */
public final class CannedEcs implements AutoCloseable {
  private final HttpServer server;
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  public CannedEcs() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          if (body.startsWith("Action=DescribeAlarms&")) {
            requests.add("DescribeAlarms " + body);
            byte[] xml =
                describeAlarms(body.contains("AlarmNames.member.1=" + LATENCY_ALARM + "&"))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, xml.length);
            exchange.getResponseBody().write(xml);
            exchange.close();
            return;
          }
          String op = target.substring(target.indexOf('.') + 1);
          requests.add(op + " " + body);
          String answer =
              switch (op) {
                case "DescribeServices" -> "{\"services\":[" + service(2) + "],\"failures\":[]}";
                case "DescribeTaskDefinition" ->
                    "{\"taskDefinition\":{\"taskDefinitionArn\":\""
                        + TASK_DEF
                        + "\",\"family\":\"tradai-backend-dev\",\"cpu\":\"512\",\"memory\":\"1024\",\"containerDefinitions\":"
                        + "[{\"name\":\"backend\",\"image\":\"tradai/backend:1.0\"}]}}";
                case "UpdateService" -> "{\"service\":" + service(3) + "}";
                // as AWS answers: the registered revision holds what was sent (the copy, with more
                // memory)
                case "RegisterTaskDefinition" ->
                    "{\"taskDefinition\":{\"taskDefinitionArn\":\""
                        + TASK_DEF.replace(":1", ":2")
                        + "\",\"family\":\"tradai-backend-dev\",\"cpu\":\"512\",\"memory\":\"2048\","
                        + "\"containerDefinitions\":[{\"name\":\"backend\",\"image\":\"tradai/backend:1.0\"}]}}";
                // SSM parameters (kill switch, policy override) are simply absent here.
                case "GetParameters" -> "{\"Parameters\":[],\"InvalidParameters\":[]}";
                default -> null;
              };
          String error = target.startsWith("AmazonSSM.") ? "ParameterNotFound" : "InvalidAction";
          byte[] bytes =
              (answer == null
                      ? "{\"__type\":\"" + error + "\",\"message\":\"not canned\"}"
                      : answer)
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
          exchange.sendResponseHeaders(answer == null ? 400 : 200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }

  private static final String LATENCY_ALARM = "tradai-dev-api-latency-high";

  private static String describeAlarms(boolean known) {
    String alarm =
        "<member><AlarmName>"
            + LATENCY_ALARM
            + "</AlarmName><StateValue>ALARM</StateValue>"
            + "<MetricName>TargetResponseTime</MetricName><Namespace>AWS/ApplicationELB</Namespace>"
            + "<ExtendedStatistic>p99</ExtendedStatistic><Dimensions><member><Name>LoadBalancer</Name>"
            + "<Value>app/tradai-dev/50dc6c495c0c9188</Value></member></Dimensions><Period>60</Period>"
            + "<Threshold>2.0</Threshold><ComparisonOperator>GreaterThanThreshold</ComparisonOperator></member>";
    return "<DescribeAlarmsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><DescribeAlarmsResult>"
        + "<CompositeAlarms/><MetricAlarms>"
        + (known ? alarm : "")
        + "</MetricAlarms></DescribeAlarmsResult>"
        + "</DescribeAlarmsResponse>";
  }

  private static final String TASK_DEF =
      "arn:aws:ecs:eu-west-1:123456789012:task-definition/tradai-backend-dev:1";

  private static String service(int desired) {
    return "{\"serviceName\":\"tradai-backend-dev\",\"status\":\"ACTIVE\",\"desiredCount\":"
        + desired
        + ",\"runningCount\":2,\"taskDefinition\":\""
        + TASK_DEF
        + "\"}";
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** "Operation {json body}" for every request since the last clear. */
  public List<String> requests() {
    return requests;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
