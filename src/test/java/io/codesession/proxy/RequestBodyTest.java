package io.codesession.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestBodyTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static String inject(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        byte[] out = RequestBody.withIncludeUsage(b, RequestBody.read(b));
        return out == null ? null : new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void addsStreamOptionsToAStreamedRequestAndChangesNothingElse() throws Exception {
        String body = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"é } {\"}],"
                + "\"temperature\":0.70000000000000001,\"n\":1e2}";
        String out = inject(body);
        assertThat(out).isEqualTo(body.substring(0, body.length() - 1) + ",\"stream_options\":{\"include_usage\":true}}");
        JsonNode n = MAPPER.readTree(out);
        assertThat(n.path("stream_options").path("include_usage").asBoolean()).isTrue();
    }

    @Test
    void completesOrFixesExistingStreamOptions() {
        assertThat(inject("{\"stream\":true,\"stream_options\":{}}"))
                .isEqualTo("{\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        assertThat(inject("{\"stream\":true,\"stream_options\":{ \"x\" : 1 } }"))
                .isEqualTo("{\"stream\":true,\"stream_options\":{ \"x\" : 1 ,\"include_usage\":true} }");
        assertThat(inject("{\"stream\":true,\"stream_options\":{\"include_usage\":false,\"y\":[1]}}"))
                .isEqualTo("{\"stream\":true,\"stream_options\":{\"include_usage\":true,\"y\":[1]}}");
        assertThat(inject("{\"stream_options\":{\"include_usage\":null},\"stream\":true}"))
                .isEqualTo("{\"stream_options\":{\"include_usage\":true},\"stream\":true}");
        assertThat(inject("{\"stream\":true,\"stream_options\":null}"))
                .isEqualTo("{\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    }

    @Test
    void leavesRequestsAloneThatNeedNoChangeOrCannotBeChangedSafely() {
        assertThat(inject("{\"stream\":true,\"stream_options\":{\"include_usage\":true}}")).isNull();
        assertThat(inject("{\"stream\":false}")).isNull();
        assertThat(inject("{\"stream\":\"true\"}")).isNull();
        assertThat(inject("{\"model\":\"x\"}")).isNull();
        assertThat(inject("{\"stream\":true,\"stream_options\":\"bad\"}")).isNull();
        assertThat(inject("{\"stream\":true,\"stream_options\":{\"include_usage\":\"yes\"}}")).isNull();
        assertThat(inject("{\"stream\":true")).isNull();
        assertThat(inject("{\"stream\":true} trailing")).isNull();
        assertThat(inject("[1]")).isNull();
        assertThat(inject("")).isNull();
        assertThat(inject("model=x&stream=true")).isNull();
    }

    @Test
    void readsTheRequestedModel() {
        assertThat(RequestBody.read("{\"messages\":[{\"model\":\"inner\"}],\"model\":\"claude-sonnet-4-5\"}"
                .getBytes(StandardCharsets.UTF_8)).model()).isEqualTo("claude-sonnet-4-5");
        assertThat(RequestBody.read("{\"model\":7}".getBytes(StandardCharsets.UTF_8)).model()).isNull();
    }
}
