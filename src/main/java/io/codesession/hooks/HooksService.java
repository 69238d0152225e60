package io.codesession.hooks;

import io.codesession.common.CsException;
import io.codesession.common.DataPaths;
import io.codesession.common.Input;
import io.codesession.hooks.ClaudeHooks.Outcome;
import io.codesession.hooks.ClaudeHooks.Unmergeable;
import io.codesession.hooks.SettingsJson.InvalidJson;
import io.codesession.session.SessionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code cs hooks install|uninstall claude}: reads a Claude Code settings file, merges our hooks
 * in (or takes them out) with {@link ClaudeHooks}, and writes it back atomically — or, for a dry
 * run, only returns the text it would write. A file that is not valid JSON, or whose
 * {@code hooks} has an unexpected shape, is refused and left untouched.
 */
@ApplicationScoped
public class HooksService {

    /** Longest executable path accepted for {@code --command}. */
    public static final int COMMAND_MAX = 4096;

    @Inject
    SessionService sessions;

    /** Which settings file: the project's shared one, the project's local (uncommitted) one, or the user's. */
    public enum Target {
        PROJECT, LOCAL, USER;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * What was done. {@code settings}/{@code text}: the resulting file (also for a dry run);
     * {@code written}: whether the file was written (changed and not a dry run).
     */
    public record Result(Path file, Target target, boolean existed, boolean dryRun, boolean written, Outcome outcome,
            Map<String, Object> settings, String text) {
    }

    /** The settings file of a target: {@code <scope>/.claude/settings[.local].json} or {@code ~/.claude/settings.json}. */
    public Path settingsFile(Target t) {
        return switch (t) {
            case USER -> DataPaths.home().resolve(".claude").resolve("settings.json");
            case PROJECT -> Path.of(sessions.scope(sessions.cwd()).directory(), ".claude", "settings.json");
            case LOCAL -> Path.of(sessions.scope(sessions.cwd()).directory(), ".claude", "settings.local.json");
        };
    }

    public Result install(Target t, String executable, boolean dryRun) {
        return apply(t, executable, dryRun, true);
    }

    public Result uninstall(Target t, String executable, boolean dryRun) {
        return apply(t, executable, dryRun, false);
    }

    private Result apply(Target t, String executable, boolean dryRun, boolean install) {
        Input.line(executable, COMMAND_MAX, "Command", false);
        Path file = settingsFile(t);
        boolean existed = Files.exists(file);
        Map<String, Object> root = read(file);
        Outcome outcome;
        try {
            outcome = install ? ClaudeHooks.install(root, executable) : ClaudeHooks.uninstall(root, executable);
        } catch (Unmergeable e) {
            throw new CsException(CsException.SETTINGS_FILE_INVALID, "Cannot merge the hooks into " + file + ": "
                    + e.getMessage() + ". Nothing was changed; fix the file by hand.").with("path", file.toString());
        }
        String text = SettingsJson.write(root);
        boolean write = outcome.changed() && !dryRun;
        if (write) {
            write(file, text);
        }
        return new Result(file, t, existed, dryRun, write, outcome, root, text);
    }

    /** The file's top-level object; an empty one when the file does not exist (or holds only white space). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path file) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new LinkedHashMap<>();
        } catch (AccessDeniedException e) {
            throw new CsException(CsException.IO_ERROR, "Cannot read " + file + ": permission denied");
        } catch (IOException e) {
            throw new CsException(CsException.IO_ERROR, "Cannot read " + file + ": " + e.getMessage());
        }
        if (new String(data, StandardCharsets.UTF_8).isBlank()) {
            return new LinkedHashMap<>();
        }
        Object value;
        try {
            value = SettingsJson.parse(data);
        } catch (InvalidJson e) {
            throw new CsException(CsException.SETTINGS_FILE_INVALID, file + " is not valid JSON (" + e.getMessage()
                    + "). Nothing was changed; fix the file by hand.").with("path", file.toString());
        }
        if (!(value instanceof Map)) {
            throw new CsException(CsException.SETTINGS_FILE_INVALID, file
                    + " does not hold a JSON object. Nothing was changed; fix the file by hand.").with("path", file.toString());
        }
        return (Map<String, Object>) value;
    }

    /**
     * Writes {@code text} atomically: a temporary file in the same directory, then a rename over
     * the target. A symbolic link is followed (its target is replaced, the link stays); an
     * existing file keeps its permissions, a new one gets rw-r--r--.
     */
    static void write(Path file, String text) {
        try {
            Path target = Files.exists(file) ? file.toRealPath() : file;
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Set<PosixFilePermission> perms = null;
            try {
                perms = Files.exists(target) ? Files.getPosixFilePermissions(target) : PosixFilePermissions.fromString("rw-r--r--");
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the default permissions
            }
            Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                if (perms != null) {
                    Files.setPosixFilePermissions(tmp, perms);
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (AccessDeniedException e) {
            throw new CsException(CsException.IO_ERROR, "Cannot write " + file + ": permission denied");
        } catch (IOException e) {
            throw new CsException(CsException.IO_ERROR, "Cannot write " + file + ": " + e.getMessage());
        }
    }
}
