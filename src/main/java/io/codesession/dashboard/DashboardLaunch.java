package io.codesession.dashboard;

import io.codesession.common.DataPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code cs dashboard --demo} needs before Quarkus boots: a throw-away directory, and HOME
 * and the database pointed at it (system properties that {@link DataPaths} reads), so the
 * user's store is never opened. Run by {@code Main}; every other command line leaves it
 * untouched. The server itself is created by {@link DashboardCommand}, after boot.
 */
public final class DashboardLaunch {

    public static final String DEMO_DIR = "codesession.dashboard.demo-dir";

    private static final DashboardLaunch NONE = new DashboardLaunch();

    private Path demoDir;

    private DashboardLaunch() {
    }

    public static DashboardLaunch prepare(String[] args) {
        if (args.length == 0 || !"dashboard".equals(args[0])) {
            return NONE;
        }
        DashboardOptions o = DashboardOptions.parseOrNull(Arrays.asList(args).subList(1, args.length));
        if (o == null || !o.demo()) {
            return NONE; // picocli reports a bad option
        }
        DashboardLaunch launch = new DashboardLaunch();
        try {
            launch.demoDir = Files.createTempDirectory("codesession-demo-");
            Path home = Files.createDirectories(launch.demoDir.resolve("home"));
            System.setProperty(DEMO_DIR, launch.demoDir.toString());
            System.setProperty(DataPaths.HOME_PROPERTY, home.toString());
            System.setProperty(DataPaths.DB_PATH_PROPERTY, launch.demoDir.resolve("demo.db").toString());
        } catch (IOException e) {
            System.err.println("codesession: cannot create the demo directory: " + e.getMessage());
            System.exit(1);
        }
        return launch;
    }

    /** Turns a failed boot into exit 1 with a clear message. */
    public int reportBootFailure(Throwable failure) {
        System.err.println("codesession: " + failure.getMessage());
        return 1;
    }

    /** Removes the demo store, if any. */
    public void cleanUp() {
        if (demoDir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(demoDir)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: the OS cleans temp eventually
                }
            }
        } catch (IOException ignored) {
            // best effort
        }
        demoDir = null;
    }
}
