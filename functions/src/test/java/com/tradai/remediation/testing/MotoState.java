package com.tradai.remediation.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.handler.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * moto's own state dump ({@code GET /moto-api/data.json}). A delayed SQS message is invisible to
 * ReceiveMessage until its delay passes, as on AWS; this is how a test reads its body and delay now.
 */
public final class MotoState {
  private MotoState() {}

  public record SqsMessage(String body, long delaySeconds, boolean delayed) {}

  public static List<SqsMessage> sqsMessages(MotoServer moto) throws IOException {
    try (InputStream in = URI.create(moto.endpoint() + "/moto-api/data.json").toURL().openStream()) {
      JsonNode root = Json.MAPPER.readTree(in);
      List<SqsMessage> out = new ArrayList<>();
      for (JsonNode m : root.path("sqs").path("Message")) {
        long delayMillis = m.path("delayed_until").asLong(0) - m.path("sent_timestamp").asLong(0);
        out.add(new SqsMessage(m.path("body").asText(), Math.round(Math.max(0, delayMillis) / 1000.0),
            m.path("delayed").asBoolean()));
      }
      return out;
    }
  }
}
