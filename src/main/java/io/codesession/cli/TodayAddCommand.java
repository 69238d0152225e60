package io.codesession.cli;

import io.codesession.common.Input;
import io.codesession.today.TodayRegistry;
import jakarta.inject.Inject;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "add", description = "Track the project at <path> (its git top-level, else the directory).")
public class TodayAddCommand implements Runnable {

    @Parameters(index = "0", paramLabel = "<path>", description = "A directory of the project.")
    String path;

    @Option(names = {"-n", "--name"}, paramLabel = "<name>", description = "Display name (default: the directory name).")
    String name;

    @Mixin
    JsonMixin json;

    @Inject
    TodayRegistry registry;
    @Inject
    Output out;

    @Override
    public void run() {
        if (name != null) {
            Input.line(name, Input.NAME_MAX, "Project name", false);
        }
        Path dir = TodayRegistry.absolute(path, Path.of("").toAbsolutePath());
        print(out, json.json, registry.add(dir, name), "Added");
    }

    static void print(Output out, boolean json, TodayRegistry.Added added, String verb) {
        if (json) {
            out.json(out.envelope().add("project", added.project().toJson()).add("created", added.created())
                    .add("renamed", added.renamed()));
            return;
        }
        out.blank();
        if (added.created()) {
            out.line(out.green("✓ " + verb + ": " + added.project().displayName()));
        } else if (added.renamed()) {
            out.line(out.green("✓ Already tracked, renamed to: " + added.project().displayName()));
        } else {
            out.line(out.yellow("Already tracked: " + added.project().displayName()));
        }
        out.line(out.gray("  " + added.project().path()));
        out.line(out.gray("  Run `cs today` to see where you left off."));
        out.blank();
    }
}
