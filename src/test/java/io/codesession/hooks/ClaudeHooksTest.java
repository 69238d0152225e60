package io.codesession.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codesession.hooks.ClaudeHooks.Action;
import io.codesession.hooks.ClaudeHooks.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The merge rules of {@link ClaudeHooks} and the faithful round trip of {@link SettingsJson}. */
class ClaudeHooksTest {

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json) throws Exception {
        return (Map<String, Object>) SettingsJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    static String compact(Map<String, Object> root) {
        return io.codesession.common.Json.compact(root);
    }

    @Test
    void roundTripKeepsOrderNumbersAndUnicode() throws Exception {
        String text = "{\n  \"z\": 1.50,\n  \"a\": 1e3,\n  \"big\": 123456789012345678901234567890,\n  \"neg\": -0.0,\n"
                + "  \"s\": \"ünï ✓ \\\"q\\\" \\u0001\",\n  \"n\": null,\n  \"t\": true,\n  \"e\": {},\n  \"l\": []\n}\n";
        assertThat(SettingsJson.write(parse(text))).isEqualTo(text);
    }

    @Test
    void refusesWhatItCannotRewriteFaithfully() {
        for (String bad : new String[] {"{\"a\":1,\"a\":2}", "{\"a\":1} x", "{\"a\":1,}", "// c\n{}", "{'a':1}", "{\"a\":NaN}"}) {
            assertThatThrownBy(() -> SettingsJson.parse(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad).isInstanceOf(SettingsJson.InvalidJson.class);
        }
    }

    @Test
    void installAddsOursOnceAndKeepsEverythingElse() throws Exception {
        Map<String, Object> root = parse("{\"model\":\"opus\",\"hooks\":{\"Stop\":[{\"hooks\":[{\"type\":\"command\","
                + "\"command\":\"notify-send done\"}]}]},\"env\":{\"A\":\"1\"}}");
        Outcome first = ClaudeHooks.install(root, "cs");
        assertThat(first.changed()).isTrue();
        assertThat(first.actions()).extracting(Action::event, Action::action).containsExactly(
                org.assertj.core.groups.Tuple.tuple("SessionStart", "added"),
                org.assertj.core.groups.Tuple.tuple("PreToolUse", "added"),
                org.assertj.core.groups.Tuple.tuple("Stop", "added"),
                org.assertj.core.groups.Tuple.tuple("SessionEnd", "added"));
        assertThat(compact(root)).isEqualTo("{\"model\":\"opus\",\"hooks\":{\"Stop\":["
                + "{\"hooks\":[{\"type\":\"command\",\"command\":\"notify-send done\"}]},"
                + "{\"hooks\":[{\"type\":\"command\",\"command\":\"cs auto-log\",\"timeout\":60}]}],"
                + "\"SessionStart\":[{\"hooks\":[{\"type\":\"command\",\"command\":\"cs start \\\"Claude Code session\\\" "
                + "--resume --json\",\"timeout\":15}]}],"
                + "\"PreToolUse\":[{\"matcher\":\"*\",\"hooks\":[{\"type\":\"command\",\"command\":\"cs budget check --hook\","
                + "\"timeout\":10}]}],"
                + "\"SessionEnd\":[{\"hooks\":[{\"type\":\"command\",\"command\":\"cs end --here --json\",\"timeout\":30}]}]},"
                + "\"env\":{\"A\":\"1\"}}");
        String once = compact(root);
        Outcome second = ClaudeHooks.install(root, "cs");
        assertThat(second.changed()).isFalse();
        assertThat(second.actions()).extracting(Action::action).containsOnly("unchanged");
        assertThat(compact(root)).isEqualTo(once);
    }

    @Test
    void anotherExecutableUpdatesInPlaceAndDuplicatesCollapse() throws Exception {
        Map<String, Object> root = parse("{\"hooks\":{\"Stop\":[{\"hooks\":[{\"type\":\"command\",\"command\":\"cs auto-log\","
                + "\"timeout\":99},{\"type\":\"command\",\"command\":\"/usr/local/bin/cs auto-log\"}]}]}}");
        Outcome o = ClaudeHooks.install(root, "/opt/my tools/cs's");
        assertThat(o.actions()).filteredOn(a -> a.event().equals("Stop")).singleElement()
                .satisfies(a -> assertThat(a.action()).isEqualTo("updated"))
                .satisfies(a -> assertThat(a.command()).isEqualTo("'/opt/my tools/cs'\\''s' auto-log"));
        // The user's timeout is kept; the duplicate is gone.
        assertThat(compact(root)).startsWith("{\"hooks\":{\"Stop\":[{\"hooks\":[{\"type\":\"command\","
                + "\"command\":\"'/opt/my tools/cs'\\\\''s' auto-log\",\"timeout\":99}]}]");
        assertThat(ClaudeHooks.install(root, "/opt/my tools/cs's").changed()).isFalse();
        // The quoted executable is recognised again for removal.
        Outcome removed = ClaudeHooks.uninstall(root, "/opt/my tools/cs's");
        assertThat(removed.actions()).extracting(Action::action).containsOnly("removed");
        assertThat(compact(root)).isEqualTo("{}");
    }

    @Test
    void uninstallRemovesOnlyOursAndWhatItEmptied() throws Exception {
        Map<String, Object> root = parse("{\"hooks\":{\"PreToolUse\":[{\"matcher\":\"Bash\",\"hooks\":[{\"type\":\"command\","
                + "\"command\":\"guard.sh\"},{\"type\":\"command\",\"command\":\"cs budget check --hook\"}]}],"
                + "\"Stop\":[{\"hooks\":[{\"type\":\"command\",\"command\":\"cs auto-log --agent Mine\"}]}],"
                + "\"Notification\":[]},\"x\":1}");
        ClaudeHooks.install(root, "cs");
        Outcome o = ClaudeHooks.uninstall(root, "cs");
        assertThat(o.actions()).extracting(Action::action).containsOnly("removed");
        assertThat(o.actions()).filteredOn(a -> a.event().equals("PreToolUse")).hasSize(1);
        // guard.sh keeps its group; the hand-written cs hook is not ours (other arguments) and stays, and is reported.
        assertThat(compact(root)).isEqualTo("{\"hooks\":{\"PreToolUse\":[{\"matcher\":\"Bash\",\"hooks\":[{\"type\":\"command\","
                + "\"command\":\"guard.sh\"}]}],\"Stop\":[{\"hooks\":[{\"type\":\"command\",\"command\":\"cs auto-log --agent Mine\"}]}],"
                + "\"Notification\":[]},\"x\":1}");
        assertThat(o.others()).extracting(ClaudeHooks.Other::command).containsExactly("cs auto-log --agent Mine");
        Outcome again = ClaudeHooks.uninstall(root, "cs");
        assertThat(again.changed()).isFalse();
        assertThat(again.actions()).extracting(Action::action).containsOnly("absent");
    }

    @Test
    void othersWithOurArgumentsAreNotOurs() throws Exception {
        Map<String, Object> root = parse("{\"hooks\":{\"SessionEnd\":[{\"hooks\":[{\"type\":\"command\",\"command\":\"mytool end --here --json\"}]}]}}");
        ClaudeHooks.install(root, "cs");
        ClaudeHooks.uninstall(root, "cs");
        assertThat(compact(root)).isEqualTo("{\"hooks\":{\"SessionEnd\":[{\"hooks\":[{\"type\":\"command\","
                + "\"command\":\"mytool end --here --json\"}]}]}}");
    }

    @Test
    void unexpectedShapesAreRefusedForInstall() throws Exception {
        assertThatThrownBy(() -> ClaudeHooks.install(parse("{\"hooks\":[]}"), "cs"))
                .isInstanceOf(ClaudeHooks.Unmergeable.class).hasMessageContaining("\"hooks\" is not a JSON object");
        assertThatThrownBy(() -> ClaudeHooks.install(parse("{\"hooks\":{\"Stop\":{}}}"), "cs"))
                .isInstanceOf(ClaudeHooks.Unmergeable.class).hasMessageContaining("hooks.Stop");
        Map<String, Object> odd = parse("{\"hooks\":\"x\"}");
        assertThat(ClaudeHooks.uninstall(odd, "cs").changed()).isFalse();
    }

    @Test
    void firstWordParsing() {
        assertThat(ClaudeHooks.firstWord("cs auto-log")).containsExactly("cs", "auto-log");
        assertThat(ClaudeHooks.firstWord("'/a b/cs' end --json")).containsExactly("/a b/cs", "end --json");
        assertThat(ClaudeHooks.firstWord("\"/a b/cs\" end --json")).containsExactly("/a b/cs", "end --json");
        assertThat(ClaudeHooks.firstWord("'it'\\''s/cs' auto-log")).containsExactly("it's/cs", "auto-log");
        assertThat(ClaudeHooks.firstWord("cs")).isNull();
        assertThat(ClaudeHooks.firstWord("'unterminated auto-log")).isNull();
        assertThat(ClaudeHooks.shellWord("cs")).isEqualTo("cs");
        assertThat(ClaudeHooks.shellWord("/usr/local/bin/cs")).isEqualTo("/usr/local/bin/cs");
        assertThat(ClaudeHooks.shellWord("$(rm -rf ~)")).isEqualTo("'$(rm -rf ~)'");
    }
}
