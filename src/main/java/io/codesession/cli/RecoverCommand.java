package io.codesession.cli;

import io.codesession.common.CsException;
import io.codesession.common.Input;
import io.codesession.common.JsNumbers;
import io.codesession.common.Json;
import io.codesession.session.Session;
import io.codesession.session.SessionService;
import jakarta.inject.Inject;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "recover", description = "End active sessions that started more than N hours ago.")
public class RecoverCommand implements Runnable {

    /** Ten years: larger ages cannot match anything we store. */
    static final double MAX_AGE_HOURS = 87_600;

    @Option(names = "--max-age", paramLabel = "<hours>", defaultValue = "24",
            description = "Age in hours, greater than 0 (default ${DEFAULT-VALUE}).")
    String maxAge;

    @Mixin
    JsonMixin json;

    @Inject
    SessionService sessions;
    @Inject
    Output out;

    @Override
    public void run() {
        double hours = Input.nonNegativeDecimal(maxAge, MAX_AGE_HOURS, "--max-age must be a positive number of hours");
        if (hours <= 0) {
            throw CsException.invalid("--max-age must be a positive number of hours");
        }
        List<Session> recovered = sessions.recover(hours);
        if (json.json) {
            out.json(out.envelope().add("recovered", recovered.size()).add("sessions", recovered.stream()
                    .map(s -> Json.obj().add("id", s.id()).add("name", s.name()).add("startTime", s.startTime()))
                    .toList()));
            return;
        }
        out.blank();
        if (recovered.isEmpty()) {
            out.line(out.green("No stale sessions found (older than " + JsNumbers.format(hours) + "h)."));
        } else {
            out.line(out.yellow("Recovered " + recovered.size() + " stale session(s):"));
            for (Session s : recovered) {
                out.line(out.gray("  #" + s.id() + " \"" + s.name() + "\" (started " + s.startTime() + ")"));
            }
        }
        out.blank();
    }
}
