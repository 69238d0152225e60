package io.codesession.cli;

import io.codesession.common.CsException;
import io.codesession.common.StartupTrace;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Runs one {@code cs} command line: picocli parses, the command runs, and every failure becomes
 * a clear message with a non-zero exit (a JSON error object on stdout under {@code --json}),
 * never a stack trace.
 */
@ApplicationScoped
public class CsApplication implements QuarkusApplication {

    /** Exit code of every handled failure, as 2.6.0 uses for --json errors. */
    public static final int FAILURE = 1;

    @Inject
    IFactory factory;
    @Inject
    Output out;

    /** Commands run by the build's AOT training run (CODESESSION_AOT_TRAINING, on a throw-away store). */
    private static final List<String[]> TRAINING = List.of(
            new String[] {"--version"},
            new String[] {"start", "training", "--json"},
            new String[] {"log-ai", "-p", "anthropic", "-m", "claude-sonnet-4", "--prompt-tokens", "1000",
                "--completion-tokens", "200", "--json"},
            new String[] {"log-ai", "-p", "openai", "-m", "gpt-4.1", "-t", "1000", "--agent", "x"},
            new String[] {"note", "training note", "--json"},
            new String[] {"status", "--json"},
            new String[] {"budget", "check", "--json"},
            new String[] {"status"},
            new String[] {"list", "--json"},
            new String[] {"list"},
            new String[] {"show", "--files", "--commits", "--json"},
            new String[] {"stats", "--json"},
            new String[] {"pricing", "list", "--json"},
            new String[] {"end", "--json"},
            new String[] {"export", "--format", "csv"},
            new String[] {"export"},
            new String[] {"log-ai", "-p", "x", "-m", "y", "-t", "12abc", "--json"},
            new String[] {"recover", "--json"});

    @Override
    public int run(String... args) {
        StartupTrace.mark("quarkus");
        if (args.length == 0 && System.getenv("CODESESSION_AOT_TRAINING") != null) {
            for (String[] line : TRAINING) {
                execute(line);
            }
            return 0;
        }
        return execute(args);
    }

    private int execute(String... args) {
        CommandLine cli = new CommandLine(CsCommand.class, factory);
        String first = args.length > 0 ? args[0] : "";
        Class<?> only = CsCommand.subcommand(first);
        boolean versionOnly = first.equals("-V") || first.equals("--version");
        for (Class<?> sub : only != null ? List.<Class<?>>of(only) : versionOnly ? List.<Class<?>>of() : CsCommand.SUBCOMMANDS) {
            cli.addSubcommand(new CommandLine(sub, factory));
        }
        StartupTrace.mark("picocli-model");
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // Arguments are data: "@todo" is a note, not a request to read the file "todo".
        cli.setExpandAtFiles(false);
        cli.setParameterExceptionHandler(this::parseError);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(e, jsonRequested(parseResult)));
        int code = cli.execute(args);
        out.flush();
        StartupTrace.mark("command");
        StartupTrace.print();
        return code;
    }

    private int parseError(ParameterException e, String[] args) {
        boolean json = jsonRequested(args);
        String message = describe(e);
        String path = commandPath(e.getCommandLine());
        String help = path.isEmpty() ? "cs --help" : "cs " + path + " --help";
        CsException error = CsException.invalid(message);
        error.with("usage", help);
        if (json) {
            out.error(error, true);
        } else {
            out.stderr().println(out.red("error: " + message));
            out.stderr().println("Run '" + help + "' for usage.");
        }
        return FAILURE;
    }

    /** picocli's message, except that a word where a subcommand belongs is an unknown command. */
    private static String describe(ParameterException e) {
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && !e.getCommandLine().getSubcommands().isEmpty()) {
            String first = u.getUnmatched().getFirst();
            if (!first.startsWith("-")) {
                return "unknown command '" + first + "'";
            }
        }
        return e.getMessage();
    }

    private int failure(Exception e, boolean json) {
        if (e instanceof CsCommand.UsageExit) {
            return FAILURE;
        }
        CsException error;
        if (e instanceof CsException cs) {
            error = cs;
        } else if (e instanceof UncheckedIOException io) {
            error = new CsException(CsException.IO_ERROR, "I/O error: " + io.getCause().getMessage());
        } else {
            error = new CsException("internal_error", "Unexpected error: " + e);
        }
        out.error(error, json);
        return FAILURE;
    }

    /** "list" for `cs list`, "pricing set" for `cs pricing set`, "" for `cs`. */
    private static String commandPath(CommandLine cl) {
        StringBuilder sb = new StringBuilder();
        for (CommandLine c = cl; c != null && c.getParent() != null; c = c.getParent()) {
            sb.insert(0, c.getCommandName() + " ");
        }
        return sb.toString().trim();
    }

    private static boolean jsonRequested(ParseResult pr) {
        for (ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--json")) {
                return true;
            }
        }
        return false;
    }

    private static boolean jsonRequested(String[] args) {
        List<String> list = Arrays.asList(args);
        int end = list.indexOf("--");
        return (end < 0 ? list : list.subList(0, end)).contains("--json");
    }
}
