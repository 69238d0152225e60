package io.codesession.today;

import io.codesession.common.Format;
import io.codesession.common.Timestamps;
import io.codesession.git.WorkTreeReader.FileStatus;
import io.codesession.git.WorkTreeReader.WorkTree;
import io.codesession.session.Session;
import io.codesession.session.SessionDetails;
import io.codesession.today.PullRequests.PullRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cs today --share}: a stand-up message. The section about past work is titled by when
 * that work really happened (in progress, earlier today, yesterday, or the weekday and date),
 * and blockers are derived from the snapshot (pull requests waiting for review, merge conflicts)
 * rather than always "None".
 */
public final class TodayStandup {

    private TodayStandup() {
    }

    public static String render(TodaySnapshot s) {
        StringBuilder sb = new StringBuilder();
        sb.append("**Standup — ").append(TodayFormat.standupDate(s.now())).append("**\n\n");

        SessionDetails last = s.lastSessionGlobal();
        if (last != null) {
            Session ls = last.session();
            sb.append("**").append(pastTitle(ls, s.now())).append(":**\n");
            sb.append("• Worked on: ").append(TodayMarkdown.text(ls.name())).append('\n');
            if (ls.duration() != null && ls.duration() != 0) {
                sb.append("• Time: ").append(Format.duration(ls.duration())).append('\n');
            }
            List<String> output = new ArrayList<>();
            if (ls.filesChanged() > 0) {
                output.add(ls.filesChanged() + (ls.filesChanged() == 1 ? " file changed" : " files changed"));
            }
            if (ls.commits() > 0) {
                output.add(ls.commits() + (ls.commits() == 1 ? " commit" : " commits"));
            }
            if (!output.isEmpty()) {
                sb.append("• Output: ").append(String.join(", ", output)).append('\n');
            }
            sb.append('\n');
        }

        sb.append("**Today:**\n");
        List<String> today = new ArrayList<>();
        List<String> blockers = new ArrayList<>();
        int todos = 0;
        for (TodaySnapshot.Project p : s.projects()) {
            WorkTree g = p.git();
            String name = TodayMarkdown.text(p.name());
            if (g != null) {
                if (p.hasChanges()) {
                    int n = p.changedFileCount();
                    today.add("Continue work on " + TodayMarkdown.code(g.branch()) + " (" + name + ") — " + n
                            + (n == 1 ? " uncommitted file" : " uncommitted files"));
                }
                if (!g.stashes().isEmpty()) {
                    today.add("Apply stash in " + name + ": \"" + TodayMarkdown.text(g.stashes().getFirst().message()) + "\"");
                }
                if (g.unpushedCount() > 0) {
                    today.add("Push " + g.unpushedCount() + (g.unpushedCount() == 1 ? " commit" : " commits") + " on "
                            + TodayMarkdown.code(g.branch()) + " (" + name + ")");
                }
                long conflicts = g.unstaged().stream().map(FileStatus::status).filter("conflicted"::equals).count();
                if (conflicts > 0) {
                    blockers.add("Merge conflicts in " + name + " (" + conflicts + (conflicts == 1 ? " file)" : " files)"));
                }
            }
            for (PullRequest pr : p.pullRequests()) {
                String title = "PR #" + pr.number() + ": " + TodayMarkdown.text(pr.title());
                if ("failing".equals(pr.ciStatus())) {
                    today.add("Fix CI on " + title);
                }
                if ("CHANGES_REQUESTED".equals(pr.reviewDecision())) {
                    today.add("Address review comments on " + title);
                } else if ("REVIEW_REQUIRED".equals(pr.reviewDecision()) && !pr.isDraft()) {
                    blockers.add("Waiting for review on " + title);
                }
            }
            todos += p.todos().size();
        }
        if (todos > 0) {
            today.add(todos + (todos == 1 ? " TODO" : " TODOs") + " to address");
        }
        if (today.isEmpty()) {
            today.add("(checking priorities)");
        }
        today.forEach(t -> sb.append("• ").append(t).append('\n'));
        sb.append('\n');

        if (blockers.isEmpty()) {
            sb.append("**Blockers:** None\n");
        } else {
            sb.append("**Blockers:**\n");
            blockers.forEach(b -> sb.append("• ").append(b).append('\n'));
        }
        return sb.toString();
    }

    /** "In progress", "Earlier today", "Yesterday", or "Last worked (Thursday, Mar 5)". */
    static String pastTitle(Session s, Instant now) {
        if (s.isActive()) {
            return "In progress";
        }
        Instant end = Timestamps.parse(TodaySnapshot.emptyToNull(s.endTime()) != null ? s.endTime() : s.startTime());
        if (end == null) {
            return "Last session";
        }
        LocalDate day = end.atZone(TodayFormat.zone()).toLocalDate();
        LocalDate today = now.atZone(TodayFormat.zone()).toLocalDate();
        if (day.equals(today)) {
            return "Earlier today";
        }
        if (day.equals(today.minusDays(1))) {
            return "Yesterday";
        }
        return "Last worked (" + TodayFormat.standupDate(end) + ")";
    }
}
