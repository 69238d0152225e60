package io.codesession.today;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The developer's open pull requests of a project, through the GitHub CLI ({@code gh}) when it
 * is on PATH. {@code gh} runs as an argument list (no shell), in the project directory, with
 * stdin closed, prompts and update checks off, a time limit and an output cap. Anything that
 * goes wrong yields no pull requests and a note saying why, never an error.
 */
public final class PullRequests {

    static final long TIMEOUT_SECONDS = 15;
    static final int MAX_OUTPUT = 1 << 20;
    static final String FIELDS = "number,title,state,url,reviewDecision,isDraft,statusCheckRollup,comments,reviews";

    /** One open pull request. {@code reviewDecision} is GitHub's (APPROVED, CHANGES_REQUESTED, REVIEW_REQUIRED) or null. */
    public record PullRequest(long number, String title, String state, String url, int reviewComments,
            String ciStatus, boolean isDraft, String reviewDecision) {
    }

    /** The pull requests, and a note when they could not be checked (null when they were). */
    public record Result(List<PullRequest> pullRequests, String note) {
        static Result skipped(String note) {
            return new Result(List.of(), note);
        }
    }

    private PullRequests() {
    }

    /** {@code gh} on PATH (the PATH of this process), or null. */
    public static Path findGh() {
        String path = System.getenv("PATH");
        if (path == null || path.isEmpty()) {
            return null;
        }
        boolean windows = File.separatorChar == '\\';
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            for (String name : windows ? List.of("gh.exe", "gh.cmd", "gh") : List.of("gh")) {
                try {
                    Path p = Path.of(dir, name);
                    if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                        return p;
                    }
                } catch (RuntimeException e) {
                    // an unusable PATH entry
                }
            }
        }
        return null;
    }

    /** Runs {@code gh pr list} for the project in {@code dir} with the {@code gh} at {@code gh}. */
    public static Result list(Path gh, Path dir) {
        List<String> argv = List.of(gh.toString(), "pr", "list", "--author", "@me", "--state", "open", "--json", FIELDS,
                "--limit", "10");
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
        pb.environment().put("GH_PROMPT_DISABLED", "1");
        pb.environment().put("GH_NO_UPDATE_NOTIFIER", "1");
        pb.environment().put("GH_SPINNER_DISABLED", "1");
        pb.environment().put("NO_COLOR", "1");
        pb.environment().put("CLICOLOR", "0");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return Result.skipped("pull requests not checked: could not run gh (" + e.getMessage() + ")");
        }
        try {
            p.getOutputStream().close(); // no input: gh must never wait for an answer
            Capture out = Capture.start(p.getInputStream(), MAX_OUTPUT);
            Capture err = Capture.start(p.getErrorStream(), 64 * 1024);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                kill(p);
                return Result.skipped("pull requests not checked: gh did not answer within " + TIMEOUT_SECONDS + " s");
            }
            out.join();
            err.join();
            if (p.exitValue() != 0) {
                String why = firstLine(err.text());
                return Result.skipped("pull requests not checked: gh failed" + (why.isEmpty() ? " (exit " + p.exitValue()
                        + ")" : ": " + why));
            }
            if (out.overflowed()) {
                return Result.skipped("pull requests not checked: gh printed more than 1 MiB");
            }
            List<PullRequest> prs = parse(out.text());
            return prs == null ? Result.skipped("pull requests not checked: gh printed something other than JSON")
                    : new Result(prs, null);
        } catch (IOException e) {
            kill(p);
            return Result.skipped("pull requests not checked: " + e.getMessage());
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            return Result.skipped("pull requests not checked: interrupted");
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static String firstLine(String s) {
        for (String line : s.strip().split("\\R")) {
            String t = line.strip();
            if (!t.isEmpty()) {
                return t.length() > 200 ? t.substring(0, 199) + "…" : t;
            }
        }
        return "";
    }

    /** {@code gh pr list --json} output, or null when it is not a JSON array. */
    static List<PullRequest> parse(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            return null;
        }
        if (root == null || !root.isArray()) {
            return null;
        }
        List<PullRequest> out = new ArrayList<>();
        for (JsonNode pr : root) {
            if (!pr.isObject() || !pr.path("number").canConvertToLong()) {
                continue;
            }
            int comments = 0;
            for (JsonNode c : pr.path("comments")) {
                if (c.isObject()) {
                    comments++;
                }
            }
            for (JsonNode r : pr.path("reviews")) {
                if (!r.path("body").asText("").isBlank()) {
                    comments++;
                }
            }
            String decision = pr.path("reviewDecision").asText("");
            out.add(new PullRequest(pr.path("number").asLong(), pr.path("title").asText(""),
                    pr.path("state").asText("OPEN"), pr.path("url").asText(""), comments,
                    ciStatus(pr.path("statusCheckRollup")), pr.path("isDraft").asBoolean(false),
                    decision.isEmpty() ? null : decision));
        }
        return out;
    }

    /**
     * {@code failing} when any check failed (check runs: FAILURE, TIMED_OUT, CANCELLED,
     * ACTION_REQUIRED, STARTUP_FAILURE; status contexts: FAILURE, ERROR), else {@code pending}
     * when any is still running or queued, else {@code passing}; {@code unknown} without checks.
     */
    static String ciStatus(JsonNode checks) {
        if (!checks.isArray() || checks.isEmpty()) {
            return "unknown";
        }
        boolean pending = false;
        for (JsonNode c : checks) {
            String conclusion = c.path("conclusion").asText("").toUpperCase(Locale.ROOT);
            String state = c.path("state").asText("").toUpperCase(Locale.ROOT);
            String status = c.path("status").asText("").toUpperCase(Locale.ROOT);
            if (List.of("FAILURE", "TIMED_OUT", "CANCELLED", "ACTION_REQUIRED", "STARTUP_FAILURE").contains(conclusion)
                    || List.of("FAILURE", "ERROR").contains(state)) {
                return "failing";
            }
            if (List.of("IN_PROGRESS", "QUEUED", "PENDING", "WAITING", "REQUESTED").contains(status)
                    || List.of("PENDING", "EXPECTED").contains(state)) {
                pending = true;
            }
        }
        return pending ? "pending" : "passing";
    }

    /** Reads a stream on a virtual thread, keeping at most {@code cap} bytes (and draining the rest). */
    private static final class Capture {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final int cap;
        private volatile boolean overflowed;
        private Thread thread;

        private Capture(int cap) {
            this.cap = cap;
        }

        static Capture start(InputStream in, int cap) {
            Capture c = new Capture(cap);
            c.thread = Thread.ofVirtual().start(() -> c.drain(in));
            return c;
        }

        private void drain(InputStream in) {
            byte[] chunk = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    synchronized (buffer) {
                        int room = cap - buffer.size();
                        if (n > room) {
                            overflowed = true;
                        }
                        if (room > 0) {
                            buffer.write(chunk, 0, Math.min(n, room));
                        }
                    }
                }
            } catch (IOException e) {
                // the process went away
            }
        }

        void join() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }

        boolean overflowed() {
            return overflowed;
        }

        String text() {
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
