package io.codesession.today;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesession.today.TodoScanner.Syntax;
import io.codesession.today.TodoScanner.TodoItem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TodoScannerTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "// TODO: cap retries|SLASH|TODO|cap retries",
        "  x = 1; // FIXME handle null|SLASH|FIXME|handle null",
        "/* HACK: works around #12 */|SLASH|HACK|works around #12",
        "   * XXX: revisit|SLASH|XXX|revisit",
        "/** TODO(alice): split this */|SLASH|TODO|split this",
        "// todo: lower case with colon|SLASH|TODO|lower case with colon",
        "# TODO: python comment|HASH|TODO|python comment",
        "value = 3  # FIXME tune|HASH|FIXME|tune",
        "-- TODO: index this|DASH|TODO|index this",
        "<!-- TODO: rewrite intro -->|HTML|TODO|rewrite intro",
        "<!-- FIXME -->|MIXED|FIXME|''",
        "// TODO|SLASH|TODO|''",
    })
    void matchesCommentMarkers(String line, Syntax syntax, String type, String text) {
        assertThat(TodoScanner.match(line, syntax)).containsExactly(type, text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "see https://example.com/TODO: nothing|SLASH",
        "# TODO list|HTML",
        "## FIXME section heading|MIXED",
        "// hack around the parser|SLASH",
        "// Todo list for later|SLASH",
        "const TODO_COUNT = 3; // counts|SLASH",
        "// TODOS: plural is not a marker|SLASH",
        "x-- TODO: decrement is not a comment|DASH",
        "a * TODO: multiplication|SLASH",
        "\"#TODO: inside a string\"|HASH",
    })
    void ignoresNonComments(String line, Syntax syntax) {
        assertThat(TodoScanner.match(line, syntax)).isNull();
    }

    @Test
    void syntaxByExtension() {
        assertThat(TodoScanner.syntaxOf("a.TS")).isEqualTo(Syntax.SLASH);
        assertThat(TodoScanner.syntaxOf("README.md")).isEqualTo(Syntax.HTML);
        assertThat(TodoScanner.syntaxOf("deploy.yml")).isEqualTo(Syntax.HASH);
        assertThat(TodoScanner.syntaxOf("App.vue")).isEqualTo(Syntax.MIXED);
        assertThat(TodoScanner.syntaxOf("image.png")).isNull();
        assertThat(TodoScanner.syntaxOf("Makefile")).isNull();
    }

    @Test
    void recentFilesFirstWithinTheProjectsOwnWindowAndCapped() throws IOException {
        Instant base = Instant.parse("2026-03-06T08:00:00Z");
        write("new.ts", "// TODO: newest\n", base);
        write("mid.py", "# FIXME: middle\n# TODO: second in file\n", base.minus(Duration.ofHours(10)));
        write("same-time-b.ts", "// HACK: b\n", base.minus(Duration.ofHours(20)));
        write("same-time-a.ts", "// HACK: a\n", base.minus(Duration.ofHours(20)));
        write("old.ts", "// TODO: too old\n", base.minus(Duration.ofHours(49)));
        write("big.ts", "// TODO: too big\n" + "x".repeat((int) TodoScanner.MAX_BYTES), base);
        writeBytes("binary.ts", new byte[] {'/', '/', ' ', 'T', 'O', 'D', 'O', ':', ' ', 'b', 0, 1}, base);

        List<TodoItem> items = TodoScanner.scan(tmp, null);
        assertThat(items).extracting(TodoItem::file, TodoItem::line, TodoItem::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple("new.ts", 1, "newest"),
                org.assertj.core.groups.Tuple.tuple("mid.py", 1, "middle"),
                org.assertj.core.groups.Tuple.tuple("mid.py", 2, "second in file"),
                org.assertj.core.groups.Tuple.tuple("same-time-a.ts", 1, "a"),
                org.assertj.core.groups.Tuple.tuple("same-time-b.ts", 1, "b"));
        assertThat(items.getFirst().modifiedAt()).isEqualTo("2026-03-06T08:00:00.000Z");
    }

    @Test
    void aProjectLeftAloneForAWeekStillShowsItsLastTodos() throws IOException {
        Instant weekAgo = Instant.now().minus(Duration.ofDays(7));
        write("src/a.ts", "// TODO: pick this up\n", weekAgo);
        assertThat(TodoScanner.scan(tmp, null)).extracting(TodoItem::text).containsExactly("pick this up");
    }

    @Test
    void atMostTwentyItems() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            sb.append("// TODO: item ").append(i).append('\n');
        }
        write("many.ts", sb.toString(), Instant.now());
        write("other.ts", "// TODO: never reached\n", Instant.now().minusSeconds(60));
        List<TodoItem> items = TodoScanner.scan(tmp, null);
        assertThat(items).hasSize(TodoScanner.MAX_ITEMS);
        assertThat(items.getLast().text()).isEqualTo("item 19");
    }

    @Test
    void walkSkipsHiddenDependencyAndDeepDirectoriesAndLinks() throws IOException {
        Instant now = Instant.now();
        write("node_modules/lib/index.js", "// TODO: dependency\n", now);
        write(".hidden/a.ts", "// TODO: hidden\n", now);
        write("target/gen.java", "// TODO: build output\n", now);
        write("a/b/c/d/shallow.ts", "// TODO: depth four\n", now);
        write("a/b/c/d/e/deep.ts", "// TODO: depth five\n", now);
        Path outside = Files.createTempDirectory(tmp.getParent(), "outside");
        Files.writeString(outside.resolve("linked.ts"), "// TODO: via link\n");
        Files.createSymbolicLink(tmp.resolve("link"), outside);
        Files.createSymbolicLink(tmp.resolve("file-link.ts"), outside.resolve("linked.ts"));
        assertThat(TodoScanner.scan(tmp, null)).extracting(TodoItem::file).containsExactly("a/b/c/d/shallow.ts");
    }

    @Test
    void gitModeReadsOnlyTheGivenFiles() throws IOException {
        Instant now = Instant.now();
        write("tracked.ts", "// TODO: tracked\n", now);
        write("ignored.ts", "// TODO: ignored by git\n", now);
        List<String> files = new ArrayList<>(List.of("tracked.ts", "missing.ts"));
        assertThat(TodoScanner.scan(tmp, files)).extracting(TodoItem::file).containsExactly("tracked.ts");
    }

    private void write(String rel, String content, Instant mtime) throws IOException {
        writeBytes(rel, content.getBytes(StandardCharsets.UTF_8), mtime);
    }

    private void writeBytes(String rel, byte[] content, Instant mtime) throws IOException {
        Path p = tmp.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        Files.setLastModifiedTime(p, FileTime.from(mtime));
    }
}
