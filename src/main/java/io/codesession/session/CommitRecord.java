package io.codesession.session;

/** A commit made during the session: 7-character short hash and subject line. */
public record CommitRecord(long id, long sessionId, String hash, String message, String timestamp) {
}
