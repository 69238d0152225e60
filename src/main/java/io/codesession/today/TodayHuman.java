package io.codesession.today;

import io.codesession.common.Format;
import io.codesession.git.WorkTreeReader.FileStatus;
import io.codesession.git.WorkTreeReader.RecentCommit;
import io.codesession.git.WorkTreeReader.WorkTree;
import io.codesession.session.Session;
import io.codesession.session.SessionDetails;
import io.codesession.today.PullRequests.PullRequest;
import io.codesession.today.TodoScanner.TodoItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The default {@code cs today} report: the last session, then one box (72 columns, every border
 * as wide as its lines, content cut to fit) with what each project was left with, open pull
 * requests, TODOs and the last completed session.
 */
public final class TodayHuman {

    /** Inner width of the box. */
    static final int W = 68;
    private static final int MAX_TODOS = 8;
    private static final int MAX_STASHES = 3;

    private final UnaryOperator<String> gray;
    private final UnaryOperator<String> bold;

    public TodayHuman(UnaryOperator<String> gray, UnaryOperator<String> bold) {
        this.gray = gray;
        this.bold = bold;
    }

    /** The report, lines joined with {@code \n}, ending with a newline. */
    public String render(TodaySnapshot s) {
        List<String> lines = new ArrayList<>();
        SessionDetails last = s.lastSessionGlobal();
        if (last != null) {
            Session ls = last.session();
            lines.add("");
            String end = TodaySnapshot.emptyToNull(ls.endTime()) == null ? "ongoing" : TodayFormat.clock(ls.endTime());
            lines.add(gray.apply("  Last session: " + TodayFormat.clock(ls.startTime()) + " → " + end
                    + (ls.duration() == null ? "" : " (" + Format.duration(ls.duration()) + ")")));
            if (ls.aiCost() > 0) {
                lines.add(gray.apply("  Cost: $" + Format.fixed(ls.aiCost(), 2) + " · " + Format.tokens(ls.aiTokens())
                        + " tokens"));
            }
            lines.add("");
        }

        List<String> box = new ArrayList<>();
        boolean activity = false;
        for (TodaySnapshot.Project p : s.projects()) {
            WorkTree g = p.git();
            if (g == null || (!p.hasChanges() && g.stashes().isEmpty() && g.recentCommits().isEmpty())) {
                continue;
            }
            activity = true;
            box.add(row(""));
            String title = TodayFormat.truncate(TodayFormat.oneLine(g.branch() + " (" + p.name() + ")"), W - 2);
            String branch = TodayFormat.oneLine(g.branch());
            box.add(row("  " + (title.startsWith(branch + " (") ? bold.apply(branch) + title.substring(branch.length())
                    : bold.apply(title))));
            if (p.hasChanges()) {
                int n = p.changedFileCount();
                box.add(row("    " + n + (n == 1 ? " file" : " files") + " changed (" + String.join(", ", parts(g)) + ")"));
            }
            if (g.unpushedCount() > 0) {
                box.add(row("    " + g.unpushedCount() + " unpushed commit" + (g.unpushedCount() == 1 ? "" : "s")
                        + (g.upstream() == null ? "" : " (ahead of " + g.upstream() + ")")));
            }
            for (int i = 0; i < Math.min(MAX_STASHES, g.stashes().size()); i++) {
                box.add(row("    Stash: \"" + TodayFormat.truncate(TodayFormat.oneLine(g.stashes().get(i).message()), W - 16)
                        + "\""));
            }
            if (!g.recentCommits().isEmpty()) {
                RecentCommit c = g.recentCommits().getFirst();
                box.add(row("    Last commit: " + c.hash() + " " + TodayFormat.oneLine(c.message()) + " ("
                        + TodayFormat.relativeTime(c.when(), s.now()) + ")"));
            }
        }
        if (activity) {
            box.add(row(""));
        }

        List<String[]> prs = new ArrayList<>();
        for (TodaySnapshot.Project p : s.projects()) {
            for (PullRequest pr : p.pullRequests()) {
                String ci = switch (pr.ciStatus()) {
                    case "failing" -> " ✗ CI";
                    case "pending" -> " ◎ CI";
                    case "passing" -> " ✓ CI";
                    default -> "";
                };
                prs.add(new String[] {"#" + pr.number() + " " + TodayFormat.oneLine(pr.title()),
                    (pr.isDraft() ? " [draft]" : "") + ci});
            }
        }
        if (!prs.isEmpty()) {
            box.add(border("├", "Open PRs", "┤"));
            box.add(row(""));
            for (String[] pr : prs) {
                box.add(row("    " + TodayFormat.truncate(pr[0], W - 4 - TodayFormat.width(pr[1])) + pr[1]));
            }
            box.add(row(""));
        }

        long projectsWithTodos = s.projects().stream().filter(p -> !p.todos().isEmpty()).count();
        List<String> todos = new ArrayList<>();
        for (TodaySnapshot.Project p : s.projects()) {
            for (TodoItem t : p.todos()) {
                if (todos.size() >= MAX_TODOS) {
                    break;
                }
                String loc = (projectsWithTodos > 1 ? p.name() + "/" : "") + t.file() + ":" + t.line();
                String text = t.text().isEmpty() ? t.type() : t.type() + ": " + t.text();
                todos.add("    " + TodayFormat.oneLine(loc + "  " + text));
            }
        }
        if (!todos.isEmpty()) {
            box.add(border("├", "TODOs from recent files", "┤"));
            box.add(row(""));
            todos.forEach(t -> box.add(row(t)));
            box.add(row(""));
        }

        if (last != null && Session.COMPLETED.equals(last.session().status())) {
            Session ls = last.session();
            box.add(border("├", "Last session", "┤"));
            box.add(row(""));
            box.add(row("    \"" + TodayFormat.truncate(TodayFormat.oneLine(ls.name()), W - 10) + "\""));
            List<String> facts = new ArrayList<>();
            if (ls.duration() != null) {
                facts.add(Format.duration(ls.duration()));
            }
            if (ls.filesChanged() > 0) {
                facts.add(ls.filesChanged() + (ls.filesChanged() == 1 ? " file" : " files"));
            }
            if (ls.commits() > 0) {
                facts.add(ls.commits() + (ls.commits() == 1 ? " commit" : " commits"));
            }
            if (ls.aiCost() > 0) {
                facts.add("$" + Format.fixed(ls.aiCost(), 2));
            }
            if (!facts.isEmpty()) {
                box.add(row("    " + String.join(" · ", facts)));
            }
            box.add(row(""));
        }

        if (box.isEmpty()) {
            lines.add("");
            lines.add(gray.apply("  No recent activity across registered projects."));
        } else {
            lines.add(border("┌", "You were working on", "┐"));
            if (!activity) {
                lines.add(row(""));
                lines.add(row("    Nothing uncommitted, stashed or recently committed."));
                lines.add(row(""));
            }
            lines.addAll(box);
            lines.add("  └" + "─".repeat(W) + "┘");
        }

        List<String> notes = notes(s);
        if (!notes.isEmpty()) {
            lines.add("");
            notes.forEach(n -> lines.add(gray.apply("  " + n)));
        }
        lines.add("");
        return String.join("\n", lines) + "\n";
    }

