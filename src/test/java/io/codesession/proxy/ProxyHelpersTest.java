package io.codesession.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codesession.common.CsException;
import io.codesession.usage.TokenUsage;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Routing, guards, header and upstream rules of the proxy. */
class ProxyHelpersTest {

    @Test
    void onlyLoopbackPeersAreLocal() throws Exception {
        assertThat(ProxyServer.isLoopback(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(ProxyServer.isLoopback(InetAddress.getByName("127.0.0.2"))).isTrue();
        assertThat(ProxyServer.isLoopback(InetAddress.getByName("::1"))).isTrue();
        assertThat(ProxyServer.isLoopback(InetAddress.getByName("::ffff:127.0.0.1"))).isTrue();
        assertThat(ProxyServer.isLoopback(InetAddress.getByName("192.168.1.20"))).isFalse();
        assertThat(ProxyServer.isLoopback(InetAddress.getByName("10.0.0.1"))).isFalse();
        assertThat(ProxyServer.isLoopback(InetAddress.getByName("::ffff:10.0.0.1"))).isFalse();
        assertThat(ProxyServer.isLoopback(null)).isFalse();
    }

    @Test
    void hostAndOriginMustNameThisMachine() {
        assertThat(ProxyServer.localHost("127.0.0.1:3739")).isTrue();
        assertThat(ProxyServer.localHost("LOCALHOST:3739")).isTrue();
        assertThat(ProxyServer.localHost("localhost")).isTrue();
        assertThat(ProxyServer.localHost("[::1]:3739")).isTrue();
        assertThat(ProxyServer.localHost(null)).isTrue();
        assertThat(ProxyServer.localHost("attacker.example:3739")).isFalse();
        assertThat(ProxyServer.localHost("localhost.attacker.example")).isFalse();
        assertThat(ProxyServer.localHost("127.0.0.1.nip.io")).isFalse();
        assertThat(ProxyServer.localHost("127.0.0.1:x")).isFalse();
        assertThat(ProxyServer.localOrigin(null)).isTrue();
        assertThat(ProxyServer.localOrigin("http://localhost:5173")).isTrue();
        assertThat(ProxyServer.localOrigin("https://evil.example")).isFalse();
        assertThat(ProxyServer.localOrigin("null")).isFalse();
    }

    @Test
    void acceptEncodingKeepsOnlyDecodableCodings() {
        assertThat(ProxyServer.acceptEncoding(null)).isNull();
        assertThat(ProxyServer.acceptEncoding(List.of("gzip, deflate, br, zstd"))).isEqualTo("gzip, deflate");
        assertThat(ProxyServer.acceptEncoding(List.of("br;q=1.0, GZIP;q=0.5"))).isEqualTo("GZIP;q=0.5");
        assertThat(ProxyServer.acceptEncoding(List.of("br", "zstd"))).isEqualTo("identity");
        assertThat(ProxyServer.acceptEncoding(List.of("*"))).isEqualTo("identity");
    }

    @Test
    void keysMatchWhatTheImportersUse() {
        TokenUsage u = new TokenUsage(1, 1, 0, 0, 0);
        assertThat(ProxyServer.key(new Observed(Provider.ANTHROPIC, "msg_1", "m", u), "req_9")).isEqualTo("claude:msg_1:req_9");
        assertThat(ProxyServer.key(new Observed(Provider.ANTHROPIC, "msg_1", "m", u), null)).isEqualTo("claude:msg_1:");
        assertThat(ProxyServer.key(new Observed(Provider.OPENAI, "resp_1", "m", u), "x")).isEqualTo("openai:resp_1");
        assertThat(ProxyServer.key(new Observed(Provider.OPENAI, null, "m", u), null)).isNull();
    }

    @Test
    void routes() {
        Map<String, List<String>> none = Map.of();
        assertThat(Route.of("POST", "/v1/messages", none)).isEqualTo(new Route(Provider.ANTHROPIC, Route.Api.MESSAGES));
        assertThat(Route.of("POST", "/v1/messages/", none).api()).isEqualTo(Route.Api.MESSAGES);
        assertThat(Route.of("POST", "/v1/chat/completions", none)).isEqualTo(new Route(Provider.OPENAI, Route.Api.CHAT_COMPLETIONS));
        assertThat(Route.of("POST", "/v1/responses", none)).isEqualTo(new Route(Provider.OPENAI, Route.Api.RESPONSES));
        assertThat(Route.of("GET", "/v1/messages", none).api()).isEqualTo(Route.Api.NONE);
        assertThat(Route.of("POST", "/v1/messages/count_tokens", none)).isEqualTo(new Route(Provider.ANTHROPIC, Route.Api.NONE));
        assertThat(Route.of("POST", "/v1/messages/batches", none).provider()).isEqualTo(Provider.ANTHROPIC);
        assertThat(Route.of("GET", "/v1/models", Map.of("anthropic-version", List.of("2023-06-01"))).provider())
                .isEqualTo(Provider.ANTHROPIC);
        assertThat(Route.of("GET", "/v1/models", Map.of("x-api-key", List.of("k"))).provider()).isEqualTo(Provider.ANTHROPIC);
        assertThat(Route.of("GET", "/v1/models", Map.of("authorization", List.of("Bearer k"))).provider()).isEqualTo(Provider.OPENAI);
        assertThat(Route.of("POST", "/v1/responses/resp_1/cancel", none)).isEqualTo(new Route(Provider.OPENAI, Route.Api.NONE));
    }

    @Test
    void upstreamsAreValidatedAndJoinedWithTheClientPath() {
        Upstreams d = Upstreams.fromEnvironment(Map.of());
        assertThat(d.anthropic()).isEqualTo(URI.create("https://api.anthropic.com"));
        assertThat(d.openai()).isEqualTo(URI.create("https://api.openai.com"));
        Upstreams u = Upstreams.fromEnvironment(Map.of(Upstreams.ANTHROPIC_ENV, "http://127.0.0.1:9000/gateway/",
                Upstreams.OPENAI_ENV, "https://proxy.example"));
        assertThat(Upstreams.target(u.anthropic(), "/v1/messages", "beta=true"))
                .isEqualTo(URI.create("http://127.0.0.1:9000/gateway/v1/messages?beta=true"));
        for (String bad : List.of("ftp://x", "api.anthropic.com", "https://u:p@x", "https://x?a=1", "https://x#f", "http://")) {
            assertThatThrownBy(() -> Upstreams.fromEnvironment(Map.of(Upstreams.OPENAI_ENV, bad)))
                    .isInstanceOf(CsException.class).hasMessageContaining(Upstreams.OPENAI_ENV);
        }
    }

    @Test
    void runInheritsTheBaseUrlsItReplacesAndNeverLoopsIntoItself() {
        List<String> notes = new ArrayList<>();
        Upstreams u = Upstreams.forRun(Map.of("ANTHROPIC_BASE_URL", "https://gw.example/anthropic/",
                "OPENAI_BASE_URL", "https://gw.example/openai/v1"), notes);
        assertThat(u.anthropic()).isEqualTo(URI.create("https://gw.example/anthropic"));
        assertThat(u.openai()).isEqualTo(URI.create("https://gw.example/openai"));
        assertThat(notes).isEmpty();
        Upstreams odd = Upstreams.forRun(Map.of("OPENAI_BASE_URL", "https://gw.example/custom",
                Upstreams.ANTHROPIC_ENV, "http://localhost:7000"), notes);
        assertThat(odd.openai()).isEqualTo(URI.create(Upstreams.OPENAI_DEFAULT));
        assertThat(odd.anthropic()).isEqualTo(URI.create("http://localhost:7000"));
        assertThat(notes).singleElement().asString().contains("does not end in /v1");
        Upstreams self = odd.withoutLoop(7000, notes);
        assertThat(self.anthropic()).isEqualTo(URI.create(Upstreams.ANTHROPIC_DEFAULT));
        assertThat(odd.withoutLoop(7001, new ArrayList<>())).isEqualTo(odd);
    }

    @Test
    void portsAreStrict() {
        assertThat(Ports.parse("1")).isEqualTo(1);
        assertThat(Ports.parse("65535")).isEqualTo(65535);
        for (String bad : new String[] {"0", "65536", "", " 80", "80 ", "+80", "0x50", "8e1", "99999", null}) {
            assertThatThrownBy(() -> Ports.parse(bad)).isInstanceOf(CsException.class).hasMessageContaining("Invalid port");
        }
    }
}
