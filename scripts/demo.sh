#!/usr/bin/env bash
# The main job on the embedded SQLite store, with demo data: a throw-away store and git repository,
# a session with AI usage, a note and (when git is installed) a commit and a rename, then the summary,
# list, stats and CSV export. Nothing outside the temporary directory is touched.
# Usage: scripts/demo.sh   (after ./mvnw -B package -DskipTests)
set -euo pipefail
cs="$(cd "$(dirname "$0")/.." && pwd)/target/cs"
[ -x "$cs" ] || { echo "build first: ./mvnw -B package -DskipTests" >&2; exit 1; }
demo=$(mktemp -d)
export HOME="$demo/home" CODESESSION_DB_PATH="$demo/sessions.db"
mkdir -p "$HOME" "$demo/project"
cd "$demo/project"
echo "Demo store: $CODESESSION_DB_PATH"
if command -v git >/dev/null 2>&1; then
  git init -q -b main . && printf 'upload(file)\nopen socket\nsend bytes\nclose socket\nreport\n' >upload.txt && git add . &&
    git -c user.name=demo -c user.email=demo@example.com commit -q -m "initial"
fi
"$cs" start "Add retry to uploader" --json
"$cs" log-ai -p anthropic -m claude-sonnet-4-20250514 --prompt-tokens 12000 --completion-tokens 3000 --agent "Demo Agent" --json
"$cs" log-ai -p openai -m gpt-4.1 -t 20000 --json
"$cs" note "tests green" --json
if [ -d .git ]; then
  printf 'retry 3 times\n' >>upload.txt && git mv upload.txt uploader.txt && printf 'test\n' >retry.test
  git add . && git -c user.name=demo -c user.email=demo@example.com commit -q -m "retry with jitter"
fi
"$cs" end -n "demo finished" --json
"$cs" start "Second task" --json >/dev/null
"$cs" log-ai -p google -m gemini-2.5-flash --prompt-tokens 100000 --completion-tokens 20000
"$cs" end
"$cs" list
"$cs" stats
"$cs" export --format csv
