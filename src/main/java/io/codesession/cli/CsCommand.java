package io.codesession.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cs}: the top command. Without a subcommand it prints its usage to stderr and exits 1. */
@Command(name = "cs",
        mixinStandardHelpOptions = true,
        versionProvider = CsCommand.Version.class,
        description = "Track AI coding sessions and agent runs: time, files, commits, tokens and costs.",
        subcommands = {
            StartCommand.class,
            EndCommand.class,
            ShowCommand.class,
            ListCommand.class,
            StatsCommand.class,
            StatusCommand.class,
            RecoverCommand.class,
            LogAiCommand.class,
            NoteCommand.class,
            ExportCommand.class,
            PricingCommand.class,
            io.codesession.dashboard.DashboardCommand.class,
        })
public class CsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
        throw new UsageExit();
    }

    /** Prints the bare version. */
    public static class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getOptionalValue("quarkus.application.version", String.class).orElse("0.0.0")};
        }
    }

    /** Thrown after usage was printed for a command that needs a subcommand: exit 1, no message. */
    public static class UsageExit extends RuntimeException {
        public UsageExit() {
            super(null, null, false, false);
        }
    }
}
