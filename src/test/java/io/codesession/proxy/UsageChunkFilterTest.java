package io.codesession.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UsageChunkFilterTest {

    static final String A = "data: {\"id\":\"c\",\"choices\":[{\"delta\":{\"content\":\"usage\"}}],\"usage\":null}\n\n";
    static final String FILTERS = "data: {\"id\":\"c\",\"choices\":[],\"prompt_filter_results\":[]}\n\n";
    static final String USAGE = "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2}}\n\n";
    static final String DONE = "data: [DONE]\n\n";

    static String run(String input, int piece, int max) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        UsageChunkFilter f = new UsageChunkFilter(out, max);
        byte[] b = input.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i += piece) {
            f.write(b, i, Math.min(piece, b.length - i));
        }
        f.finish();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void dropsOnlyTheAddedUsageChunk() throws Exception {
        for (int piece : new int[] {1, 2, 9, 1 << 16}) {
            assertThat(run(A + FILTERS + A + USAGE + DONE, piece, 1 << 20)).isEqualTo(A + FILTERS + A + DONE);
            String crlf = (A + USAGE + DONE).replace("\n", "\r\n");
            assertThat(run(crlf, piece, 1 << 20)).isEqualTo((A + DONE).replace("\n", "\r\n"));
        }
    }

    @Test
    void forwardsCompleteEventsAsSoonAsTheyEnd() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        UsageChunkFilter f = new UsageChunkFilter(out, 1 << 20);
        byte[] b = (A + "data: {\"partial").getBytes(StandardCharsets.UTF_8);
        f.write(b, 0, b.length);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(A);
    }

    @Test
    void anEventBeyondTheCapEndsFilteringWithoutLosingBytes() throws Exception {
        String big = "data: " + "x".repeat(100) + "\n\n";
        assertThat(run(A + big + USAGE, 7, 50)).isEqualTo(A + big + USAGE);
        assertThat(run("trailing without blank line", 3, 1 << 20)).isEqualTo("trailing without blank line");
    }
}
