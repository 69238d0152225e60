package io.codesession.today;

import io.codesession.common.CsException;
import io.codesession.common.Timestamps;
import io.codesession.git.GitService;
import io.codesession.store.Database;
import io.codesession.store.TodayStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code today} project registry: which directories {@code cs today} reports on.
 *
 * <p>A project is stored under its canonical path: absolute, symbolic links resolved (so the
 * same directory reached two ways registers once, and matches the paths sessions record), the
 * git top-level when the directory is inside a work tree, {@code /} separators, no trailing
 * separator.
 */
@ApplicationScoped
public class TodayRegistry {

    @Inject
    Database db;
    @Inject
    TodayStore store;
    @Inject
    GitService git;

    /** What {@link #add} did: {@code created} for a new row, {@code renamed} when an existing row got the new name. */
    public record Added(TodayProject project, boolean created, boolean renamed) {
    }

    /** Registrations ordered by name, then path (a row without a name sorts by its default name). */
    public List<TodayProject> list() {
        List<TodayProject> all = new ArrayList<>(store.all());
        all.sort(Comparator.comparing(TodayProject::displayName).thenComparing(TodayProject::path));
        return all;
    }

    /** {@code arg} resolved against {@code cwd}, absolute and normalised (not required to exist). */
    public static Path absolute(String arg, Path cwd) {
        try {
            return cwd.resolve(arg).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw CsException.invalid("Not a valid path: " + e.getInput());
        }
    }

    /** The directory a project at {@code dir} is registered under (git top-level or the directory itself). */
    public String scopeOf(Path dir) {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            real = dir.toAbsolutePath().normalize();
        }
        GitService.RepoState state = git.inspect(real);
        return normalise(state.isRepository() ? state.root() : real.toString());
    }

    /** Separators to {@code /} on Windows, no trailing separator (except for a root). */
    public static String normalise(String path) {
        String p = File.separatorChar == '\\' ? path.replace('\\', '/') : path;
        while (p.length() > 1 && p.endsWith("/") && !p.endsWith(":/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /**
     * Registers the project containing {@code dir}. A directory already registered (under this
     * or another spelling of its path) is not registered twice: its row is returned, renamed when
     * {@code name} is given and differs.
     */
    public Added add(Path dir, String name) {
        if (!Files.exists(dir)) {
            throw CsException.invalid("Directory not found: " + dir).with("path", dir.toString());
        }
        if (!Files.isDirectory(dir)) {
            throw CsException.invalid("Not a directory: " + dir).with("path", dir.toString());
        }
        String scope = scopeOf(dir);
        return db.write(c -> {
            Optional<TodayProject> existing = store.findByPath(c, scope);
            if (existing.isEmpty()) {
                existing = store.all(c).stream().filter(p -> sameDirectory(p.path(), scope)).findFirst();
            }
            if (existing.isPresent()) {
                TodayProject p = existing.get();
                if (name != null && !name.equals(p.name())) {
                    store.rename(c, p.id(), name);
                    return new Added(new TodayProject(p.id(), p.path(), name, p.addedAt()), false, true);
                }
                return new Added(p, false, false);
            }
            String effective = name != null ? name : TodayProject.lastSegment(scope);
            String now = Timestamps.now();
            long id = store.insert(c, scope, effective, now);
            return new Added(new TodayProject(id, scope, effective, now), true, false);
        });
    }

    /**
     * Unregisters the project at {@code dir} (which need not exist any more): the row stored
     * under that path, else under its canonical path or git top-level, else a row naming the same
     * directory another way. Empty when none matches.
     */
    public Optional<TodayProject> remove(Path dir) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(normalise(dir.toString()));
        if (Files.isDirectory(dir)) {
            try {
                keys.add(normalise(dir.toRealPath().toString()));
            } catch (IOException e) {
                // keep the absolute spelling only
            }
            keys.add(scopeOf(dir));
        }
        return db.write(c -> {
            for (String key : keys) {
                Optional<TodayProject> p = store.findByPath(c, key);
                if (p.isPresent()) {
                    store.delete(c, p.get().id());
                    return p;
                }
            }
            String canonical = keys.stream().reduce((a, b) -> b).orElseThrow();
            for (TodayProject p : store.all(c)) {
                if (sameDirectory(p.path(), canonical)) {
                    store.delete(c, p.id());
                    return Optional.of(p);
                }
            }
            return Optional.<TodayProject>empty();
        });
    }

    private static boolean sameDirectory(String a, String b) {
        try {
            Path pa = Path.of(a);
            Path pb = Path.of(b);
            return Files.isDirectory(pa) && Files.isDirectory(pb) && Files.isSameFile(pa, pb);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
