package io.codesession.hooks;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The codesession hooks of Claude Code's {@code settings.json} and how they are merged into, and
 * removed from, what the file already holds. Pure: works on the parsed tree of {@link SettingsJson}.
 *
 * <p>A hook is <em>ours</em> when it is a {@code command} hook of one of our events whose command
 * is {@code <executable> <our arguments for that event>}, the executable being one shell word
 * named {@code cs} (any directory) or the executable given with {@code --command}. Everything
 * else, other codesession hooks written by hand included, is left exactly as it is.
 */
public final class ClaudeHooks {

    /** Our hooks, in life-cycle order: event, arguments after the executable, matcher (or null), timeout in seconds. */
    public enum Hook {
        SESSION_START("SessionStart", "start \"Claude Code session\" --resume --json", null, 15),
        PRE_TOOL_USE("PreToolUse", "budget check --hook", "*", 10),
        STOP("Stop", "auto-log", null, 60),
        SESSION_END("SessionEnd", "end --here --json", null, 30);

        public final String event;
        public final String arguments;
        public final String matcher;
        public final int timeout;

        Hook(String event, String arguments, String matcher, int timeout) {
            this.event = event;
            this.arguments = arguments;
            this.matcher = matcher;
            this.timeout = timeout;
        }

        public String command(String executable) {
            return shellWord(executable) + " " + arguments;
        }
    }

    /** What happened to one of our hooks: {@code added}, {@code updated}, {@code unchanged}, {@code removed}, {@code absent}. */
    public record Action(String event, String command, String action) {
    }

    /** A command hook that mentions codesession but is not one of ours (left as it is). */
    public record Other(String event, String command) {
    }

    public record Outcome(List<Action> actions, List<Other> others) {
        public boolean changed() {
            return actions.stream().anyMatch(a -> !a.action().equals("unchanged") && !a.action().equals("absent"));
        }
    }

    /** A structure we cannot merge into without guessing; the file must be fixed by hand. */
    public static final class Unmergeable extends Exception {
        public Unmergeable(String message) {
            super(message, null, false, false);
        }
    }

    private static final Pattern SAFE_WORD = Pattern.compile("[A-Za-z0-9_./+:@%=,-]+");
    private static final Pattern MENTIONS_CS = Pattern.compile(
            "(^|[\\s;&|/'\"(])cs\\s+(start|end|auto-log|budget|log-ai|status|note)\\b|codesession");

    private ClaudeHooks() {
    }

    /** Adds our hooks to {@code root} (modified in place) once; a second install changes nothing. */
    public static Outcome install(Map<String, Object> root, String executable) throws Unmergeable {
        Map<String, Object> hooks = hooksObject(root);
        List<Action> actions = new ArrayList<>();
        for (Hook h : Hook.values()) {
            List<Object> groups = eventArray(hooks, h.event);
            String want = h.command(executable);
            List<Found> found = find(groups, h, executable);
            if (found.isEmpty()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("type", "command");
                entry.put("command", want);
                entry.put("timeout", h.timeout);
                Map<String, Object> group = new LinkedHashMap<>();
                if (h.matcher != null) {
                    group.put("matcher", h.matcher);
                }
                group.put("hooks", new ArrayList<>(List.of(entry)));
                groups.add(group);
                actions.add(new Action(h.event, want, "added"));
                continue;
            }
            boolean updated = false;
            Found first = found.getFirst();
            if (!want.equals(first.entry.get("command"))) {
                first.entry.put("command", want);
                updated = true;
            }
            // Duplicates of ours (e.g. installed with two different executables) go: one is enough.
            for (int i = found.size() - 1; i >= 1; i--) {
                remove(found.get(i));
                updated = true;
            }
            removeEmptiedGroups(groups, found.subList(1, found.size()));
            actions.add(new Action(h.event, want, updated ? "updated" : "unchanged"));
        }
        return new Outcome(actions, others(root, executable));
    }

    /**
     * Removes our hooks from {@code root} (in place), and the containers that removing them left
     * empty. A structure that cannot hold our hooks simply has none.
     */
    @SuppressWarnings("unchecked")
    public static Outcome uninstall(Map<String, Object> root, String executable) {
        List<Action> actions = new ArrayList<>();
        Map<String, Object> hooks = root.get("hooks") instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        for (Hook h : Hook.values()) {
            List<Object> groups = hooks != null && hooks.get(h.event) instanceof List<?> l ? (List<Object>) l : null;
            List<Found> found = groups == null ? List.of() : find(groups, h, executable);
            if (found.isEmpty()) {
                actions.add(new Action(h.event, h.command(executable), "absent"));
                continue;
            }
            for (int i = found.size() - 1; i >= 0; i--) {
                remove(found.get(i));
                actions.add(new Action(h.event, (String) found.get(i).entry.get("command"), "removed"));
            }
            removeEmptiedGroups(groups, found);
            if (groups.isEmpty()) {
                hooks.remove(h.event);
            }
        }
        if (hooks != null && hooks.isEmpty() && actions.stream().anyMatch(a -> a.action().equals("removed"))) {
            root.remove("hooks");
        }
        return new Outcome(actions, others(root, executable));
    }

