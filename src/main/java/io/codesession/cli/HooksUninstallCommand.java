package io.codesession.cli;

import io.codesession.hooks.HooksService;
import io.codesession.hooks.HooksService.Result;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "uninstall", description = {"Remove the codesession hooks from Claude Code's settings; nothing else is touched.",
    "Hooks are recognised by their command: cs (or --command <path>) followed by the arguments install writes."})
public class HooksUninstallCommand implements Runnable {

    @Mixin
    HooksOptions options;

    @Mixin
    JsonMixin json;

    @Inject
    HooksService hooks;
    @Inject
    Output out;

    @Override
    public void run() {
        Result r = hooks.uninstall(options.target(), options.executable(), options.dryRun);
        if (json.json) {
            out.json(HooksOptions.json(out, r));
            return;
        }
        HooksOptions.print(out, r, "Removed the codesession hooks from", "No codesession hooks to remove in");
    }
}
