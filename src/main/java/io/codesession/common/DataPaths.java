package io.codesession.common;

import java.nio.file.Path;

/** Where codesession keeps its files. HOME is read from the environment so tests can move it. */
public final class DataPaths {

    public static final String DB_PATH_ENV = "CODESESSION_DB_PATH";
    /**
     * System properties that take precedence over the environment. Set only in-process: by
     * {@code cs dashboard --demo} (a throw-away store) and by tests, never from user config.
     */
    public static final String HOME_PROPERTY = "codesession.home";
    public static final String DB_PATH_PROPERTY = "codesession.db.path";

    private DataPaths() {
    }

    public static Path home() {
        String forced = System.getProperty(HOME_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return Path.of(forced);
        }
        String home = System.getenv("HOME");
        if (home == null || home.isBlank()) {
            home = System.getenv("USERPROFILE");
        }
        if (home == null || home.isBlank()) {
            home = System.getProperty("user.home");
        }
        return Path.of(home);
    }

    public static Path dataDir() {
        return home().resolve(".codesession");
    }

    public static Path legacyDir() {
        return home().resolve(".devsession");
    }

    public static Path pricingFile() {
        return dataDir().resolve("pricing.json");
    }

    /** The database file: {@code $CODESESSION_DB_PATH} when set, else {@code ~/.codesession/sessions.db}. */
    public static Path databaseFile() {
        String forced = System.getProperty(DB_PATH_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return Path.of(forced).toAbsolutePath();
        }
        String override = System.getenv(DB_PATH_ENV);
        if (override != null) {
            if (override.isBlank()) {
                throw new CsException(CsException.STORAGE_ERROR,
                        DB_PATH_ENV + " is set but empty; unset it or point it at a database file");
            }
            return Path.of(override).toAbsolutePath();
        }
        return dataDir().resolve("sessions.db");
    }
}
