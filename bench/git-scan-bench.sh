#!/usr/bin/env bash
# What git costs a session: `cs start --json` (which remembers what the work tree already holds)
# and `cs end --json` (the end scan) in a repository of many files, clean and with pre-existing
# edits, against `cs status --json` (no git work) in the same run. Interleaved, medians.
#   bench/git-scan-bench.sh [files] [runs]     (defaults 20000 and 9; needs ./mvnw package first)
# Environment: CS=path/to/cs (default target/cs); CS_BASE=another cs build to compare with in the
# same run (e.g. a checkout before a change). Uses the git command only to build the repository.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
files=${1:-20000}
runs=${2:-9}
cs=${CS:-$root/target/cs}
[ -x "$cs" ] || { echo "no launcher at $cs: run ./mvnw -B package -DskipTests first" >&2; exit 1; }
launchers=(cs)
declare -A bin=([cs]=$cs)
if [ -n "${CS_BASE:-}" ]; then launchers+=(base); bin[base]=$CS_BASE; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" CODESESSION_DB_PATH="$work/bench.db"
mkdir -p "$HOME" "$work/repo"
cd "$work/repo"
git init -q -b main . && git config user.email bench@example.com && git config user.name bench
for ((d = 0; d < files / 100; d++)); do
  mkdir -p "src/m$d"
  for ((f = 0; f < 100; f++)); do printf 'module %d file %d\nline two\n' "$d" "$f" >"src/m$d/f$f.txt"; done
done
git add -A && git commit -qm "$files files"
echo "repository: $(git ls-files | wc -l) tracked files"

dirty() {  # 200 modified tracked files and 200 untracked ones
  for ((f = 0; f < 100; f++)); do echo "edit" >>"src/m0/f$f.txt"; echo "edit" >>"src/m1/f$f.txt"; done
  mkdir -p scratch; for ((f = 0; f < 200; f++)); do echo "draft $f" >"scratch/d$f.txt"; done
}
clean() { git checkout -q -- . && rm -rf scratch; }

declare -A times
ms() { echo $((($2 - $1) / 1000000)); }
one() {  # launcher state: start, one edit during the session, end
  local l=$1 state=$2 s e
  [ "$state" = dirty ] && dirty
  s=$(date +%s%N); "${bin[$l]}" start "bench" --json >/dev/null; e=$(date +%s%N)
  times[$l-start-$state]+="$(ms "$s" "$e") "
  echo "session edit" >>src/m2/f0.txt
  s=$(date +%s%N); "${bin[$l]}" status --json >/dev/null; e=$(date +%s%N)
  times[$l-status-$state]+="$(ms "$s" "$e") "
  s=$(date +%s%N); "${bin[$l]}" end --json >"$work/end.json"; e=$(date +%s%N)
  times[$l-end-$state]+="$(ms "$s" "$e") "
  clean
}
for l in "${launchers[@]}"; do one "$l" clean; one "$l" dirty; done  # warm-up
times=()
for ((i = 0; i < runs; i++)); do
  for l in "${launchers[@]}"; do one "$l" clean; one "$l" dirty; done
done
one cs dirty >/dev/null
echo "files recorded by the last dirty session (pre-existing edits left out): $(grep -o '"filePath"' "$work/end.json" | wc -l)"

median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
printf '%-8s %-6s %10s %10s %10s\n' launcher tree "status ms" "start ms" "end ms"
for l in "${launchers[@]}"; do
  for state in clean dirty; do
    printf '%-8s %-6s %10s %10s %10s\n' "$l" "$state" "$(median "${times[$l-status-$state]}")" \
      "$(median "${times[$l-start-$state]}")" "$(median "${times[$l-end-$state]}")"
  done
done
echo "($runs runs each, interleaved; $(nproc) cores)"