    /** The executable as one shell word: as it is when safe, else single-quoted. */
    public static String shellWord(String s) {
        if (SAFE_WORD.matcher(s).matches()) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Whether {@code command} is our hook {@code h} (see the class comment). */
    static boolean isOurs(String command, Hook h, String executable) {
        String[] split = firstWord(command);
        if (split == null || !split[1].equals(h.arguments)) {
            return false;
        }
        String exe = split[0];
        String base = exe.substring(exe.lastIndexOf('/') + 1);
        return base.equals("cs") || exe.equals(executable);
    }

    /** {word, rest}: the first shell word unquoted (plain, '…' or "…" without escapes) and what follows one space. */
    static String[] firstWord(String command) {
        String word;
        int end;
        if (command.startsWith("'")) {
            int close = command.indexOf('\'', 1);
            if (close < 0) {
                return null;
            }
            // 'a'\''b' (an embedded quote, as shellWord writes it)
            StringBuilder sb = new StringBuilder(command.substring(1, close));
            end = close + 1;
            while (command.startsWith("\\''", end)) {
                int next = command.indexOf('\'', end + 3);
                if (next < 0) {
                    return null;
                }
                sb.append('\'').append(command, end + 3, next);
                end = next + 1;
            }
            word = sb.toString();
        } else if (command.startsWith("\"")) {
            int close = command.indexOf('"', 1);
            if (close < 0 || command.substring(1, close).contains("\\")) {
                return null;
            }
            word = command.substring(1, close);
            end = close + 1;
        } else {
            int sp = command.indexOf(' ');
            if (sp <= 0) {
                return null;
            }
            word = command.substring(0, sp);
            end = sp;
        }
        if (end >= command.length() || command.charAt(end) != ' ') {
            return null;
        }
        return new String[] {word, command.substring(end + 1)};
    }

    private record Found(List<Object> groupHooks, Map<String, Object> group, Map<String, Object> entry) {
    }

    @SuppressWarnings("unchecked")
    private static List<Found> find(List<Object> groups, Hook h, String executable) {
        List<Found> out = new ArrayList<>();
        for (Object g : groups) {
            if (!(g instanceof Map<?, ?> group) || !(group.get("hooks") instanceof List<?> list)) {
                continue;
            }
            for (Object e : list) {
                if (e instanceof Map<?, ?> entry && "command".equals(entry.get("type"))
                        && entry.get("command") instanceof String cmd && isOurs(cmd, h, executable)) {
                    out.add(new Found((List<Object>) list, (Map<String, Object>) group, (Map<String, Object>) entry));
                }
            }
        }
        return out;
    }

    private static void remove(Found f) {
        for (Iterator<Object> it = f.groupHooks.iterator(); it.hasNext(); ) {
            if (it.next() == f.entry) {
                it.remove();
                return;
            }
        }
    }

    /** Drops the groups whose hook list became empty because we removed from it (not groups that were empty before). */
    private static void removeEmptiedGroups(List<Object> groups, List<Found> removedFrom) {
        for (Found f : removedFrom) {
            if (f.groupHooks.isEmpty()) {
                groups.removeIf(g -> g == f.group);
            }
        }
    }

    /** The object under {@code key}, created when absent (or null); an error when it is something else. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> hooksObject(Map<String, Object> root) throws Unmergeable {
        Object v = root.get("hooks");
        if (v == null) {
            Map<String, Object> m = new LinkedHashMap<>();
            root.put("hooks", m);
            return m;
        }
        if (!(v instanceof Map)) {
            throw new Unmergeable("\"hooks\" is not a JSON object");
        }
        return (Map<String, Object>) v;
    }

    /** The event's list of matcher groups, created when absent (or null); an error when it is something else. */
    @SuppressWarnings("unchecked")
    private static List<Object> eventArray(Map<String, Object> hooks, String event) throws Unmergeable {
        Object v = hooks.get(event);
        if (v == null) {
            List<Object> l = new ArrayList<>();
            hooks.put(event, l);
            return l;
        }
        if (!(v instanceof List)) {
            throw new Unmergeable("\"hooks." + event + "\" is not a JSON array");
        }
        return (List<Object>) v;
    }

    /** Command hooks anywhere under "hooks" that mention codesession (or run cs) but are not ours. */
    private static List<Other> others(Map<String, Object> root, String executable) {
        List<Other> out = new ArrayList<>();
        if (!(root.get("hooks") instanceof Map<?, ?> hooks)) {
            return out;
        }
        for (Map.Entry<?, ?> ev : hooks.entrySet()) {
            if (!(ev.getValue() instanceof List<?> groups)) {
                continue;
            }
            String event = String.valueOf(ev.getKey());
            for (Object g : groups) {
                if (!(g instanceof Map<?, ?> group) || !(group.get("hooks") instanceof List<?> list)) {
                    continue;
                }
                for (Object e : list) {
                    if (e instanceof Map<?, ?> entry && entry.get("command") instanceof String cmd
                            && MENTIONS_CS.matcher(cmd).find() && !isOursAnywhere(cmd, event, executable)) {
                        out.add(new Other(event, cmd));
                    }
                }
            }
        }
        return out;
    }

    private static boolean isOursAnywhere(String command, String event, String executable) {
        for (Hook h : Hook.values()) {
            if (h.event.equals(event) && isOurs(command, h, executable)) {
                return true;
            }
        }
        return false;
    }
}
