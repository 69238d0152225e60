package io.codesession.dashboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts of the HTTP layer: path decoding, parameters, templates, header checks. */
class HttpLayerTest {

    @Test
    void pathsAreDecodedPerSegmentAndDotSegmentsRefused() {
        assertThat(UrlEncoding.pathSegments("/")).isEmpty();
        assertThat(UrlEncoding.pathSegments("/api//v1/stats/")).containsExactly("api", "v1", "stats");
        assertThat(UrlEncoding.pathSegments("/api/v1/pricing/azure%2Fgpt-4o")).containsExactly("api", "v1", "pricing", "azure/gpt-4o");
        assertThat(UrlEncoding.pathSegments("/a+b/my%20model/%25")).containsExactly("a+b", "my model", "%");
        for (String bad : List.of("/..", "/a/../b", "/a/./b", "/%2e%2e/x", "/a/.%2E", "/x/..%2fetc", "/x/a%2F..%2Fb", "/a%5cb",
                "/a%00", "/a%0d%0ab", "/%zz", "/a%")) {
            assertThatThrownBy(() -> UrlEncoding.pathSegments(bad)).as(bad).isInstanceOf(HttpError.class)
                    .satisfies(e -> assertThat(((HttpError) e).status()).isEqualTo(400));
        }
        assertThat(UrlEncoding.pathSegments("/a/..b/c..")).containsExactly("a", "..b", "c..");
    }

    @Test
    void parametersKeepOrderAndRepeatsAndAreCapped() {
        Map<String, List<String>> p = UrlEncoding.parameters("b=2&a=1+1&b=%33&flag&=x&&c=%E2%82%AC");
        assertThat(p.keySet()).containsExactly("b", "a", "flag", "", "c");
        assertThat(p.get("b")).containsExactly("2", "3");
        assertThat(p.get("a")).containsExactly("1 1");
        assertThat(p.get("flag")).containsExactly("");
        assertThat(p.get("c")).containsExactly("€");
        assertThat(UrlEncoding.parameters(null)).isEmpty();
        assertThatThrownBy(() -> UrlEncoding.parameters("a=%zz")).isInstanceOf(HttpError.class);
        assertThatThrownBy(() -> UrlEncoding.parameters("a=1&".repeat(UrlEncoding.MAX_PARAMS + 1))).isInstanceOf(HttpError.class)
                .hasMessageContaining("parameters");
        assertThat(UrlEncoding.parameters("a=1&".repeat(UrlEncoding.MAX_PARAMS)).get("a")).hasSize(UrlEncoding.MAX_PARAMS);
    }

    @Test
    void templatesMatchSegmentsAndRestParameters() {
        List<String> diff = List.of("api", "v1", "sessions", "{id}", "commits", "{hash}", "diff");
        assertThat(Router.match(diff, List.of("api", "v1", "sessions", "7", "commits", "abc1234", "diff")))
                .containsEntry("id", "7").containsEntry("hash", "abc1234");
        assertThat(Router.match(diff, List.of("api", "v1", "sessions", "7", "commits", "abc1234"))).isNull();
        assertThat(Router.match(diff, List.of("api", "v1", "sessions", "7", "commits", "abc1234", "diff", "x"))).isNull();
        List<String> plus = List.of("pricing", "{model+}");
        assertThat(Router.match(plus, List.of("pricing", "azure", "gpt-4o"))).containsEntry("model", "azure/gpt-4o");
        assertThat(Router.match(plus, List.of("pricing"))).isNull();
        List<String> star = List.of("api", "{rest*}");
        assertThat(Router.match(star, List.of("api"))).containsEntry("rest", "");
        assertThat(Router.match(star, List.of("api", "a", "b"))).containsEntry("rest", "a/b");
        assertThat(Router.match(List.of(), List.of())).isEmpty();
        assertThat(Router.match(List.of(), List.of("x"))).isNull();
    }

    @Test
    void headersCannotCarryLineBreaks() {
        Response r = Response.of(200, "text/plain", "x");
        assertThatThrownBy(() -> r.header("Location", "/a\r\nSet-Cookie: x=1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.header("Location", "/a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.header("X-A\r\nB", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.header("X A", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Response.redirect(303, "/\u0000")).isInstanceOf(IllegalArgumentException.class);
        assertThat(r.header("X-Ok", "a\tb").header("x-ok")).isEqualTo("a\tb");
    }

    @Test
    void gzipIsUsedOnlyWhenAccepted() {
        assertThat(WebServer.acceptsGzip(null)).isFalse();
        assertThat(WebServer.acceptsGzip("gzip")).isTrue();
        assertThat(WebServer.acceptsGzip("deflate, br")).isFalse();
        assertThat(WebServer.acceptsGzip("br;q=1.0, gzip;q=0.8")).isTrue();
        assertThat(WebServer.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(WebServer.acceptsGzip("*")).isTrue();
        assertThat(WebServer.mediaType("Application/JSON; charset=utf-8")).isEqualTo("application/json");
    }
}
