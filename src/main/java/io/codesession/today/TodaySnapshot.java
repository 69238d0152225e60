package io.codesession.today;

import io.codesession.common.Json;
import io.codesession.git.WorkTreeReader.FileStatus;
import io.codesession.git.WorkTreeReader.RecentCommit;
import io.codesession.git.WorkTreeReader.Stash;
import io.codesession.git.WorkTreeReader.WorkTree;
import io.codesession.session.FileChange;
import io.codesession.session.Note;
import io.codesession.session.Session;
import io.codesession.session.SessionDetails;
import io.codesession.session.SessionJson;
import io.codesession.today.PullRequests.PullRequest;
import io.codesession.today.TodoScanner.TodoItem;
import io.codesession.usage.AiUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The multi-project "where did I leave off" snapshot that every {@code cs today} format is
 * rendered from. {@code now} is when it was taken; relative times are computed against it.
 */
public record TodaySnapshot(Instant now, String timestamp, List<Project> projects, SessionDetails lastSessionGlobal,
        List<String> missingProjects) {

    /**
     * One project. {@code git} is null outside a work tree or when git could not be read
     * ({@code notes} then says why); {@code registered} is false for the current directory
     * reported without being registered.
     */
    public record Project(String path, String name, boolean registered, boolean isGitRepo, WorkTree git,
            List<TodoItem> todos, List<PullRequest> pullRequests, SessionDetails lastSession, List<String> notes) {

        public boolean hasChanges() {
            return git != null && (git.unstagedTotal() > 0 || git.stagedTotal() > 0);
        }

        /** Distinct paths with staged or unstaged changes (a path with both counts once). */
        public int changedFileCount() {
            if (git == null) {
                return 0;
            }
            java.util.Set<String> paths = new java.util.HashSet<>();
            git.unstaged().forEach(f -> paths.add(f.path()));
            git.staged().forEach(f -> paths.add(f.path()));
            int hidden = Math.max(0, git.unstagedTotal() - git.unstaged().size())
                    + Math.max(0, git.stagedTotal() - git.staged().size());
            return paths.size() + hidden;
        }
    }

    /** The JSON document: the envelope, then the 2.6.0 TodaySnapshot fields, then our additions. */
    public Json.Obj toJson(Json.Obj envelope) {
        Json.Obj o = envelope;
        o.add("timestamp", timestamp);
        List<Json.Obj> list = new ArrayList<>();
        for (Project p : projects) {
            list.add(project(p));
        }
        o.add("projects", list);
        o.add("lastSessionGlobal", lastSessionGlobal == null ? null : lastSession(lastSessionGlobal));
        o.add("missingProjects", missingProjects);
        return o;
    }

    private Json.Obj project(Project p) {
        Json.Obj o = Json.obj().add("path", p.path()).add("name", p.name()).add("isGitRepo", p.isGitRepo());
        o.add("git", p.git() == null ? null : git(p.git()));
        o.add("todos", p.todos().stream().map(t -> Json.obj().add("file", t.file()).add("line", t.line())
                .add("type", t.type()).add("text", t.text()).add("modifiedAt", t.modifiedAt())).toList());
        o.add("pullRequests", p.pullRequests().stream().map(pr -> Json.obj().add("number", pr.number())
                .add("title", pr.title()).add("state", pr.state()).add("url", pr.url())
                .add("reviewComments", pr.reviewComments()).add("ciStatus", pr.ciStatus()).add("isDraft", pr.isDraft())
                .add("reviewDecision", pr.reviewDecision())).toList());
        o.add("lastSession", p.lastSession() == null ? null : lastSession(p.lastSession()));
        o.add("registered", p.registered());
        o.add("notes", p.notes());
        return o;
    }

    private Json.Obj git(WorkTree g) {
        Json.Obj o = Json.obj().add("branch", g.branch());
        o.add("uncommittedFiles", g.unstaged().stream().map(TodaySnapshot::file).toList());
        o.add("stagedFiles", g.staged().stream().map(TodaySnapshot::file).toList());
        o.add("stashes", g.stashes().stream().map((Stash s) -> Json.obj().add("index", s.index())
                .add("message", s.message())).toList());
        o.add("recentCommits", g.recentCommits().stream().map((RecentCommit c) -> Json.obj().add("hash", c.hash())
                .add("message", c.message()).add("date", c.date())
                .add("relative", TodayFormat.relativeTime(c.when(), now))).toList());
        o.add("hasUnpushed", g.unpushedCount() > 0).add("unpushedCount", g.unpushedCount());
        o.add("upstream", g.upstream());
        o.add("uncommittedCount", g.unstagedTotal()).add("stagedCount", g.stagedTotal());
        return o;
    }

    private static Json.Obj file(FileStatus f) {
        Json.Obj o = Json.obj().add("path", f.path()).add("status", f.status());
        o.addIfPresent("oldPath", f.oldPath());
        return o;
    }

    /** LastSession: the session row and its children, as 2.6.0 shapes it. */
    static Json.Obj lastSession(SessionDetails d) {
        Session s = d.session();
        Json.Obj o = Json.obj().add("id", s.id()).add("name", s.name()).add("startTime", s.startTime())
                .add("endTime", emptyToNull(s.endTime())).add("duration", s.duration())
                .add("aiCost", SessionJson.cost(s.aiCost())).add("aiTokens", s.aiTokens())
                .add("filesChanged", s.filesChanged()).add("commits", s.commits()).add("status", s.status())
                .add("notes", emptyToNull(s.notes()));
        List<Json.Obj> calls = new ArrayList<>();
        for (AiUsage u : d.usage()) {
            calls.add(Json.obj().add("provider", u.provider()).add("model", u.model()).add("tokens", u.tokens())
                    .add("promptTokens", u.promptTokens() == null ? 0 : u.promptTokens())
                    .add("completionTokens", u.completionTokens() == null ? 0 : u.completionTokens())
                    .add("cost", u.cost()).add("agentName", emptyToNull(u.agentName()))
                    .add("timestamp", u.timestamp()));
        }
        o.add("aiCalls", calls);
        List<Json.Obj> files = new ArrayList<>();
        for (FileChange f : d.files()) {
            Json.Obj fo = Json.obj().add("path", f.filePath()).add("type", f.changeType());
            fo.addIfPresent("oldPath", emptyToNull(f.oldPath()));
            files.add(fo);
        }
        o.add("fileChanges", files);
        o.add("sessionNotes", d.notes().stream().map(Note::message).toList());
        return o;
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
