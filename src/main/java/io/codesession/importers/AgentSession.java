package io.codesession.importers;

/** What a log says about one agent session: id, working directory, first and last activity. */
public final class AgentSession {

    private final String id;
    private String cwd;
    private String first;
    private String last;
    private java.time.Instant firstAt;
    private java.time.Instant lastAt;

    public AgentSession(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public String cwd() {
        return cwd;
    }

    public String first() {
        return first;
    }

    public String last() {
        return last;
    }

    /** Keeps the first working directory seen. */
    public void cwd(String dir) {
        if (cwd == null && dir != null && !dir.isEmpty()) {
            cwd = dir;
        }
    }

    /** Widens the activity range with one timestamp (ignored when it does not parse). */
    public void seen(String timestamp) {
        java.time.Instant t = io.codesession.common.Timestamps.parse(timestamp);
        if (t == null) {
            return;
        }
        if (firstAt == null || t.isBefore(firstAt)) {
            firstAt = t;
            first = io.codesession.common.Timestamps.format(t);
        }
        if (lastAt == null || t.isAfter(lastAt)) {
            lastAt = t;
            last = io.codesession.common.Timestamps.format(t);
        }
    }
}
