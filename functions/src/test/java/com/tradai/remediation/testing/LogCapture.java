package com.tradai.remediation.testing;

import java.io.StringWriter;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** Captures the com.tradai log lines in a plain pattern, e.g. "%m%n", while it is open. */
public final class LogCapture implements AutoCloseable {
  private final StringWriter captured = new StringWriter();
  private final WriterAppender appender;

  public LogCapture(String pattern) {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration config = ctx.getConfiguration();
    appender =
        WriterAppender.newBuilder()
            .setName("capture")
            .setTarget(captured)
            .setLayout(
                PatternLayout.newBuilder().withPattern(pattern).withConfiguration(config).build())
            .build();
    appender.start();
    config.getLoggerConfig("com.tradai").addAppender(appender, null, null);
    ctx.updateLoggers();
  }

  public String text() {
    return captured.toString();
  }

  @Override
  public void close() {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    ctx.getConfiguration().getLoggerConfig("com.tradai").removeAppender("capture");
    appender.stop();
    ctx.updateLoggers();
  }
}
