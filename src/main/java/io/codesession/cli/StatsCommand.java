package io.codesession.cli;

import io.codesession.common.Format;
import io.codesession.session.SessionService;
import io.codesession.store.SessionStore.Stats;
import jakarta.inject.Inject;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "stats", description = "Overall statistics of completed sessions.")
public class StatsCommand implements Runnable {

    @Mixin
    JsonMixin json;

    @Inject
    SessionService sessions;
    @Inject
    Output out;

    @Override
    public void run() {
        Stats s = sessions.stats();
        if (json.json) {
            out.json(out.envelope()
                    .add("totalSessions", s.totalSessions())
                    .add("totalTime", s.totalTime())
                    .add("totalTimeFormatted", Format.duration(s.totalTime()))
                    .add("totalFiles", s.totalFiles())
                    .add("totalCommits", s.totalCommits())
                    .add("totalAICost", s.totalAICost())
                    .add("avgSessionTime", s.avgSessionTime())
                    .add("avgSessionFormatted", Format.duration(s.avgSessionTime())));
            return;
        }
        out.blank();
        out.line(out.bold("Overall Stats"));
        out.blank();
        out.stdout().print(Table.render(out, List.of("Metric", "Value"), List.of(
                List.of("Total Sessions", Long.toString(s.totalSessions())),
                List.of("Total Time", Format.duration(s.totalTime())),
                List.of("Average Session", Format.duration(s.avgSessionTime())),
                List.of("Files Changed", Long.toString(s.totalFiles())),
                List.of("Commits", Long.toString(s.totalCommits())),
                List.of("Total AI Cost", Format.cost(s.totalAICost())))));
        out.blank();
    }
}
