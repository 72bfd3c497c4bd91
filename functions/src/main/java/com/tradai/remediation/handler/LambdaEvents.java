package com.tradai.remediation.handler;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;

/**
 * AWS's event classes (aws-lambda-java-events) read exactly as the Lambda Java runtime reads them
 * for a {@code RequestHandler<SQSEvent, ...>}: with aws-lambda-java-serialization's serializer for
 * the class, whose mixins map the wire names ({@code Records}, {@code eventSourceARN}, {@code
 * detail-type}) and whose Joda module reads a scheduled event's time.
 *
 * <p>The handlers stay {@code RequestStreamHandler}s and call the serializer themselves, for three
 * reasons: the input is read up to the size limit and no further ({@link StreamInput}); the raw
 * bytes go through the strict mapper first, so an event with a duplicate key is refused instead of
 * resolved to its last value; and one handler string serves Lambda, {@code sam local invoke} and
 * {@code ./run invoke} alike, with the verifier answering a direct invocation (one check's body) as
 * well as an SQS batch.
 *
 * <p>The remediation handler does not use these classes for alarms: its four delivery shapes
 * (CloudWatch's alarm action, SNS, EventBridge, a person's command) are parsed by {@code
 * AlarmIntake} on Jackson's tree, which refuses oversize input before parsing and duplicate keys
 * while parsing, and names the field at fault; the library's alarm classes resolve duplicates
 * silently and drop reasonData and metric-math fields.
 */
final class LambdaEvents {
  private LambdaEvents() {}

  /** Built once per class that reads this event type: building one is part of a cold start. */
  static <T> PojoSerializer<T> reader(Class<T> eventClass) {
    return LambdaEventSerializers.serializerFor(eventClass, LambdaEvents.class.getClassLoader());
  }

  static <T> T read(PojoSerializer<T> reader, byte[] json) {
    return reader.fromJson(new ByteArrayInputStream(json));
  }
}
