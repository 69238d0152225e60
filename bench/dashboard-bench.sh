#!/usr/bin/env bash
# Seeds a store with 10,000 sessions / 1,000,000 AI-usage rows, starts `target/cs dashboard` on it
# and prints the median response time of every API endpoint (and the main pages), then streams a
# CSV export of all sessions and reports the server's peak memory before and after.
# Usage: bench/dashboard-bench.sh [sessions] [usage-rows] [requests-per-endpoint]
# Needs: a built target/cs (./mvnw package), curl. Target: median <= 50 ms per endpoint.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
sessions=${1:-10000}
usage=${2:-1000000}
runs=${3:-25}
cs="$repo/target/cs"
[ -x "$cs" ] || { echo "build first: ./mvnw -B package -DskipTests" >&2; exit 1; }
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/java}"; [ -n "$java_bin" ] || java_bin=java
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export HOME="$work/home" CODESESSION_DB_PATH="$work/bench.db"
mkdir -p "$HOME"

echo "== seeding $sessions sessions / $usage ai_usage rows"
t0=$(date +%s.%N)
"$cs" stats --json >/dev/null   # creates the schema (tables, indexes, triggers)
jar=$(ls "$repo"/target/quarkus-app/lib/main/org.xerial.sqlite-jdbc-*.jar | head -n1)
"$java_bin" --enable-native-access=ALL-UNNAMED -cp "$jar" "$here/Seed.java" "$CODESESSION_DB_PATH" "$sessions" "$usage" $((sessions * 10))
printf "seeded in %.1f s, store %s\n" "$(echo "$(date +%s.%N) - $t0" | bc)" "$(du -h "$CODESESSION_DB_PATH" | cut -f1)"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$cs" dashboard --json --no-open --port "$port" >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 1 600); do [ -s "$work/out" ] && break; sleep 0.1; done
[ -s "$work/out" ] || { echo "dashboard did not start:"; cat "$work/err"; exit 1; }
base="http://localhost:$port"
rss() { awk '/VmHWM/ {print $2/1024 " MiB"}' "/proc/$pid/status"; }

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
bench() {
  local path=$1
  for _ in 1 2 3; do curl -s -o /dev/null "$base$path"; done
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base$path")
  local m
  m=$(for _ in $(seq 1 "$runs"); do curl -s -o /dev/null -w '%{time_total}\n' "$base$path"; done | median)
  printf "%-52s %4s %8.1f ms\n" "$path" "$code" "$(echo "$m * 1000" | bc -l)"
}
echo "== median of $runs requests (after 3 warm-up requests), peak RSS so far $(rss)"
id=$(curl -s "$base/api/v1/sessions?limit=1&sort=aiCost" | sed -E 's/.*"id":([0-9]+).*/\1/')
for p in /api/v1/stats "/api/v1/sessions" "/api/v1/sessions?search=retry" "/api/v1/sessions?sort=aiCost&order=desc" \
         "/api/v1/sessions?offset=9000" "/api/v1/sessions/$id" "/api/v1/sessions/$id/diff-stats" \
         /api/v1/daily-costs /api/v1/daily-costs?days=365 /api/v1/daily-tokens /api/v1/model-breakdown \
         /api/v1/provider-breakdown /api/v1/top-sessions /api/v1/file-hotspots /api/v1/activity-heatmap \
         /api/v1/cost-velocity /api/v1/projects /api/v1/token-ratios /api/v1/pricing /api/v1/alerts \
         /api/v1/version /api/v1/changelog / /sessions /models /insights "/sessions/$id"; do
  bench "$p"
done
echo "== concurrency: 96 requests over 8 endpoints, 1 vs 4 clients (pooled per-thread SQLite connections)"
mix() { for _ in $(seq 1 12); do for p in /api/v1/stats /api/v1/sessions /api/v1/projects /api/v1/activity-heatmap \
  /api/v1/model-breakdown /api/v1/daily-costs?days=365 /api/v1/cost-velocity /api/v1/top-sessions; do echo "$base$p"; done; done; }
for clients in 1 4; do
  t0=$(date +%s.%N)
  mix | xargs -P "$clients" -n 1 curl -s -o /dev/null
  printf "%d client(s): %.2f s\n" "$clients" "$(echo "$(date +%s.%N) - $t0" | bc)"
done
echo "== CSV export of all sessions (streamed)"
before=$(rss)
t0=$(date +%s.%N)
bytes=$(curl -s "$base/api/v1/export?format=csv" | wc -c)
printf "csv: %s bytes in %.2f s; peak RSS before %s, after %s\n" "$bytes" "$(echo "$(date +%s.%N) - $t0" | bc)" "$before" "$(rss)"
t0=$(date +%s.%N)
bytes=$(curl -s "$base/api/v1/export?format=json" | wc -c)
printf "json: %s bytes in %.2f s; peak RSS %s\n" "$bytes" "$(echo "$(date +%s.%N) - $t0" | bc)" "$(rss)"
