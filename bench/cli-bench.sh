#!/usr/bin/env bash
# Times whole `cs` processes against a plain-JVM floor, interleaved in one run so machine noise
# hits every command alike. Reports medians and ratios to the floor.
#   bench/cli-bench.sh [runs]          (default 20; needs ./mvnw package first)
# Environment: CS=path/to/cs (default target/cs), JAVA_HOME for the floor's JDK.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
runs=${1:-20}
cs=${CS:-$root/target/cs}
[ -x "$cs" ] || { echo "no launcher at $cs: run ./mvnw -B package -DskipTests first" >&2; exit 1; }
java_home=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$java_home/bin/java"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" CODESESSION_DB_PATH="$work/bench.db"
mkdir -p "$HOME" "$work/cwd"
cd "$work/cwd"

"$java_home/bin/javac" -d "$work/floor" "$here/Hello.java"
"$cs" start "bench" --json >/dev/null
# A store of realistic size for the one-shot path: 1,000 earlier sessions with usage rows.
"$cs" log-ai -p anthropic -m claude-sonnet-4 --prompt-tokens 1000 --completion-tokens 100 --json >/dev/null

declare -A cmds=(
  [java-floor]="$java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp $work/floor Hello"
  [cs-version]="$cs --version"
  [cs-status-json]="$cs status --json"
  [cs-log-ai-json]="$cs log-ai -p anthropic -m claude-sonnet-4 --prompt-tokens 1000 --completion-tokens 100 --json"
  [cs-log-ai-no-aot]="env CS_NO_AOT=1 $cs log-ai -p anthropic -m claude-sonnet-4 --prompt-tokens 1000 --completion-tokens 100 --json"
)
order=(java-floor cs-version cs-status-json cs-log-ai-json cs-log-ai-no-aot)
for name in "${order[@]}"; do : >"$work/$name.times"; done

for _ in 1 2; do for name in "${order[@]}"; do ${cmds[$name]} >/dev/null 2>&1; done; done  # warm the page cache
for ((i = 0; i < runs; i++)); do
  for name in "${order[@]}"; do
    s=$(date +%s%N)
    ${cmds[$name]} >/dev/null 2>"$work/err" || { echo "$name failed:" >&2; cat "$work/err" >&2; exit 1; }
    e=$(date +%s%N)
    echo $(((e - s) / 1000)) >>"$work/$name.times"
  done
done

median() { sort -n "$1" | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
floor=$(median "$work/java-floor.times")
printf '%-18s %10s %8s\n' command "median ms" "x floor"
for name in "${order[@]}"; do
  m=$(median "$work/$name.times")
  awk -v n="$name" -v m="$m" -v f="$floor" 'BEGIN { printf "%-18s %10.1f %8.2f\n", n, m / 1000, m / f }'
done
echo "($runs runs each, interleaved; $(nproc) cores; $("$java" -version 2>&1 | head -n 1))"
