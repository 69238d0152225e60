#!/usr/bin/env bash
# Stress (benchmark, not in the test suite: 800 JVM launches take minutes on 2 cores):
# 16 processes × 50 `cs log-ai` calls on one store while a dashboard reads it. Checks that every
# call succeeded, every row is stored, the session totals equal the sum of the rows, and that no
# dashboard read failed; prints the wall time and the rate.
#   bench/concurrency-stress.sh [lanes] [calls-per-lane]     (needs ./mvnw package first)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lanes=${1:-16}
calls=${2:-50}
cs=${CS:-$root/target/cs}
work=$(mktemp -d)
trap 'kill $dash_pid 2>/dev/null || true; rm -rf "$work"' EXIT
export HOME="$work/home" CODESESSION_DB_PATH="$work/data/sessions.db"
mkdir -p "$HOME" "$work/cwd"
cd "$work/cwd"
"$cs" start "stress" --json >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$cs" dashboard --port "$port" --no-open --json >"$work/dash.out" 2>"$work/dash.err" &
dash_pid=$!
for _ in $(seq 1 100); do grep -q '"url"' "$work/dash.out" 2>/dev/null && break; sleep 0.2; done
python3 - "$port" "$work/reads" <<'PY' &
import sys, time, urllib.request
port, out = sys.argv[1], sys.argv[2]
paths = ["/api/v1/stats", "/api/v1/sessions?limit=50", "/api/v1/daily-costs", "/api/v1/model-breakdown"]
ok = bad = 0
end = time.time() + 3600
i = 0
while time.time() < end:
    try:
        with urllib.request.urlopen("http://127.0.0.1:%s%s" % (port, paths[i % 4]), timeout=30) as r:
            ok += r.status == 200
            bad += r.status != 200
    except Exception:
        bad += 1
    i += 1
    with open(out, "w") as f:
        f.write("%d %d\n" % (ok, bad))
PY
reader_pid=$!
start=$(date +%s%N)
for lane in $(seq 1 "$lanes"); do
  (
    for i in $(seq 1 "$calls"); do
      "$cs" log-ai -p anthropic -m claude-sonnet-4 --prompt-tokens $((1000 + lane)) --completion-tokens "$i" --json \
        >>"$work/lane-$lane.out" 2>>"$work/lane-$lane.err" || echo "FAIL lane $lane call $i" >>"$work/failures"
    done
  ) &
done
wait $(jobs -p | grep -v "^$dash_pid$" | grep -v "^$reader_pid$") 2>/dev/null || true
end=$(date +%s%N)
kill $reader_pid 2>/dev/null || true
total=$((lanes * calls))
secs=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", (e - s) / 1e9 }')
"$cs" status --json >"$work/status.json"
python3 - "$work/status.json" "$total" "$lanes" "$calls" "$work/reads" <<'PY'
import json, sys
st = json.load(open(sys.argv[1])); total, lanes, calls = map(int, sys.argv[2:5])
rows = st["aiUsage"]
expected_tokens = sum((1000 + l) + i for l in range(1, lanes + 1) for i in range(1, calls + 1))
ok, bad = map(int, open(sys.argv[5]).read().split())
print("rows stored: %d of %d" % (len(rows), total))
print("session tokens: %d (sum of rows %d, expected %d)" % (st["aiTokens"], sum(r["tokens"] for r in rows), expected_tokens))
print("session cost: %.10f (sum of rows %.10f)" % (st["aiCost"], sum(r["cost"] for r in rows)))
print("dashboard reads: %d ok, %d failed" % (ok, bad))
assert len(rows) == total and st["aiTokens"] == expected_tokens and bad == 0
assert abs(st["aiCost"] - sum(r["cost"] for r in rows)) < 1e-9
PY
if [ -s "$work/failures" ]; then echo "failed calls:"; cat "$work/failures"; cat "$work"/lane-*.err | head; exit 1; fi
grep -l "SQLITE_BUSY\|database is locked" "$work"/lane-*.out "$work"/lane-*.err 2>/dev/null && { echo "SQLITE_BUSY reached a user"; exit 1; }
echo "$total log-ai calls in $lanes processes: ${secs} s ($(awk -v n="$total" -v s="$secs" 'BEGIN { printf "%.1f", n / s }') calls/s); all checks passed"
