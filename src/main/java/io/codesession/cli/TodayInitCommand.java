package io.codesession.cli;

import io.codesession.common.Input;
import io.codesession.today.TodayRegistry;
import jakarta.inject.Inject;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "init", description = "Track this directory's project (its git top-level, else the directory).")
public class TodayInitCommand implements Runnable {

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
        TodayRegistry.Added added = registry.add(Path.of("").toAbsolutePath(), name);
        TodayAddCommand.print(out, json.json, added, "Registered");
    }
}
