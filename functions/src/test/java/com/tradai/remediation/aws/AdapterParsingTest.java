package com.tradai.remediation.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.core.ResourceState;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.PendingModifiedValues;

/** The small pure parts of the adapters. */
class AdapterParsingTest {
  @Test
  void reportLinesGiveInvocationsColdStartsAndTheLongestDuration() {
    ResourceState.LambdaInvocations inv =
        LogEvidenceReader.reports(
            "fn",
            List.of(
                "REPORT RequestId: a\tDuration: 102.25 ms\tBilled Duration: 103 ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB\tInit Duration: 850.31 ms",
                "REPORT RequestId: b Duration: 2401.5 ms Billed Duration: 2402 ms Memory Size: 512 MB Max Memory Used: 91 MB",
                "START RequestId: c Version: 1"));
    assertThat(inv.invocations()).isEqualTo(2);
    assertThat(inv.initDurationsMs()).containsExactly(850.31);
    assertThat(inv.maxDurationMs()).isEqualTo(2401.5);
  }

  @Test
  void pendingModificationsNameOnlyTheFieldsThatAreSet() {
    assertThat(RdsExecutor.pending(null)).isEmpty();
    assertThat(RdsExecutor.pending(PendingModifiedValues.builder().build())).isEmpty();
    assertThat(
            RdsExecutor.pending(
                PendingModifiedValues.builder().dbInstanceClass("db.t4g.small").build()))
        .containsExactly("DBInstanceClass=db.t4g.small");
  }

  @Test
  void iopsLimitAndMaxConnectionsFollowStorageAndClass() {
    assertThat(
            RdsExecutor.iopsLimit(
                DBInstance.builder().storageType("gp2").allocatedStorage(20).build()))
        .isEqualTo(100);
    assertThat(
            RdsExecutor.iopsLimit(
                DBInstance.builder().storageType("gp2").allocatedStorage(200).build()))
        .isEqualTo(600);
    assertThat(
            RdsExecutor.iopsLimit(
                DBInstance.builder().storageType("gp3").allocatedStorage(20).build()))
        .isEqualTo(3000);
    assertThat(RdsExecutor.iopsLimit(DBInstance.builder().storageType("io1").iops(5000).build()))
        .isEqualTo(5000);
    assertThat(
            RdsExecutor.maxConnections(
                DBInstance.builder().dbInstanceClass("db.t4g.micro").engine("postgres").build()))
        .isEqualTo(112);
    assertThat(
            RdsExecutor.maxConnections(
                DBInstance.builder().dbInstanceClass("db.r6g.xlarge").engine("postgres").build()))
        .isEqualTo(3604);
  }

  @Test
  void aLogTermIsSentAsOneQuotedTerm() {
    assertThat(CloudWatchLogsSearcher.pattern("rate limit")).isEqualTo("\"rate limit\"");
    assertThat(CloudWatchLogsSearcher.pattern("say \"hi\"")).isEqualTo("\"say hi\"");
  }
}
