package io.codesession.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code cs}: the top command. Without a subcommand it prints its usage to stderr and exits 1. */
@Command(name = "cs",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT, // -h/--help on every command, not only the top one
        versionProvider = CsCommand.Version.class,
        description = "Track AI coding sessions and agent runs: time, files, commits, tokens and costs.")
public class CsCommand implements Runnable {

    /**
     * The subcommands, in help order. Registered by {@link CsApplication}: only the one being run
     * when the command line names it (picocli reflects over every registered command class at
     * start-up, which was the largest share of a one-shot call), all of them otherwise.
     */
    public static final List<Class<?>> SUBCOMMANDS = List.of(
            StartCommand.class,
            EndCommand.class,
            ShowCommand.class,
            ListCommand.class,
            StatsCommand.class,
            StatusCommand.class,
            RecoverCommand.class,
            LogAiCommand.class,
            AutoLogCommand.class,
            ImportCommand.class,
            RunCommand.class,
            ProxyCommand.class,
            NoteCommand.class,
            ExportCommand.class,
            PricingCommand.class,
            TodayCommand.class,
            BudgetCommand.class,
            HooksCommand.class,
            McpCommand.class,
            io.codesession.dashboard.DashboardCommand.class);

    /** The subcommand class called {@code name} (or by that alias), or null. */
    public static Class<?> subcommand(String name) {
        for (Class<?> c : SUBCOMMANDS) {
            Command command = c.getAnnotation(Command.class);
            if (command.name().equals(name) || List.of(command.aliases()).contains(name)) {
                return c;
            }
        }
        return null;
    }

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
