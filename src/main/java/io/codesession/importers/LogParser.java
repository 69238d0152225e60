package io.codesession.importers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One agent's log format: files in, requests (with their agent sessions) and line counts out. */
interface LogParser {

    /** Reads one log file; malformed lines are skipped and counted, never fatal. */
    void read(Path file) throws IOException;

    /** The requests found so far, each once. */
    List<UsageEntry> entries();

    /** The agent sessions the requests belong to, by agent session id. */
    Map<String, AgentSession> sessions();

    ClaudeLogParser.Stats stats();
}