    /** Distinct notes: one shared by every project is printed once, others name their project. */
    static List<String> notes(TodaySnapshot s) {
        Map<String, List<String>> byNote = new LinkedHashMap<>();
        for (TodaySnapshot.Project p : s.projects()) {
            for (String n : p.notes()) {
                byNote.computeIfAbsent(n, k -> new ArrayList<>()).add(p.name());
            }
        }
        List<String> out = new ArrayList<>();
        byNote.forEach((note, names) -> {
            String text = TodayFormat.oneLine(Character.toUpperCase(note.charAt(0)) + note.substring(1));
            out.add(names.size() > 1 || s.projects().size() == 1 ? text + "." : names.getFirst() + ": " + text + ".");
        });
        for (String m : s.missingProjects()) {
            out.add(TodayFormat.oneLine("Not found, skipped: " + m + " (cs today remove " + m + ")"));
        }
        return out;
    }

    private static List<String> parts(WorkTree g) {
        int modified = 0;
        int untracked = 0;
        int deleted = 0;
        int conflicted = 0;
        for (FileStatus f : g.unstaged()) {
            switch (f.status()) {
                case "modified" -> modified++;
                case "untracked" -> untracked++;
                case "deleted" -> deleted++;
                case "conflicted" -> conflicted++;
                default -> { }
            }
        }
        List<String> parts = new ArrayList<>();
        if (g.stagedTotal() > 0) {
            parts.add(g.stagedTotal() + " staged");
        }
        if (modified > 0) {
            parts.add(modified + " modified");
        }
        if (untracked > 0) {
            parts.add(untracked + " untracked");
        }
        if (deleted > 0) {
            parts.add(deleted + " deleted");
        }
        if (conflicted > 0) {
            parts.add(conflicted + " conflicted");
        }
        return parts;
    }

    /** {@code  │content…padding│}: content cut to {@link #W} columns, colour codes not counted. */
    static String row(String content) {
        String c = TodayFormat.width(content) > W ? TodayFormat.truncate(strip(content), W) : content;
        return "  │" + c + " ".repeat(Math.max(0, W - TodayFormat.width(c))) + "│";
    }

    /** A border line as wide as the rows: {@code  ├─ Title ────┤}. */
    static String border(String left, String title, String right) {
        String head = "─ " + title + " ";
        return "  " + left + head + "─".repeat(Math.max(0, W - TodayFormat.width(head))) + right;
    }

    private static String strip(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "");
    }
}
