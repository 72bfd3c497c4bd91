#!/usr/bin/env bash
# The CDK app command (see cdk.json): runs com.tradai.infra.InfraApp through Maven on a JDK 25.
# Keeps JAVA_HOME when it already is a JDK 25 or newer; else takes one from /usr/lib/jvm.
set -euo pipefail
cd "$(dirname "$0")"
major() { "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print v[1]; exit}'; }
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(major "$JAVA_HOME")" -lt 25 ] 2>/dev/null; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-* /usr/lib/jvm/java-25-* /usr/lib/jvm/*25*; do
    if [ -x "$candidate/bin/javac" ]; then export JAVA_HOME="$candidate"; break; fi
  done
fi
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
# -Dcdk.app leaves out the tests' dependency on the functions module (see pom.xml): the app needs
# only the deployment jar's path, so synth works from a fresh clone with nothing installed.
exec ../mvnw -q -Dcdk.app compile exec:java
