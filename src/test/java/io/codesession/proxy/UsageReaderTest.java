package io.codesession.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesession.usage.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SSE assembly and the usage each API reports. */
class UsageReaderTest {

    static Observed stream(Route.Api api, String sse, int pieceSize) {
        UsageReader reader = new UsageReader(api);
        SseReader events = new SseReader(reader, 1 << 20);
        byte[] b = sse.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i += pieceSize) {
            events.accept(b, i, Math.min(pieceSize, b.length - i));
        }
        events.end();
        return reader.result("requested-model");
    }

    static Observed json(Route.Api api, String body) {
        UsageReader reader = new UsageReader(api);
        JsonCapture c = new JsonCapture(reader, 1 << 20);
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        c.accept(b, 0, b.length);
        c.end();
        return reader.result("requested-model");
    }

    @Test
    void sseEventsAreAssembledAcrossReadsAndLineEndings() {
        List<String> got = new ArrayList<>();
        SseReader r = new SseReader((d, n) -> got.add(new String(d, 0, n, StandardCharsets.UTF_8)), 1 << 20);
        String s = ": comment\r\nevent: x\r\ndata: {\"a\":\"é世\"}\r\n\r\ndata:first\ndata: second\n\nid: 1\rdata: cr\r\rdata: last";
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (byte x : b) { // one byte at a time: multi-byte characters are split
            r.accept(new byte[] {x}, 0, 1);
        }
        r.end();
        assertThat(got).containsExactly("{\"a\":\"é世\"}", "first\nsecond", "cr", "last");
    }

    @Test
    void anOversizedEventIsSkippedAndCounted() {
        List<String> got = new ArrayList<>();
        SseReader r = new SseReader((d, n) -> got.add(new String(d, 0, n, StandardCharsets.UTF_8)), 10);
        byte[] b = "data: 0123456789ABCDEF\n\ndata: ok\n\n".getBytes(StandardCharsets.UTF_8);
        r.accept(b, 0, b.length);
        r.end();
        assertThat(got).containsExactly("ok");
        assertThat(r.oversized()).isEqualTo(1);
    }

    @Test
    void anthropicStreamUsesMessageStartAndTheLastMessageDelta() {
        String sse = """
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_1","model":"claude-opus-4-1-20250805","usage":{"input_tokens":5,"cache_creation_input_tokens":40,"cache_read_input_tokens":300,"cache_creation":{"ephemeral_5m_input_tokens":10,"ephemeral_1h_input_tokens":30},"output_tokens":1}}}

                event: content_block_delta
                data: {"type":"content_block_delta","delta":{"type":"text_delta","text":"the usage field"}}

                event: message_delta
                data: {"type":"message_delta","delta":{},"usage":{"output_tokens":12}}

                event: message_delta
                data: {"type":"message_delta","delta":{},"usage":{"input_tokens":6,"cache_read_input_tokens":301,"output_tokens":99}}

                event: message_stop
                data: {"type":"message_stop"}

                """;
        for (int piece : new int[] {1, 7, 100000}) {
            Observed o = stream(Route.Api.MESSAGES, sse, piece);
            assertThat(o.provider()).isEqualTo(Provider.ANTHROPIC);
            assertThat(o.id()).isEqualTo("msg_1");
            assertThat(o.model()).isEqualTo("claude-opus-4-1-20250805");
            assertThat(o.usage()).isEqualTo(new TokenUsage(6, 99, 10, 30, 301));
        }
    }

    @Test
    void openAiChatStreamTakesTheUsageChunkAndSplitsCachedTokens() {
        String sse = "data: {\"id\":\"c1\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"delta\":{\"content\":\"x\"}}],\"usage\":null}\n\n"
                + "data: {\"id\":\"c1\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":100,"
                + "\"completion_tokens\":7,\"prompt_tokens_details\":{\"cached_tokens\":64}}}\n\n"
                + "data: [DONE]\n\n";
        Observed o = stream(Route.Api.CHAT_COMPLETIONS, sse, 5);
        assertThat(o.provider()).isEqualTo(Provider.OPENAI);
        assertThat(o.id()).isEqualTo("c1");
        assertThat(o.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(o.usage()).isEqualTo(new TokenUsage(36, 7, 0, 0, 64));
    }

    @Test
    void responsesStreamCountsCompletedIncompleteAndFailedResponses() {
        for (String type : List.of("response.completed", "response.incomplete", "response.failed")) {
            String sse = "event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"model\":\"o3\",\"usage\":null}}\n\n"
                    + "event: " + type + "\ndata: {\"type\":\"" + type + "\",\"response\":{\"id\":\"resp_1\",\"model\":\"o3-2025-04-16\","
                    + "\"usage\":{\"input_tokens\":10,\"input_tokens_details\":{\"cached_tokens\":4},\"output_tokens\":3}}}\n\n";
            Observed o = stream(Route.Api.RESPONSES, sse, 3);
            assertThat(o.id()).isEqualTo("resp_1");
            assertThat(o.model()).isEqualTo("o3-2025-04-16");
            assertThat(o.usage()).isEqualTo(new TokenUsage(6, 3, 0, 0, 4));
        }
        assertThat(stream(Route.Api.RESPONSES, "data: {\"type\":\"response.created\",\"response\":{\"usage\":null}}\n\n", 4)).isNull();
    }

    @Test
    void jsonBodiesOfEachApi() {
        assertThat(json(Route.Api.MESSAGES, "{\"id\":\"m\",\"model\":\"claude-haiku-4-5\",\"usage\":{\"input_tokens\":3,\"output_tokens\":4,"
                + "\"cache_creation_input_tokens\":5}}").usage()).isEqualTo(new TokenUsage(3, 4, 5, 0, 0));
        assertThat(json(Route.Api.CHAT_COMPLETIONS, "{\"id\":\"c\",\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}").model())
                .isEqualTo("requested-model"); // no model in the response: the request's
        assertThat(json(Route.Api.RESPONSES, "{\"id\":\"r\",\"model\":\"gpt-5\",\"usage\":{\"input_tokens\":8,\"output_tokens\":1}}")
                .usage()).isEqualTo(new TokenUsage(8, 1, 0, 0, 0));
        assertThat(json(Route.Api.MESSAGES, "{\"type\":\"error\",\"error\":{}}")).isNull();
        assertThat(json(Route.Api.MESSAGES, "{\"usage\":{\"input_tokens\":-1}}")).isNull();
        assertThat(json(Route.Api.MESSAGES, "{\"usage\":{\"input_tokens\":0,\"output_tokens\":0}}")).isNull();
        assertThat(json(Route.Api.MESSAGES, "not json")).isNull();
    }

    @Test
    void jsonCaptureBeyondItsCapReadsNothing() {
        UsageReader reader = new UsageReader(Route.Api.MESSAGES);
        JsonCapture c = new JsonCapture(reader, 16);
        byte[] b = "{\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}".getBytes(StandardCharsets.UTF_8);
        c.accept(b, 0, b.length);
        c.end();
        assertThat(c.overflow()).isTrue();
        assertThat(reader.result(null)).isNull();
    }
}
