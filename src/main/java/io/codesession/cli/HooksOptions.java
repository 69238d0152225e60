package io.codesession.cli;

import io.codesession.common.CsException;
import io.codesession.common.Json;
import io.codesession.hooks.ClaudeHooks.Action;
import io.codesession.hooks.ClaudeHooks.Other;
import io.codesession.hooks.HooksService.Result;
import io.codesession.hooks.HooksService.Target;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code cs hooks install|uninstall} share: the agent, which settings file, dry run, the executable. */
public class HooksOptions {

    @Parameters(index = "0", paramLabel = "<agent>", description = "The agent: claude (Claude Code).")
    String agent;

    @Option(names = "--project", description = "The project's .claude/settings.json, in the scope root (git top level or "
            + "current directory). The default.")
    boolean project;

    @Option(names = "--local", description = "The project's .claude/settings.local.json (personal, not committed).")
    boolean local;

    @Option(names = "--user", description = "Your ~/.claude/settings.json (every project).")
    boolean user;

    @Option(names = "--dry-run", description = "Print the resulting settings file instead of writing it.")
    boolean dryRun;

    @Option(names = "--command", paramLabel = "<path>",
            description = "The codesession executable the hooks run (default: cs, found on the PATH Claude Code runs hooks with).")
    String command;

    Target target() {
        if (!agent.equals("claude")) {
            throw CsException.invalid("Unknown agent \"" + agent + "\"; supported: claude");
        }
        int n = (project ? 1 : 0) + (local ? 1 : 0) + (user ? 1 : 0);
        if (n > 1) {
            throw CsException.invalid("--project, --local and --user are exclusive: choose one settings file");
        }
        return user ? Target.USER : local ? Target.LOCAL : Target.PROJECT;
    }

    String executable() {
        return command == null ? "cs" : command;
    }

    static Json.Obj json(Output out, Result r) {
        Json.Obj o = out.envelope().add("agent", "claude").add("file", r.file().toString()).add("target", r.target().id())
                .add("dryRun", r.dryRun()).add("changed", r.outcome().changed()).add("written", r.written())
                .add("existed", r.existed())
                .add("hooks", r.outcome().actions().stream().map(a -> Json.obj().add("event", a.event())
                        .add("command", a.command()).add("action", a.action())).toList())
                .add("otherCodesessionHooks", r.outcome().others().stream().map(x -> Json.obj().add("event", x.event())
                        .add("command", x.command())).toList());
        if (r.dryRun()) {
            o.add("settings", r.settings());
        }
        return o;
    }

    /** The human report: a dry run prints the file it would write on stdout, the summary on stderr. */
    static void print(Output out, Result r, String done, String nothing) {
        if (r.dryRun()) {
            out.stdout().print(r.text());
            out.flush();
            out.stderr().println(out.gray("(dry run: " + r.file() + " not written; "
                    + (r.outcome().changed() ? "it would change" : "it would not change") + ")"));
            for (Action a : r.outcome().actions()) {
                out.stderr().println(out.gray(String.format("  %-12s %-9s %s", a.event(), a.action(), a.command())));
            }
            return;
        }
        out.blank();
        out.line(r.outcome().changed() ? out.green(done + " " + r.file()) : out.gray(nothing + " " + r.file()));
        for (Action a : r.outcome().actions()) {
            out.line(out.gray(String.format("  %-12s %-9s ", a.event(), a.action())) + a.command());
        }
        if (!r.outcome().others().isEmpty()) {
            out.line(out.yellow("  Other codesession hooks in this file (left as they are; remove duplicates by hand):"));
            for (Other x : r.outcome().others()) {
                out.line(out.yellow(String.format("  %-12s %s", x.event(), x.command())));
            }
        }
        out.blank();
    }
}
