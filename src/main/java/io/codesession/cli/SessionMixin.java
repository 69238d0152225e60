package io.codesession.cli;

import io.codesession.common.Input;
import picocli.CommandLine.Option;

/** {@code -s/--session <id>}: act on this session instead of resolving the active one. */
public class SessionMixin {

    @Option(names = {"-s", "--session"}, paramLabel = "<id>",
            description = "Session id (default: the active session of this directory).")
    String session;

    /** The id, strictly parsed, or null when not given. */
    public Long id() {
        return session == null ? null : Input.sessionId(session);
    }
}
