package io.codesession.session;

import io.codesession.usage.AiUsage;
import java.util.List;

/** A session with its children, read in one go. */
public record SessionDetails(Session session, List<FileChange> files, List<CommitRecord> commits,
        List<AiUsage> usage, List<Note> notes) {
}
