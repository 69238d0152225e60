#!/usr/bin/env python3
"""Writes a synthetic ~/.claude/projects tree for import benchmarks.

   gen-claude-logs.py DIR [MEGABYTES] [SESSIONS]

Lines look like Claude Code's: user prompts, tool results of a few KB, and assistant messages
written once per content block with repeated usage (so de-duplication has work), about 1 in 20
sidechain lines and a few corrupt lines."""
import json, os, random, sys

out = sys.argv[1]
target = int(float(sys.argv[2] if len(sys.argv) > 2 else 200) * 1e6)
sessions = int(sys.argv[3] if len(sys.argv) > 3 else 200)
rnd = random.Random(42)
models = ["claude-sonnet-4-5-20250929", "claude-opus-4-5-20251101", "claude-haiku-4-5-20251001"]
per_session = target // sessions
filler = "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz      \n") for _ in range(8000))
written = 0
for s in range(sessions):
    sid = "%08x-0000-4000-8000-%012x" % (s, s)
    d = os.path.join(out, "-home-dev-project-%d" % (s % 20))
    os.makedirs(d, exist_ok=True)
    cwd = "/home/dev/project-%d" % (s % 20)
    size = 0
    n = 0
    with open(os.path.join(d, sid + ".jsonl"), "w") as f:
        while size < per_session:
            n += 1
            ts = "2026-01-%02dT%02d:%02d:%02d.000Z" % (1 + s % 28, (n // 3600) % 24, (n // 60) % 60, n % 60)
            base = {"parentUuid": None, "isSidechain": n % 20 == 0, "userType": "external", "cwd": cwd,
                    "sessionId": sid, "version": "2.0.30", "gitBranch": "main", "timestamp": ts,
                    "uuid": "%s-%d" % (sid, n)}
            user = dict(base, type="user", message={"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "toolu_%d" % n,
                 "content": filler[: rnd.randint(500, 7000)]}]})
            lines = [json.dumps(user)]
            usage = {"input_tokens": rnd.randint(1, 50), "cache_creation_input_tokens": rnd.randint(0, 5000),
                     "cache_read_input_tokens": rnd.randint(0, 150000), "output_tokens": rnd.randint(1, 2000),
                     "service_tier": "standard"}
            usage["cache_creation"] = {"ephemeral_5m_input_tokens": usage["cache_creation_input_tokens"],
                                       "ephemeral_1h_input_tokens": 0}
            msg = {"id": "msg_%s_%d" % (sid[:8], n), "type": "message", "role": "assistant",
                   "model": models[n % 3], "stop_reason": None, "usage": usage}
            for block in range(rnd.randint(1, 3)):
                m = dict(msg, content=[{"type": "text", "text": filler[: rnd.randint(50, 800)]}])
                lines.append(json.dumps(dict(base, type="assistant", message=m, requestId="req_%s_%d" % (sid[:8], n))))
            if n % 500 == 0:
                lines.append('{"type":"assistant","message":{"usage":')
            chunk = "\n".join(lines) + "\n"
            f.write(chunk)
            size += len(chunk)
    written += size
print("wrote %.1f MB in %d sessions under %s" % (written / 1e6, sessions, out))
