package io.codesession.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void compactKeepsOrderAndEscapes() {
        Json.Obj o = Json.obj().add("b", 1).add("a", "x\"y\\z\n\u0001").add("n", null).add("d", 0.1 + 0.2)
                .add("inf", Double.POSITIVE_INFINITY).add("l", List.of()).add("e", Json.obj()).add("t", true);
        assertThat(Json.compact(o)).isEqualTo(
                "{\"b\":1,\"a\":\"x\\\"y\\\\z\\n\\u0001\",\"n\":null,\"d\":0.30000000000000004,\"inf\":null,"
                        + "\"l\":[],\"e\":{},\"t\":true}");
    }

    @Test
    void prettyMatchesJsonStringifyTwoSpaces() {
        Json.Obj o = Json.obj().add("id", 1).add("list", List.of(1, Json.obj().add("k", "v"))).add("empty", List.of());
        assertThat(Json.pretty(o)).isEqualTo("""
                {
                  "id": 1,
                  "list": [
                    1,
                    {
                      "k": "v"
                    }
                  ],
                  "empty": []
                }""");
    }

    @Test
    void unicodeIsKeptAndLoneSurrogatesEscaped() {
        assertThat(Json.compact("漢字 😀")).isEqualTo("\"漢字 😀\"");
        assertThat(Json.compact("a\uD800b")).isEqualTo("\"a\\ud800b\"");
    }
}
