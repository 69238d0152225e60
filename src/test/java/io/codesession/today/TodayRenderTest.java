package io.codesession.today;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The three text formats of {@code cs today}, from snapshots built in memory. */
class TodayRenderTest {

    private static final Instant NOW = Instant.now();
    private static final UnaryOperator<String> PLAIN = UnaryOperator.identity();

    private static WorkTree tree(String branch) {
        return new WorkTree("/p", branch,
                List.of(new FileStatus("a.ts", "modified", null), new FileStatus("new/", "untracked", null),
                        new FileStatus("gone.ts", "deleted", null)), 3,
                List.of(new FileStatus("a.ts", "modified", null), new FileStatus("b.ts", "new file", null)), 2,
                List.of(new Stash(0, "On main: retry idea")),
                List.of(new RecentCommit("9f3c2ab", "retry with jitter", "2026-03-05T10:48:11+01:00",
                        NOW.minus(Duration.ofHours(3)))),
                "origin/main", 2, List.of());
    }

    private static SessionDetails session(String status, String end) {
        Session s = new Session(41, "Add retry to uploader", NOW.minus(Duration.ofHours(2)).toString(), end,
                end == null ? null : 2257L, "/p", "/p", null, 2, 1, 0.048, 15000, "tests green", status);
        return new SessionDetails(s,
                List.of(new FileChange(1, 41, "src/upload.ts", "modified", NOW.toString(), null)), List.of(),
                List.of(new AiUsage(1, 41, "openai", "gpt-4.1", 15000, 12000L, 3000L, 0.048, "Bug Fixer",
                        NOW.minus(Duration.ofMinutes(30)).toString())),
                List.of(new Note(1, 41, "halfway there", NOW.toString())));
    }

    private static TodaySnapshot snapshot(String branch, List<PullRequest> prs, SessionDetails last) {
        TodaySnapshot.Project p = new TodaySnapshot.Project("/p", "uploader", true, true, tree(branch),
                List.of(new TodoItem("src/upload.ts", 88, "TODO", "cap retries", NOW.toString())), prs, last,
                List.of("pull requests not checked: GitHub CLI (gh) not found on PATH"));
        return new TodaySnapshot(NOW, NOW.toString(), List.of(p), last, List.of());
    }

    @Test
    void humanBoxLinesAndBordersAreAllSeventyTwoColumns() {
        String longBranch = "feature/" + "very-long-branch-name-".repeat(5);
        String text = new TodayHuman(s -> "\u001b[90m" + s + "\u001b[0m", s -> "\u001b[1m" + s + "\u001b[0m")
                .render(snapshot(longBranch, List.of(new PullRequest(12, "Retry uploads " + "x".repeat(80), "OPEN", "u",
                        0, "failing", true, null)), session("completed", NOW.minus(Duration.ofHours(1)).toString())));
        List<String> box = text.lines().filter(l -> l.startsWith("  │") || l.startsWith("  ┌") || l.startsWith("  ├")
                || l.startsWith("  └")).toList();
        assertThat(box).hasSizeGreaterThan(10);
        assertThat(box).allSatisfy(l -> assertThat(TodayFormat.width(l)).as(l).isEqualTo(72));
        assertThat(text).contains("…").contains("✗ CI").contains("[draft]");
    }

    @Test
    void humanCountsEachChangedPathOnce() {
        String text = new TodayHuman(PLAIN, PLAIN).render(snapshot("main", List.of(), null));
        // a.ts is staged and modified again: 4 distinct paths, not 5 (2.6.0 counted it twice)
        assertThat(text).contains("4 files changed (2 staged, 1 modified, 1 untracked, 1 deleted)")
                .contains("2 unpushed commits (ahead of origin/main)")
                .contains("Stash: \"On main: retry idea\"")
                .contains("src/upload.ts:88  TODO: cap retries")
                .contains("Pull requests not checked: GitHub CLI (gh) not found on PATH.");
    }

    @Test
    void emptySnapshot() {
        TodaySnapshot empty = new TodaySnapshot(NOW, NOW.toString(), List.of(), null, List.of());
        assertThat(new TodayHuman(PLAIN, PLAIN).render(empty)).contains("No recent activity");
        assertThat(TodayMarkdown.render(empty, "3.0.0")).startsWith("# Developer Context — ")
                .contains("codesession-cli");
        assertThat(TodayStandup.render(empty)).contains("**Standup").contains("(checking priorities)")
                .contains("**Blockers:** None");
    }

