package io.codesession.store;

import io.codesession.common.DataPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One-time move from the legacy {@code ~/.devsession} directory: runs only when it exists and
 * {@code ~/.codesession} does not. Unlike 2.6.0 it also copies the WAL companions (so committed
 * data in the WAL is not lost) and copies pricing.json even without a legacy database.
 * The legacy directory is never modified.
 */
public final class LegacyMigration {

    private LegacyMigration() {
    }

    /**
     * Runs before anything reads or writes {@code ~/.codesession} (the database and pricing.json
     * alike): a first command that only touched pricing.json would otherwise create the directory
     * and so block the migration of the legacy database for good.
     */
    public static void run() {
        Path legacy = DataPaths.legacyDir();
        Path target = DataPaths.dataDir();
        if (!Files.isDirectory(legacy) || Files.exists(target)) {
            return;
        }
        try {
            Files.createDirectories(target);
            boolean copied = false;
            for (String name : new String[] {"sessions.db", "sessions.db-wal", "sessions.db-shm", "pricing.json"}) {
                Path from = legacy.resolve(name);
                if (Files.isRegularFile(from)) {
                    Database.copy(from, target.resolve(name));
                    copied = true;
                }
            }
            if (copied) {
                System.err.println("[codesession] Migrated data from " + legacy + " -> " + target
                        + " (old files preserved -- delete manually if desired)");
            }
        } catch (IOException e) {
            System.err.println("[codesession] Could not migrate " + legacy + ": " + e.getMessage());
        }
    }
}
