package io.codesession.cli;

import io.codesession.today.TodayHuman;
import io.codesession.today.TodayMarkdown;
import io.codesession.today.TodayProject;
import io.codesession.today.TodayRegistry;
import io.codesession.today.TodayService;
import io.codesession.today.TodayService.Target;
import io.codesession.today.TodaySnapshot;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "today", description = "Where you left off across your projects: git state, TODOs, open PRs, "
        + "the last session.",
        subcommands = {TodayInitCommand.class, TodayAddCommand.class, TodayRemoveCommand.class,
            TodayProjectsCommand.class})
public class TodayCommand implements Runnable {

    @Option(names = "--ai", description = "Markdown to paste into an AI assistant.")
    boolean ai;

    @Option(names = "--share", description = "A stand-up message.")
    boolean share;

    @Mixin
    JsonMixin json;

    @Inject
    TodayRegistry registry;
    @Inject
    TodayService today;
    @Inject
    Output out;

    @Override
    public void run() {
        boolean human = !json.json && !ai && !share;
        List<TodayProject> registered = registry.list();
        List<Target> targets;
        if (registered.isEmpty()) {
            Path cwd = Path.of("").toAbsolutePath();
            if (human) {
                TodayProject p = registry.add(cwd, null).project();
                out.blank();
                out.line(out.green("Auto-registered " + p.path()));
                out.line(out.gray("  Tip: track more projects with: cs today add <path>"));
                targets = List.of(new Target(p.path(), p.displayName(), true));
            } else {
                // Reported, never registered: --json/--ai/--share have no side effects.
                String scope = registry.scopeOf(cwd);
                targets = List.of(new Target(scope, TodayProject.lastSegment(scope), false));
            }
        } else {
            targets = registered.stream().map(p -> new Target(p.path(), p.displayName(), true)).toList();
        }
        TodaySnapshot snapshot = today.build(targets);
        if (json.json) {
            out.prettyJson(snapshot.toJson(out.envelope()));
        } else if (ai) {
            out.stdout().print(TodayMarkdown.render(snapshot, out.version()));
        } else if (share) {
            out.stdout().print(io.codesession.today.TodayStandup.render(snapshot));
        } else {
            out.stdout().print(new TodayHuman(out::gray, out::bold).render(snapshot));
        }
    }
}
