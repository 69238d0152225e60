#!/usr/bin/env bash
# Import throughput: generates a synthetic Claude Code log tree, then times `cs import claude`
# (first import, then a re-import that finds everything already stored) on a throw-away store.
#   bench/import-bench.sh [megabytes] [sessions]    (default 200 MB, 200 sessions; needs target/cs)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
mb=${1:-200}
sessions=${2:-200}
cs=${CS:-$root/target/cs}
[ -x "$cs" ] || { echo "no launcher at $cs: run ./mvnw -B package -DskipTests first" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" CODESESSION_DB_PATH="$work/bench.db"
mkdir -p "$HOME"
python3 "$here/gen-claude-logs.py" "$work/logs" "$mb" "$sessions"
bytes=$(du -sb "$work/logs" | cut -f1)
for run in first re-import; do
  start=$(date +%s.%N)
  "$cs" import claude --path "$work/logs" --json > "$work/out.json"
  end=$(date +%s.%N)
  python3 - "$work/out.json" "$bytes" "$start" "$end" "$run" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); b = int(sys.argv[2]); wall = float(sys.argv[4]) - float(sys.argv[3])
print("%-10s %7.1f MB  %5d files  %8d lines  %7d requests imported (%d already)  %.1f s wall  %.1f MB/s wall  %.1f MB/s in-process"
      % (sys.argv[5], b / 1e6, d["files"], d["lines"], d["requests"]["imported"], d["requests"]["alreadyImported"],
         wall, b / 1e6 / wall, b / 1e6 / (d["elapsedMs"] / 1000)))
PY
done
