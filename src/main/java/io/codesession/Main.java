package io.codesession;

import io.codesession.cli.CsApplication;
import io.codesession.common.StartupTrace;
import io.codesession.dashboard.DashboardLaunch;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point. Decides the mode from the command line before Quarkus boots, so one-shot
 * commands never start servers or stdio protocol handlers: HTTP is off in the configuration and
 * only {@code cs dashboard} turns it on (see {@link DashboardLaunch}). Then runs the command and
 * exits with its code.
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
