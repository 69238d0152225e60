package io.codesession.common;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The one timestamp format we write: ISO-8601 UTC with exactly three fraction digits and Z. */
public final class Timestamps {

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return ISO_MILLIS.format(instant);
    }

    public static String now() {
        return format(Instant.now());
    }

    /**
     * Parses a stored timestamp: our UTC form, or the offset form that codesession-cli 2.6.0
     * wrote for scan-found commits. Returns null when the text is not a timestamp.
     */
    public static Instant parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
