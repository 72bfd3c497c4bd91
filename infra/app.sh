#!/usr/bin/env bash
# The CDK app command (see cdk.json): runs com.tradai.infra.InfraApp through Maven on a JDK 25
# (scripts/jdk.sh finds it; nothing is installed).
set -euo pipefail
cd "$(dirname "$0")"
source ../scripts/jdk.sh
use_jdk
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
# -Dcdk.app leaves out the tests' dependency on the functions module (see pom.xml): the app needs
# only the deployment jar's path, so synth works from a fresh clone with nothing installed.
exec ../mvnw -q -Dcdk.app compile exec:java
