package io.codesession.session;

/** A file the session touched. {@code oldPath} is set for renames only. */
public record FileChange(long id, long sessionId, String filePath, String changeType, String timestamp, String oldPath) {

    public static final String CREATED = "created";
    public static final String MODIFIED = "modified";
    public static final String DELETED = "deleted";
    public static final String RENAMED = "renamed";
}
