package io.codesession.session;

import io.codesession.common.Format;
import io.codesession.common.JsNumbers;
import io.codesession.common.Json;
import io.codesession.common.Json.Obj;
import io.codesession.usage.AiUsage;
import java.util.List;

/**
 * The spec's canonical record shapes (README §6.3): SessionJSON for CLI output, SessionRecord
 * for exports and the API, and the child records. Differences from 2.6.0 are additive and listed
 * in docs/compatibility.md: a zero duration is 0 (not null), and {@code endNotes} /
 * {@code commitCount} are always present so no flag hides them.
 */
public final class SessionJson {

    public static final int SCHEMA_VERSION = 1;

    private SessionJson() {
    }

    public static Obj envelope(String version) {
        return Json.obj().add("schemaVersion", SCHEMA_VERSION).add("codesessionVersion", version);
    }

    /** SessionJSON: envelope + session fields, commits as a count and notes as the end-notes string. */
    public static Obj cli(Session s, String version) {
        Obj o = envelope(version);
        o.add("id", s.id())
                .add("name", s.name())
                .add("status", s.status())
                .add("startTime", s.startTime())
                .add("endTime", emptyToNull(s.endTime()))
                .add("duration", s.duration())
                .add("durationFormatted", s.duration() == null ? null : Format.duration(s.duration()))
                .add("workingDirectory", s.workingDirectory())
                .add("gitRoot", emptyToNull(s.gitRoot()))
                .add("filesChanged", s.filesChanged())
                .add("commits", s.commits())
                .add("aiTokens", s.aiTokens())
                .add("aiCost", cost(s.aiCost()))
                .add("notes", emptyToNull(s.notes()))
                .add("endNotes", emptyToNull(s.notes()))
                .add("commitCount", s.commits());
        return o;
    }

    /** SessionRecord: absent values omitted, no envelope. */
    public static Obj record(Session s) {
        Obj o = Json.obj();
        o.add("id", s.id()).add("name", s.name()).add("startTime", s.startTime());
        o.addIfPresent("endTime", emptyToNull(s.endTime()));
        o.addIfPresent("duration", s.duration());
        o.add("workingDirectory", s.workingDirectory());
        o.addIfPresent("gitRoot", emptyToNull(s.gitRoot()));
        o.addIfPresent("startGitHead", emptyToNull(s.startGitHead()));
        o.add("filesChanged", s.filesChanged()).add("commits", s.commits());
        o.add("aiCost", cost(s.aiCost())).add("aiTokens", s.aiTokens());
        o.addIfPresent("notes", emptyToNull(s.notes()));
        o.add("status", s.status());
        return o;
    }

    public static Obj usage(AiUsage u) {
        Obj o = Json.obj();
        o.add("id", u.id()).add("sessionId", u.sessionId()).add("provider", u.provider()).add("model", u.model())
                .add("tokens", u.tokens());
        o.addIfPresent("promptTokens", positiveOrNull(u.promptTokens()));
        o.addIfPresent("completionTokens", positiveOrNull(u.completionTokens()));
        o.addIfPresent("cacheWriteTokens", positiveOrNull(u.cacheCreationTokens()));
        o.addIfPresent("cacheWrite1hTokens", positiveOrNull(u.cacheCreation1hTokens()));
        o.addIfPresent("cacheReadTokens", positiveOrNull(u.cacheReadTokens()));
        o.add("cost", u.cost());
        o.addIfPresent("agentName", emptyToNull(u.agentName()));
        o.add("timestamp", u.timestamp());
        return o;
    }

    public static Obj file(FileChange f) {
        Obj o = Json.obj().add("id", f.id()).add("sessionId", f.sessionId()).add("filePath", f.filePath())
                .add("changeType", f.changeType()).add("timestamp", f.timestamp());
        o.addIfPresent("oldPath", emptyToNull(f.oldPath()));
        return o;
    }

    public static Obj commit(CommitRecord c) {
        return Json.obj().add("id", c.id()).add("sessionId", c.sessionId()).add("hash", c.hash())
                .add("message", c.message()).add("timestamp", c.timestamp());
    }

    public static Obj note(Note n) {
        return Json.obj().add("id", n.id()).add("sessionId", n.sessionId()).add("message", n.message())
                .add("timestamp", n.timestamp());
    }

    public static List<Obj> usages(List<AiUsage> list) {
        return list.stream().map(SessionJson::usage).toList();
    }

    public static List<Obj> files(List<FileChange> list) {
        return list.stream().map(SessionJson::file).toList();
    }

    public static List<Obj> commits(List<CommitRecord> list) {
        return list.stream().map(SessionJson::commit).toList();
    }

    public static List<Obj> notes(List<Note> list) {
        return list.stream().map(SessionJson::note).toList();
    }

    /** A session total as shown: rounded to 10 decimals; non-finite (a 2.6.0 overflow) → null. */
    public static Double cost(double v) {
        return Double.isFinite(v) ? JsNumbers.round10(v) : null;
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static Long positiveOrNull(Long v) {
        return v == null || v == 0 ? null : v;
    }
}
