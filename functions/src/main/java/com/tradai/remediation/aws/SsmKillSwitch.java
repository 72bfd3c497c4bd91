package com.tradai.remediation.aws;

import java.util.function.BiConsumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** Writes the kill switch's SSM parameter (the operator function engaging it from chat). */
public final class SsmKillSwitch implements BiConsumer<String, String> {
  private final Supplier<SsmClient> ssm;

  public SsmKillSwitch(Supplier<SsmClient> ssm) {
    this.ssm = ssm;
  }

  @Override
  public void accept(String parameter, String value) {
    ssm.get()
        .putParameter(
            b -> b.name(parameter).value(value).type(ParameterType.STRING).overwrite(true));
  }
}
