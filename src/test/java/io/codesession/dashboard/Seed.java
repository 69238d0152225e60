package io.codesession.dashboard;

import io.codesession.session.CommitRecord;
import io.codesession.session.FileChange;
import io.codesession.store.ActivityStore;
import io.codesession.store.Database;
import io.codesession.store.SessionStore;
import io.codesession.store.UsageStore;
import io.codesession.usage.AiUsage;
import java.util.List;

/** Writes test rows through the real stores (same SQL, triggers and aggregates as the CLI). */
final class Seed {

    private final Database db;
    private final SessionStore sessions;
    private final ActivityStore activity;
    private final UsageStore usage;

    Seed(Database db, SessionStore sessions, ActivityStore activity, UsageStore usage) {
        this.db = db;
        this.sessions = sessions;
        this.activity = activity;
        this.usage = usage;
    }

    long session(String name, String start, String end, String dir, String gitRoot, String head) {
        return db.write(c -> {
            long id = sessions.insert(c, name, start, dir, gitRoot, head);
            if (end != null) {
                long secs = java.time.Duration.between(java.time.Instant.parse(start), java.time.Instant.parse(end)).toSeconds();
                sessions.end(c, id, end, secs, null);
            }
            return id;
        });
    }

    void usage(long session, String provider, String model, long prompt, long completion, double cost, String at) {
        db.write(c -> usage.insert(c, new AiUsage(0, session, provider, model, prompt + completion, prompt, completion, cost,
                null, at)));
    }

    void file(long session, String path, String type, String at) {
        db.write(c -> {
            activity.addFiles(c, session, List.of(new FileChange(0, session, path, type, at, null)));
            return null;
        });
    }

    void commit(long session, String hash, String message, String at) {
        db.write(c -> {
            activity.addCommits(c, session, List.of(new CommitRecord(0, session, hash, message, at)));
            return null;
        });
    }

    void note(long session, String message, String at) {
        db.write(c -> activity.addNote(c, session, message, at));
    }
}
