package io.codesession;

import io.codesession.cli.CsApplication;
import io.codesession.common.StartupTrace;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point. Decides the mode from the command line before Quarkus boots, so one-shot
 * commands never start servers or stdio protocol handlers; then runs the command and exits with
 * its code.
 */
@QuarkusMain
public class Main {

    public static void main(String... args) {
        StartupTrace.mark("main");
        Quarkus.run(CsApplication.class, (code, failure) -> {
            if (failure != null) {
                System.err.println("codesession: " + failure.getMessage());
            }
            System.exit(code);
        }, args);
    }
}