    @Test
    void markdownForAnAssistant() {
        String md = TodayMarkdown.render(snapshot("main",
                List.of(new PullRequest(12, "Retry uploads", "OPEN", "u", 1, "passing", false, "APPROVED")),
                session("completed", NOW.minus(Duration.ofHours(1)).toString())), "3.0.0");
        assertThat(md).contains("## Last Session\n- **Task:** Add retry to uploader\n")
                .contains("- **Duration:** 37m\n")
                .contains("- **AI Cost:** $0.05 (15,000 tokens)\n")
                .contains("  - `openai/gpt-4.1` — 1 call, $0.0480, 15,000 tokens (agent: Bug Fixer)\n")
                .contains("  - _Last AI call: 30m ago (openai/gpt-4.1)_\n")
                .contains("  - `src/upload.ts` (modified)\n")
                .contains("- **Session notes:**\n  - halfway there\n")
                .contains("## Project: uploader\n- **Path:** `/p`\n- **Branch:** `main`\n")
                .contains("- **Staged for commit:**\n  - `a.ts` (modified)\n  - `b.ts` (new file)\n")
                .contains("  - stash@{0}: On main: retry idea\n")
                .contains("- **Unpushed commits:** 2 (ahead of `origin/main`)\n")
                .contains("  - `9f3c2ab` retry with jitter (3h ago)\n")
                .contains("  - #12: Retry uploads (CI: passing, review: approved)\n")
                .contains("  - `src/upload.ts:88` — TODO: cap retries\n")
                .contains("- **Last codesession:** \"Add retry to uploader\" — completed\n");
    }

    @Test
    void markdownKeepsHostileTextOnOneLine() {
        assertThat(TodayMarkdown.code("a`b")).isEqualTo("`` a`b ``");
        assertThat(TodayMarkdown.text("line one\n## Injected heading")).isEqualTo("line one ## Injected heading");
    }

    @Test
    void standupTitlesThePastByItsRealDate() {
        String share = TodayStandup.render(snapshot("main",
                List.of(new PullRequest(7, "Fix login", "OPEN", "u", 0, "failing", false, "REVIEW_REQUIRED")),
                session("completed", NOW.minus(Duration.ofMinutes(5)).toString())));
        assertThat(share).contains("**Earlier today:**\n• Worked on: Add retry to uploader\n• Time: 37m\n"
                + "• Output: 2 files changed, 1 commit\n")
                .contains("• Continue work on `main` (uploader) — 4 uncommitted files\n")
                .contains("• Apply stash in uploader: \"On main: retry idea\"\n")
                .contains("• Fix CI on PR #7: Fix login\n")
                .contains("• 1 TODO to address\n")
                .contains("**Blockers:**\n• Waiting for review on PR #7: Fix login\n");

        Session active = session("active", null).session();
        assertThat(TodayStandup.pastTitle(active, NOW)).isEqualTo("In progress");
        Session yesterday = new Session(1, "x", "2026-03-05T10:00:00Z", "2026-03-05T12:00:00Z", 7200L, "/p", null, null,
                0, 0, 0, 0, null, "completed");
        Instant nextDay = java.time.LocalDate.of(2026, 3, 6).atTime(12, 0).atZone(TodayFormat.zone()).toInstant();
        Instant weekLater = java.time.LocalDate.of(2026, 3, 12).atTime(12, 0).atZone(TodayFormat.zone()).toInstant();
        String endDay = java.time.format.DateTimeFormatter.ofPattern("EEEE, MMM d", java.util.Locale.US)
                .format(Instant.parse("2026-03-05T12:00:00Z").atZone(TodayFormat.zone()));
        if (Instant.parse("2026-03-05T12:00:00Z").atZone(TodayFormat.zone()).toLocalDate()
                .equals(java.time.LocalDate.of(2026, 3, 5))) {
            assertThat(TodayStandup.pastTitle(yesterday, nextDay)).isEqualTo("Yesterday");
        }
        assertThat(TodayStandup.pastTitle(yesterday, weekLater)).isEqualTo("Last worked (" + endDay + ")");
    }
}
