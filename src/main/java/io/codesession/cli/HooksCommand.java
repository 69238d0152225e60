package io.codesession.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "hooks", description = "Install or remove the codesession hooks of an agent (claude: Claude Code's settings.json).",
        subcommands = {HooksInstallCommand.class, HooksUninstallCommand.class})
public class HooksCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
        throw new CsCommand.UsageExit();
    }
}
