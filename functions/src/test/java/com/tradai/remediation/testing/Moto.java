package com.tradai.remediation.testing;

import com.tradai.remediation.cli.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real moto_server per test JVM on a free loopback port, wiped before every test. Tests take it
 * as a {@link MotoServer} parameter.
 */
public final class Moto implements BeforeEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(Moto.class);

  private static MotoServer server(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NS)
        .getOrComputeIfAbsent("server", k -> new Handle(), Handle.class)
        .server;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    server(context).reset();
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == MotoServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return server(e);
  }

  /** Closed by JUnit when the root context closes, i.e. once at the end of the run. */
  private static final class Handle implements AutoCloseable {
    final MotoServer server;

    Handle() {
      try {
        server = MotoServer.start();
      } catch (IOException e) {
        throw new UncheckedIOException(
            "moto_server could not start; install it with "
                + "pip install 'moto[server]' or set MOTO_SERVER",
            e);
      }
    }

    @Override
    public void close() {
      server.close();
    }
  }
}
