#!/usr/bin/env bash
# Generates the native-image build sources (no GraalVM/Mandrel needed) and checks that the
# configuration native-image would read holds this project's registrations
# (scripts/CheckNativeSources.java). Run by .ci/run after the test suite; see docs/install.md.
set -euo pipefail
cd "$(dirname "$0")/.."
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
./mvnw -B -q package -Dnative -Dquarkus.native.sources-only=true -DskipTests
"$java_bin" -cp "target/native-sources/lib/*" scripts/CheckNativeSources.java target/native-sources
