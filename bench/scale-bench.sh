#!/usr/bin/env bash
# One-shot commands on a small and a large store, and export time and peak memory.
#   bench/scale-bench.sh [runs]   (needs ./mvnw package first)
# Small: 1,000 sessions / 1,000 usage rows. Large: 10,000 sessions / 1,000,000 usage rows /
# 100,000 file changes (the issue's scale). Export: 10,000 and 100,000 sessions (3 usage rows
# each) and the large store.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-10}
cs=${CS:-$root/target/cs}
java_home=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
jdbc=$(ls "$root"/target/quarkus-app/lib/main/org.xerial.sqlite-jdbc-*.jar | head -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home"
mkdir -p "$HOME" "$work/cwd"
cd "$work/cwd"

seed() { # db sessions usage files
  CODESESSION_DB_PATH="$1" "$cs" stats --json >/dev/null
  "$java_home/bin/java" --enable-native-access=ALL-UNNAMED -cp "$jdbc" "$root/bench/Seed.java" "$@" >/dev/null
  CODESESSION_DB_PATH="$1" "$cs" start "bench" --json >/dev/null
}
seed "$work/small.db" 1000 1000 1000
seed "$work/large.db" 10000 1000000 100000

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
time_ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(((e - s) / 1000000)); }

printf '%-10s %12s %12s %8s\n' command "1k rows ms" "1M rows ms" ratio
for cmd in "status --json" "log-ai -p openai -m gpt-4.1 -t 1000 --json" "list --json" "stats --json" "show --json"; do
  : >"$work/s"; : >"$work/l"
  for ((i = 0; i < runs; i++)); do
    CODESESSION_DB_PATH="$work/small.db" time_ms "$cs" $cmd >>"$work/s"
    CODESESSION_DB_PATH="$work/large.db" time_ms "$cs" $cmd >>"$work/l"
  done
  s=$(median <"$work/s"); l=$(median <"$work/l")
  awk -v c="${cmd%% *}" -v s="$s" -v l="$l" 'BEGIN { printf "%-10s %12d %12d %8.2f\n", c, s, l, l / s }'
done

# Export: time and peak resident memory, 10k vs 100k sessions (flat memory = streaming), and the
# whole large store (10k sessions with 1M usage rows and 100k file changes).
seed "$work/export10k.db" 10000 30000 10000
seed "$work/export100k.db" 100000 300000 100000
printf '\n%-22s %10s %12s %14s\n' export "store" "seconds" "peak RSS MB"
for fmt in csv json; do
  for db in export10k export100k large; do
    /usr/bin/time -f "%e %M" -o "$work/t" env CODESESSION_DB_PATH="$work/$db.db" "$cs" export --format "$fmt" >"$work/out"
    read -r secs kb <"$work/t"
    awk -v f="$fmt" -v d="$db" -v s="$secs" -v k="$kb" -v b="$(wc -c <"$work/out")" \
      'BEGIN { printf "%-22s %10s %12.2f %14.1f   (%d MB written)\n", f, d, s, k / 1024, b / 1048576 }'
  done
done
