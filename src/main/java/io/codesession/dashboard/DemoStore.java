package io.codesession.dashboard;

import io.codesession.common.Timestamps;
import io.codesession.session.CommitRecord;
import io.codesession.session.FileChange;
import io.codesession.store.ActivityStore;
import io.codesession.store.Database;
import io.codesession.store.SessionStore;
import io.codesession.store.UsageStore;
import io.codesession.usage.AiUsage;
import io.codesession.usage.Price;
import io.codesession.usage.PricingService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * {@code cs dashboard --demo}: a generated, realistic store in the temporary directory that
 * {@link DashboardLaunch} prepared (never the user's data): four projects that are real git
 * repositories (so diffs work), six weeks of sessions with AI calls over several models, file
 * changes, commits and notes, and one active session with uncommitted work. Deterministic.
 */
@ApplicationScoped
public class DemoStore {

    @Inject
    Database db;
    @Inject
    SessionStore sessions;
    @Inject
    ActivityStore activity;
    @Inject
    UsageStore usage;
    @Inject
    PricingService pricing;
    @Inject
    AlertsService alerts;

    record Project(String name, List<String> files, List<String> tasks) {
    }

    static final List<Project> PROJECTS = List.of(
            new Project("uploader", List.of("src/upload.ts", "src/retry.ts", "src/client.ts", "test/upload.test.ts", "README.md",
                    "package.json"), List.of("Add retry to uploader", "Fix flaky upload test", "Stream large files",
                    "Resume interrupted uploads", "Document upload limits")),
            new Project("billing-api", List.of("app/invoices.py", "app/models.py", "app/routes.py", "tests/test_invoices.py",
                    "migrations/0042_tax.sql", "pyproject.toml"), List.of("Add VAT to invoices", "Fix rounding in totals",
                    "Refactor invoice model", "Paginate invoice list", "Speed up monthly report")),
            new Project("web-app", List.of("src/App.tsx", "src/pages/Settings.tsx", "src/hooks/useAuth.ts", "src/styles.css",
                    "src/api.ts", "vite.config.ts"), List.of("Dark mode for settings", "Fix login redirect loop",
                    "Extract API client", "Add keyboard shortcuts", "Upgrade Vite")),
            new Project("ml-pipeline", List.of("pipeline/train.py", "pipeline/features.py", "pipeline/evaluate.py",
                    "configs/base.yaml", "notebooks/explore.md", "Makefile"), List.of("Add feature store cache",
                    "Tune learning-rate schedule", "Fix data leak in split", "Parallelise evaluation", "Log metrics to CSV")));

    /** Model, provider, weight. */
    static final String[][] MODELS = {
        {"claude-sonnet-4-5", "anthropic", "34"}, {"gpt-4.1", "openai", "16"}, {"claude-opus-4-6", "anthropic", "7"},
        {"gemini-2.5-pro", "google", "10"}, {"gpt-5", "openai", "10"}, {"deepseek-v3", "deepseek", "6"},
        {"o4-mini", "openai", "7"}, {"gpt-4.1-mini", "openai", "6"}, {"gemini-2.5-flash", "google", "4"},
    };

    static final String[] AGENTS = {"claude-code", "codex", "aider", null};
    static final String[] NOTES = {"Tests green locally", "Agent went down a rabbit hole with mocks; reset and retried",
        "Needs review from Sam", "Benchmarked: 2.3x faster", "Left a TODO for error handling",
        "Switched model halfway: cheaper and good enough", "Blocked on staging credentials for an hour"};

    public void seed() {
        String dir = System.getProperty(DashboardLaunch.DEMO_DIR);
        if (dir == null) {
            throw new IllegalStateException("--demo needs the temporary directory prepared at launch");
        }
        Path root = Path.of(dir).resolve("projects");
        io.codesession.git.GitService.init();
        try {
            seed(root, new Random(20260305L), Instant.now().truncatedTo(ChronoUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("could not build the demo repositories: " + e.getMessage(), e);
        }
    }

    /** Rows to write, collected while the repositories are built, then written in one transaction. */
    private final List<io.codesession.store.SqlWork<?>> pending = new ArrayList<>();
    private final java.util.Map<String, Price> prices = new java.util.HashMap<>();

    void seed(Path root, Random rnd, Instant now) throws IOException, GitAPIException {
        pending.clear();
        List<Git> repos = new ArrayList<>();
        for (Project p : PROJECTS) {
            Path dir = Files.createDirectories(root.resolve(p.name()));
            Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
            for (String f : p.files()) {
                write(dir.resolve(f), header(f) + "initial version of " + f + "\n");
            }
            git.add().addFilepattern(".").call();
            commit(git, "Initial commit", now.minus(Duration.ofDays(60)));
            repos.add(git);
        }
        int[] weights = new int[MODELS.length];
        int total = 0;
        for (int i = 0; i < MODELS.length; i++) {
            total += Integer.parseInt(MODELS[i][2]);
            weights[i] = total;
        }
        // Sessions over the last six weeks, oldest first, so git history follows time.
        List<Instant> starts = new ArrayList<>();
        ZonedDateTime day = now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).minusDays(42);
        for (int d = 0; d < 42; d++, day = day.plusDays(1)) {
            boolean weekend = day.getDayOfWeek().getValue() >= 6;
            int n = weekend ? rnd.nextInt(2) : 1 + rnd.nextInt(3);
            for (int i = 0; i < n; i++) {
                starts.add(day.plusHours(8 + rnd.nextInt(11)).plusMinutes(rnd.nextInt(60)).toInstant());
            }
        }
        starts.sort(null);
        int tw = total;
        for (int idx = 0; idx < starts.size(); idx++) {
            int pi = rnd.nextInt(PROJECTS.size());
            Project p = PROJECTS.get(pi);
            Git git = repos.get(pi);
            Instant start = starts.get(idx);
            long minutes = 10 + rnd.nextInt(170);
            Instant end = start.plus(Duration.ofMinutes(minutes));
            if (end.isAfter(now.minus(Duration.ofHours(2)))) {
                continue;
            }
            String head = git.getRepository().resolve("HEAD").name();
            String name = p.tasks().get(rnd.nextInt(p.tasks().size()));
            // Work: 1-3 commits touching 1-4 files each.
            Set<String> touched = new LinkedHashSet<>();
            List<CommitRecord> commits = new ArrayList<>();
            int nCommits = rnd.nextInt(10) < 2 ? 0 : 1 + rnd.nextInt(3);
            for (int c = 0; c < nCommits; c++) {
                int nFiles = 1 + rnd.nextInt(4);
                for (int f = 0; f < nFiles; f++) {
                    String file = p.files().get(rnd.nextInt(p.files().size()));
                    touched.add(file);
                    Path path = git.getRepository().getWorkTree().toPath().resolve(file);
                    Files.writeString(path, edit(Files.readString(path, StandardCharsets.UTF_8), rnd, name),
                            StandardCharsets.UTF_8);
                }
                git.add().addFilepattern(".").call();
                Instant when = start.plus(Duration.ofMinutes(minutes * (c + 1) / (nCommits + 1)));
                String msg = c == 0 ? name : List.of("Address review comments", "Add tests", "Tidy up", "Fix lint")
                        .get(rnd.nextInt(4));
                RevCommit rc = commit(git, msg, when);
                commits.add(new CommitRecord(0, 0, rc.name().substring(0, 7), msg, Timestamps.format(when)));
            }
            if (touched.isEmpty()) {
                touched.add(p.files().get(rnd.nextInt(p.files().size())));
            }
            insertSession(git, p, name, start, end, head, touched, commits, rnd, weights, tw, true);
        }
        // One session still running, with uncommitted work in the tree.
        Git git = repos.getFirst();
        Project p = PROJECTS.getFirst();
        String head = git.getRepository().resolve("HEAD").name();
        Path work = git.getRepository().getWorkTree().toPath();
        Files.writeString(work.resolve("src/retry.ts"), edit(Files.readString(work.resolve("src/retry.ts")), rnd,
                "Exponential back-off with jitter"), StandardCharsets.UTF_8);
        write(work.resolve("src/backoff.ts"), "// back-off policy\nexport const base = 250;\nexport const cap = 30_000;\n");
        insertSession(git, p, "Exponential back-off with jitter", now.minus(Duration.ofMinutes(48)), null, head,
                new LinkedHashSet<>(List.of("src/retry.ts", "src/backoff.ts")), List.of(), rnd, weights, tw, false);
        for (Git g : repos) {
            g.close();
        }
        db.write(c -> {
            for (io.codesession.store.SqlWork<?> w : pending) {
                w.run(c);
            }
            return null;
        });
        pending.clear();
        // A custom price and two alert rules, so those pages show something (demo home only).
        pricing.set("my-local-llm", 0.2, 0.6);
        alerts.update("{\"rule\":\"dailyCost\",\"limit\":5,\"alarm\":false}");
        alerts.update("{\"rule\":\"sessionCost\",\"limit\":4,\"alarm\":false}");
    }

    private void insertSession(Git git, Project p, String name, Instant start, Instant end, String head, Set<String> files,
            List<CommitRecord> commits, Random rnd, int[] weights, int totalWeight, boolean completed) {
        String wd = git.getRepository().getWorkTree().getAbsolutePath();
        Instant last = end == null ? Instant.now() : end;
        pending.add(c -> {
            long id = sessions.insert(c, name, Timestamps.format(start), wd, wd, head);
            int calls = 3 + rnd.nextInt(20);
            for (int i = 0; i < calls; i++) {
                int pick = rnd.nextInt(totalWeight);
                int m = 0;
                while (weights[m] <= pick) {
                    m++;
                }
                long prompt = 2_000 + rnd.nextInt(58_000);
                long completion = 300 + rnd.nextInt(7_700);
                String model = MODELS[m][0];
                String provider = MODELS[m][1];
                Price price = prices.computeIfAbsent(model,
                        k -> pricing.lookup(model, provider).map(x -> x.price()).orElse(new Price(0, 0)));
                Instant at = start.plusMillis((long) (rnd.nextDouble() * Duration.between(start, last).toMillis()));
                usage.insert(c, new AiUsage(0, id, MODELS[m][1], MODELS[m][0], prompt + completion, prompt, completion,
                        PricingService.cost(price, prompt, completion), AGENTS[rnd.nextInt(AGENTS.length)],
                        Timestamps.format(at)));
            }
            List<FileChange> changes = new ArrayList<>();
            int k = 0;
            for (String f : files) {
                Instant at = start.plusSeconds(60L * (++k));
                String type = f.equals("src/backoff.ts") ? FileChange.CREATED : FileChange.MODIFIED;
                changes.add(new FileChange(0, id, f, type, Timestamps.format(at), null));
            }
            activity.addFiles(c, id, changes);
            List<CommitRecord> rows = commits.stream().map(x -> new CommitRecord(0, id, x.hash(), x.message(), x.timestamp()))
                    .toList();
            activity.addCommits(c, id, rows);
            if (rnd.nextInt(3) == 0 || !completed) {
                activity.addNote(c, id, NOTES[rnd.nextInt(NOTES.length)], Timestamps.format(start.plusSeconds(600)));
            }
            if (completed) {
                sessions.end(c, id, Timestamps.format(end), Duration.between(start, end).toSeconds(),
                        rnd.nextInt(4) == 0 ? "Done; follow-up filed" : null);
            }
            return id;
        });
    }

    private static RevCommit commit(Git git, String message, Instant when) throws GitAPIException {
        PersonIdent who = new PersonIdent("Demo Dev", "dev@example.invalid", when, ZoneOffset.UTC);
        return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
    }

    private static String header(String file) {
        if (file.endsWith(".py") || file.endsWith(".yaml") || file.equals("Makefile") || file.endsWith(".toml")) {
            return "# " + file + "\n";
        }
        if (file.endsWith(".md")) {
            return "# " + file + "\n\n";
        }
        if (file.endsWith(".json")) {
            return "";
        }
        if (file.endsWith(".sql")) {
            return "-- " + file + "\n";
        }
        return "// " + file + "\n";
    }

    private static String edit(String text, Random rnd, String task) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (lines.size() > 3 && rnd.nextBoolean()) {
            lines.remove(1 + rnd.nextInt(lines.size() - 2));
        }
        int at = Math.min(lines.size(), 1 + rnd.nextInt(Math.max(1, lines.size())));
        lines.add(at, "change for: " + task + " (" + Integer.toHexString(rnd.nextInt()) + ")");
        return String.join("\n", lines);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
