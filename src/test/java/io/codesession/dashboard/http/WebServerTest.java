package io.codesession.dashboard.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link WebServer} on its own (no dashboard): streaming, failures half-way, failing apps. */
class WebServerTest {

    WebServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    int start(Function<Request, Response> app) throws IOException {
        server = WebServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), app).start();
        return server.port();
    }

    /** Sends a GET and returns the lines of the raw answer as they come; {@code afterLine} sees each. */
    static List<String> get(int port, java.util.function.Consumer<String> afterLine) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                lines.add(l);
                afterLine.accept(l);
            }
            return lines;
        }
    }

    @Test
    void streamedBodiesReachTheClientWhileTheyAreStillBeingWritten() throws Exception {
        CountDownLatch clientSawFirst = new CountDownLatch(1);
        int port = start(req -> Response.stream(200, "text/plain; charset=utf-8", out -> {
            out.write("first line\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                if (!clientSawFirst.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("the first part never reached the client");
                }
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            out.write("second line\n".getBytes(StandardCharsets.UTF_8));
        }));
        List<String> lines = get(port, l -> {
            if (l.equals("first line")) {
                clientSawFirst.countDown();
            }
        });
        assertThat(lines).contains("Transfer-encoding: chunked", "first line", "second line");
        assertThat(lines.getLast()).as("final chunk").isEmpty();
        assertThat(lines.get(lines.size() - 2)).isEqualTo("0");
    }

    @Test
    void aStreamThatFailsHalfWayDropsTheConnectionWithoutTheFinalChunk() throws Exception {
        int port = start(req -> Response.stream(200, "text/plain; charset=utf-8", out -> {
            out.write("partial\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IllegalStateException("database gone");
        }));
        List<String> lines = get(port, l -> { });
        assertThat(lines).contains("partial").doesNotContain("0");
    }

    @Test
    void anAppThatThrowsIsA500AndTheServerKeepsServing() throws Exception {
        int[] calls = {0};
        int port = start(req -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("bug");
            }
            return Response.of(200, "text/plain; charset=utf-8", "fine");
        });
        assertThat(get(port, l -> { }).getFirst()).startsWith("HTTP/1.1 500");
        assertThat(get(port, l -> { })).contains("fine");
    }
}
