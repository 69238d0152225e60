#!/usr/bin/env bash
# The proxy's added latency per request: a fake upstream (in the bench JVM) answered directly and
# through a real `target/cs proxy`, N requests of each kind, interleaved, in one run. Prints the
# median and p95 of each, the added time and the ratio proxied/direct.
# Usage: bench/proxy-bench.sh [requests-per-kind]   (default 300)
# Needs: a built target/cs (./mvnw package), JDK 25.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
n=${1:-300}
cs="$repo/target/cs"
[ -x "$cs" ] || { echo "build first: ./mvnw -B package -DskipTests" >&2; exit 1; }
# The JDK the launcher was built with (JDK 25), unless JAVA_HOME says otherwise.
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/java}"
[ -n "$java_bin" ] || java_bin=$(sed -n 's/^trained_java="\(.*\)"$/\1/p' "$cs")
[ -x "$java_bin" ] || java_bin=java
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" CODESESSION_DB_PATH="$work/bench.db"
mkdir -p "$HOME" "$work/repo"
cd "$work/repo"
"$java_bin" "$here/ProxyBench.java" "$cs" "$n"
echo
echo "stored: $("$cs" show --json | sed -E 's/.*"aiTokens":([0-9]+).*/\1/') tokens in the bench session"
