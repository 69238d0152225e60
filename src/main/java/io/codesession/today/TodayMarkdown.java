package io.codesession.today;

import io.codesession.common.Format;
import io.codesession.git.WorkTreeReader.FileStatus;
import io.codesession.git.WorkTreeReader.RecentCommit;
import io.codesession.git.WorkTreeReader.Stash;
import io.codesession.git.WorkTreeReader.WorkTree;
import io.codesession.session.FileChange;
import io.codesession.session.Note;
import io.codesession.session.Session;
import io.codesession.session.SessionDetails;
import io.codesession.today.PullRequests.PullRequest;
import io.codesession.today.TodoScanner.TodoItem;
import io.codesession.usage.AiUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code cs today --ai}: the snapshot as Markdown to paste into an AI assistant. Every value is
 * put on one line and code spans are fenced so that names, paths and messages cannot break the
 * document structure.
 */
public final class TodayMarkdown {

    static final int MAX_LISTED = 15;

    private TodayMarkdown() {
    }

    public static String render(TodaySnapshot s, String version) {
        StringBuilder md = new StringBuilder();
        md.append("# Developer Context — ").append(TodayFormat.longDate(s.now())).append("\n\n");
        md.append("I'm picking up my work where I left off. Use this context about my projects, my last coding session "
                + "and my open tasks to help me continue.\n\n");

        SessionDetails last = s.lastSessionGlobal();
        if (last != null) {
            Session ls = last.session();
            md.append("## Last Session\n");
            item(md, "Task", text(ls.name()));
            String end = TodaySnapshot.emptyToNull(ls.endTime()) == null ? "ongoing"
                    : TodayFormat.clockWithYear(ls.endTime());
            item(md, "Time", TodayFormat.clockWithYear(ls.startTime()) + " → " + end);
            if (ls.duration() != null && ls.duration() != 0) {
                item(md, "Duration", Format.duration(ls.duration()));
            }
            if (ls.aiCost() > 0) {
                item(md, "AI Cost", "$" + Format.fixed(ls.aiCost(), 2) + " (" + Format.tokens(ls.aiTokens()) + " tokens)");
            }
            if (ls.filesChanged() > 0) {
                item(md, "Files Changed", Long.toString(ls.filesChanged()));
            }
            if (ls.commits() > 0) {
                item(md, "Commits", Long.toString(ls.commits()));
            }
            if (TodaySnapshot.emptyToNull(ls.notes()) != null) {
                item(md, "Notes", text(ls.notes()));
            }
            aiCalls(md, last.usage(), s);
            if (!last.files().isEmpty()) {
                md.append("- **Files touched in session:**\n");
                List<String> lines = new ArrayList<>();
                for (FileChange f : last.files()) {
                    lines.add(code(f.filePath()) + " (" + f.changeType() + ")");
                }
                sub(md, lines, MAX_LISTED);
            }
            if (!last.notes().isEmpty()) {
                md.append("- **Session notes:**\n");
                sub(md, last.notes().stream().map(Note::message).map(TodayMarkdown::text).toList(), Integer.MAX_VALUE);
            }
            md.append('\n');
        }

        for (TodaySnapshot.Project p : s.projects()) {
            md.append("## Project: ").append(text(p.name())).append('\n');
            item(md, "Path", code(p.path()));
            WorkTree g = p.git();
            if (g != null) {
                item(md, "Branch", code(g.branch()));
                if (g.unstagedTotal() > 0) {
                    md.append("- **Uncommitted changes:**\n");
                    sub(md, files(g.unstaged()), MAX_LISTED, g.unstagedTotal());
                }
                if (g.stagedTotal() > 0) {
                    md.append("- **Staged for commit:**\n");
                    sub(md, files(g.staged()), MAX_LISTED, g.stagedTotal());
                }
                if (!g.stashes().isEmpty()) {
                    md.append("- **Stashes:**\n");
                    List<String> lines = new ArrayList<>();
                    for (Stash st : g.stashes()) {
                        lines.add("stash@{" + st.index() + "}: " + text(st.message()));
                    }
                    sub(md, lines, MAX_LISTED);
                }
                if (g.unpushedCount() > 0) {
                    item(md, "Unpushed commits", g.unpushedCount() + (g.upstream() == null ? ""
                            : " (ahead of " + code(g.upstream()) + ")"));
                }
                if (!g.recentCommits().isEmpty()) {
                    md.append("- **Recent commits:**\n");
                    List<String> lines = new ArrayList<>();
                    for (RecentCommit c : g.recentCommits()) {
                        lines.add(code(c.hash()) + " " + text(c.message()) + " (" + TodayFormat.relativeTime(c.when(), s.now())
                                + ")");
                    }
                    sub(md, lines, Integer.MAX_VALUE);
                }
            }
            if (!p.pullRequests().isEmpty()) {
                md.append("- **Open PRs:**\n");
                List<String> lines = new ArrayList<>();
                for (PullRequest pr : p.pullRequests()) {
                    List<String> flags = new ArrayList<>();
                    if (pr.isDraft()) {
                        flags.add("draft");
                    }
                    if (!"unknown".equals(pr.ciStatus())) {
                        flags.add("CI: " + pr.ciStatus());
                    }
                    if (pr.reviewDecision() != null) {
                        flags.add("review: " + pr.reviewDecision().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
                    }
                    lines.add("#" + pr.number() + ": " + text(pr.title()) + (flags.isEmpty() ? "" : " (" + String.join(", ", flags)
                            + ")"));
                }
                sub(md, lines, Integer.MAX_VALUE);
            }
            if (!p.todos().isEmpty()) {
                md.append("- **TODOs in recently modified files:**\n");
                List<String> lines = new ArrayList<>();
                for (TodoItem t : p.todos()) {
                    lines.add(code(t.file() + ":" + t.line()) + " — " + t.type() + (t.text().isEmpty() ? "" : ": " + text(t.text())));
                }
                sub(md, lines, Integer.MAX_VALUE);
            }
            if (p.lastSession() != null) {
                Session ps = p.lastSession().session();
                item(md, "Last codesession", "\"" + text(ps.name()) + "\" — " + ps.status());
            }
            for (String note : p.notes()) {
                md.append("- _").append(text(Character.toUpperCase(note.charAt(0)) + note.substring(1))).append("._\n");
            }
            md.append('\n');
        }
        md.append("---\n");
        md.append("_Generated by `cs today --ai` (codesession ").append(version)
                .append(", a drop-in for codesession-cli)._\n");
        return md.toString();
    }

    private static void aiCalls(StringBuilder md, List<AiUsage> usage, TodaySnapshot s) {
        if (usage.isEmpty()) {
            return;
        }
        md.append("- **AI Calls:**\n");
        Map<String, List<AiUsage>> groups = new LinkedHashMap<>();
        for (AiUsage u : usage) {
            groups.computeIfAbsent(u.provider() + "/" + u.model(), k -> new ArrayList<>()).add(u);
        }
        for (Map.Entry<String, List<AiUsage>> e : groups.entrySet()) {
            List<AiUsage> calls = e.getValue();
            double cost = calls.stream().mapToDouble(AiUsage::cost).sum();
            long tokens = calls.stream().mapToLong(AiUsage::tokens).sum();
            Set<String> agents = new LinkedHashSet<>();
            calls.forEach(u -> {
                if (u.agentName() != null && !u.agentName().isEmpty()) {
                    agents.add(text(u.agentName()));
                }
            });
            md.append("  - ").append(code(e.getKey())).append(" — ").append(calls.size())
                    .append(calls.size() == 1 ? " call, $" : " calls, $").append(Format.fixed(cost, 4)).append(", ")
                    .append(Format.tokens(tokens)).append(" tokens")
                    .append(agents.isEmpty() ? "" : " (agent: " + String.join(", ", agents) + ")").append('\n');
        }
        AiUsage lastCall = usage.getLast();
        md.append("  - _Last AI call: ").append(TodayFormat.relativeTime(lastCall.timestamp(), s.now())).append(" (")
                .append(text(lastCall.provider() + "/" + lastCall.model())).append(")_\n");
    }

    private static List<String> files(List<FileStatus> files) {
        List<String> out = new ArrayList<>();
        for (FileStatus f : files) {
            out.add(code(f.path()) + " (" + f.status() + (f.oldPath() == null ? "" : " from " + code(f.oldPath())) + ")");
        }
        return out;
    }

    private static void item(StringBuilder md, String label, String value) {
        md.append("- **").append(label).append(":** ").append(value).append('\n');
    }

    private static void sub(StringBuilder md, List<String> lines, int max) {
        sub(md, lines, max, lines.size());
    }

    private static void sub(StringBuilder md, List<String> lines, int max, int total) {
        int shown = Math.min(max, lines.size());
        for (int i = 0; i < shown; i++) {
            md.append("  - ").append(lines.get(i)).append('\n');
        }
        if (total > shown) {
            md.append("  - _...and ").append(total - shown).append(" more_\n");
        }
    }

    /** Text on one line. */
    static String text(String s) {
        return TodayFormat.oneLine(s).strip();
    }

    /** A code span that holds any text (longer backtick fences when the text has backticks). */
    static String code(String s) {
        String t = TodayFormat.oneLine(s);
        int run = 0;
        int longest = 0;
        for (char c : t.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        if (longest == 0) {
            return "`" + t + "`";
        }
        String fence = "`".repeat(longest + 1);
        return fence + " " + t + " " + fence;
    }
}
