package io.codesession.session;

/** A timestamped note. */
public record Note(long id, long sessionId, String message, String timestamp) {
}
