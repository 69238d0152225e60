package io.codesession.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codesession.common.CsException;
import io.codesession.usage.AiUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunServiceTest {

    @TempDir
    Path tmp;

    @Test
    void derivedNamesJoinTheCommandLineAndStayShort() {
        assertThat(RunService.derivedName(List.of("claude", "--resume"))).isEqualTo("claude --resume");
        assertThat(RunService.derivedName(List.of("sh", "-c", "a\nb\tc"))).isEqualTo("sh -c a b c");
        String longName = RunService.derivedName(List.of("x".repeat(119) + "😀😀"));
        assertThat(longName.codePointCount(0, longName.length())).isEqualTo(120);
        assertThat(longName).endsWith("x😀");
        assertThat(RunService.derivedName(List.of(""))).isEqualTo("cs run");
    }

    @Test
    void executablesAreFoundOnPathLikeAShellWould() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path tool = bin.resolve("tool");
        Files.writeString(tool, "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path plain = bin.resolve("plain");
        Files.writeString(plain, "x");
        RunService.checkExecutable("tool", "/nonexistent:" + bin, tmp);
        RunService.checkExecutable("bin/tool", "", tmp);
        assertThatThrownBy(() -> RunService.checkExecutable("nope", bin.toString(), tmp))
                .isInstanceOfSatisfying(CsException.class, e -> {
                    assertThat(e.code()).isEqualTo(RunService.COMMAND_NOT_FOUND);
                    assertThat(e.extras().get("exitCode")).isEqualTo(127);
                });
        assertThatThrownBy(() -> RunService.checkExecutable("plain", bin.toString(), tmp))
                .isInstanceOfSatisfying(CsException.class, e -> assertThat(e.extras().get("exitCode")).isEqualTo(126));
        assertThatThrownBy(() -> RunService.checkExecutable("./bin", "", tmp))
                .isInstanceOfSatisfying(CsException.class, e -> assertThat(e.extras().get("exitCode")).isEqualTo(126));
        assertThatThrownBy(() -> RunService.checkExecutable("", bin.toString(), tmp)).isInstanceOf(CsException.class);
    }

    @Test
    void modelsAreAggregatedAndOrderedByCost() {
        List<AiUsage> rows = List.of(
                new AiUsage(1, 1, "anthropic", "a", 100, 50L, 50L, 0.5, null, "t"),
                new AiUsage(2, 1, "openai", "b", 1000, 900L, 100L, 0.3, null, "t"),
                new AiUsage(3, 1, "openai", "b", 1000, 900L, 100L, 0.3, null, "t"));
        List<RunService.ModelUsage> m = RunService.models(rows);
        assertThat(m).extracting(RunService.ModelUsage::model).containsExactly("b", "a");
        assertThat(m.getFirst().requests()).isEqualTo(2);
        assertThat(m.getFirst().tokens()).isEqualTo(2000);
        assertThat(m.getFirst().cost()).isEqualTo(0.6);
    }
}
