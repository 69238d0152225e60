package io.codesession.cli;

import io.codesession.today.TodayProject;
import io.codesession.today.TodayRegistry;
import jakarta.inject.Inject;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "projects", aliases = "ls", description = "List the tracked projects.")
public class TodayProjectsCommand implements Runnable {

    @Mixin
    JsonMixin json;

    @Inject
    TodayRegistry registry;
    @Inject
    Output out;

    @Override
    public void run() {
        List<TodayProject> projects = registry.list();
        if (json.json) {
            out.prettyJson(projects.stream().map(TodayProject::toJson).toList());
            return;
        }
        out.blank();
        if (projects.isEmpty()) {
            out.line(out.yellow("No projects tracked yet."));
            out.line(out.gray("  Track this one with: cs today init"));
            out.blank();
            return;
        }
        out.line(out.bold("Tracked Projects (" + projects.size() + ")"));
        out.blank();
        for (TodayProject p : projects) {
            out.line("  " + out.cyan(p.displayName()));
            out.line(out.gray("    " + p.path()));
        }
        out.blank();
    }
}
