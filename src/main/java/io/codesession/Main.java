package io.codesession;

import io.codesession.cli.CsApplication;
import io.codesession.common.StartupTrace;
import io.codesession.dashboard.DashboardLaunch;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point. Prepares what must exist before Quarkus boots (only {@code cs dashboard --demo}
 * needs anything: its throw-away store, see {@link DashboardLaunch}), then runs the command and
 * exits with its code. The application has no HTTP stack: {@code cs dashboard} creates its own
 * server when it runs, so one-shot commands never load or start one.
 */
@QuarkusMain
public class Main {

    public static void main(String... args) {
        StartupTrace.mark("main");
        DashboardLaunch launch = DashboardLaunch.prepare(args);
        Quarkus.run(CsApplication.class, (code, failure) -> {
            if (failure != null) {
                code = launch.reportBootFailure(failure);
            }
            launch.cleanUp();
            System.exit(code);
        }, args);
    }
}
