package io.codesession.cli;

import io.codesession.importers.CaptureService.ModelTotals;
import io.codesession.importers.ImportService;
import io.codesession.importers.ImportService.Agent;
import io.codesession.common.CsException;
import io.codesession.common.Format;
import io.codesession.common.Json;
import io.codesession.usage.TokenUsage;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import",
        description = {"Import historical usage from an agent's own logs: one completed session per agent session.",
            "claude: ~/.claude/projects and ~/.config/claude/projects ($CLAUDE_CONFIG_DIR overrides);",
            "codex: $${CODEX_HOME:-~/.codex}/sessions; gemini: ~/.gemini/tmp/*/chats.",
            "Importing again adds only what is new (every request is stored once)."})
public class ImportCommand implements Runnable {

    @Parameters(index = "0", paramLabel = "<agent>", description = "claude, codex or gemini.")
    String agent;

    @Option(names = "--path", paramLabel = "<dir>", description = "Read the logs under this directory instead.")
    String path;

    @Option(names = "--since", paramLabel = "<date>",
            description = "Only requests at or after this date (YYYY-MM-DD, UTC) or instant (ISO-8601).")
    String since;

    @Mixin
    JsonMixin json;

    @Inject
    ImportService imports;
    @Inject
    Output out;

    @Override
    public void run() {
        Agent a = agent(agent);
        Instant from = since == null ? null : since(since);
        Path dir = null;
        if (path != null) {
            try {
                dir = Path.of(path);
            } catch (RuntimeException e) {
                throw CsException.invalid("--path is not a valid path: " + path);
            }
        }
        var roots = imports.roots(a, dir, io.codesession.common.DataPaths.home(), System.getenv());
        Consumer<ImportService.Progress> progress = stderrIsTerminal() ? this::progress : p -> { };
        ImportService.Result r = imports.importLogs(a, roots, from, progress);
        if (stderrIsTerminal()) {
            out.stderr().print("\r\033[K");
            out.stderr().flush();
        }
        var s = r.summary();
        double seconds = r.elapsedNanos() / 1e9;
        if (json.json) {
            Json.Obj models = Json.obj();
            for (Map.Entry<String, ModelTotals> e : s.models.entrySet()) {
                models.add(e.getKey(), AutoLogCommand.modelJson(e.getValue()));
            }
            out.json(out.envelope()
                    .add("agent", a.id())
                    .add("roots", r.roots().stream().map(Path::toString).toList())
                    .add("files", r.files())
                    .add("bytes", r.stats().bytes)
                    .add("lines", r.stats().lines)
                    .add("skippedLines", r.stats().malformed)
                    .add("duplicates", r.stats().duplicates)
                    .add("sidechainReplays", r.stats().sidechainReplays)
                    .add("synthetic", r.stats().synthetic)
                    .add("beforeSince", r.stats().beforeSince)
                    .add("sessions", Json.obj().add("found", r.sessionsFound()).add("created", r.sessionsCreated())
                            .add("updated", r.sessionsUpdated()))
                    .add("requests", Json.obj().add("imported", s.inserted).add("alreadyImported", s.duplicates))
                    .add("tokens", AutoLogCommand.tokensJson(s.tokens))
                    .add("cost", s.cost)
                    .add("models", models)
                    .add("elapsedMs", Math.round(seconds * 1000)));
            return;
        }
        if (r.roots().isEmpty()) {
            out.line(out.yellow("No " + a.id() + " logs found (use --path <dir>)."));
            return;
        }
        out.blank();
        out.line(out.green("Imported " + s.inserted + " requests into " + r.sessionsCreated() + " new and "
                + r.sessionsUpdated() + " updated sessions") + out.gray(" (" + s.duplicates + " already imported)"));
        out.line(out.gray("  " + r.files() + " files, " + Format.fixed(r.stats().bytes / 1e6, 1) + " MB, "
                + r.stats().malformed + " unreadable lines skipped, " + Format.fixed(seconds, 1) + " s"));
        TokenUsage t = s.tokens;
        out.line("  Tokens: " + Format.tokens(t.total()) + " (input " + Format.tokens(t.input()) + ", output "
                + Format.tokens(t.output()) + ", cache write " + Format.tokens(t.cacheWrite()) + ", cache read "
                + Format.tokens(t.cacheRead()) + ")   Cost: " + Format.cost(s.cost));
        for (Map.Entry<String, ModelTotals> e : s.models.entrySet()) {
            ModelTotals m = e.getValue();
            out.line(String.format("    %-34s %8d requests %16s tokens  %s%s", e.getKey(), m.requests,
                    Format.tokens(m.tokens.total()), Format.cost(m.cost), m.priced ? "" : out.yellow("  (no price)")));
        }
        out.blank();
    }

    private void progress(ImportService.Progress p) {
        if (p.done() % 10 != 0 && p.done() != p.files()) {
            return;
        }
        int width = 30;
        int filled = p.files() == 0 ? width : (int) ((long) width * p.done() / p.files());
        out.stderr().print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + p.done() + "/" + p.files()
                + " files, " + Format.fixed(p.bytes() / 1e6, 1) + " MB");
        out.stderr().flush();
    }

    static Agent agent(String name) {
        for (Agent a : Agent.values()) {
            if (a.id().equals(name.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw CsException.invalid("Unknown agent \"" + name + "\"; use claude, codex or gemini");
    }

    static Instant since(String text) {
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            Instant t = io.codesession.common.Timestamps.parse(text);
            if (t == null) {
                throw CsException.invalid("--since must be a date (YYYY-MM-DD) or an ISO-8601 instant: " + text);
            }
            return t;
        }
    }

    static boolean stderrIsTerminal() {
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            if (Files.exists(fd2, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (java.io.IOException | UnsupportedOperationException e) {
            // fall through
        }
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }
}
