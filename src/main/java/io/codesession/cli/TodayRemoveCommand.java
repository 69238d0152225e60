package io.codesession.cli;

import io.codesession.common.CsException;
import io.codesession.today.TodayProject;
import io.codesession.today.TodayRegistry;
import jakarta.inject.Inject;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "remove", description = "Stop tracking the project at <path>.")
public class TodayRemoveCommand implements Runnable {

    @Parameters(index = "0", paramLabel = "<path>", description = "The project's directory (need not exist any more).")
    String path;

    @Mixin
    JsonMixin json;

    @Inject
    TodayRegistry registry;
    @Inject
    Output out;

    @Override
    public void run() {
        Path dir = TodayRegistry.absolute(path, Path.of("").toAbsolutePath());
        TodayProject removed = registry.remove(dir).orElseThrow(() -> new CsException(CsException.PROJECT_NOT_FOUND,
                "Not found in tracked projects: " + dir).with("path", dir.toString())
                .with("hint", "See the tracked projects with: cs today projects"));
        if (json.json) {
            out.json(out.envelope().add("removed", removed.toJson()));
            return;
        }
        out.blank();
        out.line(out.green("✓ Removed from tracking: " + removed.displayName()));
        out.line(out.gray("  " + removed.path()));
        out.blank();
    }
}
