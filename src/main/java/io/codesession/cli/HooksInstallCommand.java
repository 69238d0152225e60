package io.codesession.cli;

import io.codesession.hooks.HooksService;
import io.codesession.hooks.HooksService.Result;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "install", description = {"Add the codesession hooks to Claude Code's settings, keeping everything else.",
    "SessionStart: cs start --resume; PreToolUse: cs budget check --hook (blocks tools once a budget is exceeded); "
        + "Stop: cs auto-log; SessionEnd: cs end. Running it again changes nothing."})
public class HooksInstallCommand implements Runnable {

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
        Result r = hooks.install(options.target(), options.executable(), options.dryRun);
        if (json.json) {
            out.json(HooksOptions.json(out, r));
            return;
        }
        HooksOptions.print(out, r, "Installed the codesession hooks for Claude Code in",
                "The codesession hooks are already installed; nothing changed in");
    }
}
