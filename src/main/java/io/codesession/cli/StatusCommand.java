package io.codesession.cli;

import io.codesession.common.Format;
import io.codesession.common.Timestamps;
import io.codesession.session.Session;
import io.codesession.session.SessionDetails;
import io.codesession.session.SessionJson;
import io.codesession.session.SessionService;
import io.codesession.usage.BudgetJson;
import io.codesession.usage.BudgetService;
import io.codesession.usage.BudgetService.State;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", description = "Status of the active session (or of --session <id>, any status).")
public class StatusCommand implements Runnable {

    @Mixin
    SessionMixin session;

    @Mixin
    JsonMixin json;

    @Inject
    SessionService sessions;
    @Inject
    BudgetService budgets;
    @Inject
    Output out;

    @Override
    public void run() {
        Session s = sessions.resolve(session.id(), false, "No active session");
        SessionDetails d = sessions.details(s.id());
        State budget = budgets.stateOf(d.session()).orElse(null);
        if (json.json) {
            var o = SessionJson.cli(d.session(), out.version());
            o.put("notes", SessionJson.notes(d.notes()));
            Instant start = Timestamps.parse(d.session().startTime());
            Instant until = d.session().isActive() || d.session().endTime() == null
                    ? Instant.now() : Timestamps.parse(d.session().endTime());
            long live = start == null || until == null ? 0 : Math.floorDiv(Duration.between(start, until).toMillis(), 1000);
            o.add("liveDuration", live);
            o.add("liveDurationFormatted", Format.duration(live));
            o.add("aiUsage", SessionJson.usages(d.usage()));
            if (budget != null) {
                o.add("budget", BudgetJson.state(budget));
            }
            out.json(o);
            return;
        }
        SessionView.print(out, d.session());
        if (budget != null) {
            out.blank();
            out.line(out.bold("Budget") + (budget.exceeded() ? "  " + out.red("EXCEEDED") : ""));
            BudgetView.printState(out, budget);
        }
        out.blank();
    }
}
