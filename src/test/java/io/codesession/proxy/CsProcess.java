package io.codesession.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codesession.testing.CsDriver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A long-running {@code target/cs} process ({@code cs proxy}, {@code cs run}) started by a test:
 * its stdout lines and stderr are collected as they come; {@link #firstLine} waits for the startup
 * line; {@link #signal} and {@link #waitFor} end it.
 */
final class CsProcess implements AutoCloseable {

    static final ObjectMapper MAPPER = new ObjectMapper();

    final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private final CompletableFuture<String> first = new CompletableFuture<>();
    private final Thread outReader;
    private final Thread errReader;

    private CsProcess(Process p) {
        this.process = p;
        outReader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (stdout) {
                        stdout.add(line);
                    }
                    if (!line.isBlank()) {
                        first.complete(line);
                    }
                }
            } catch (IOException ignored) {
                // process gone
            }
            first.complete(null);
        });
        errReader = Thread.ofPlatform().daemon().start(() -> {
            try (InputStream in = p.getErrorStream()) {
                byte[] buf = new byte[4096];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (stderr) {
                        stderr.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException ignored) {
                // process gone
            }
        });
    }

    static CsProcess start(CsDriver cs, String... args) {
        try {
            ProcessBuilder pb = cs.processBuilder(args);
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            return new CsProcess(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first non-blank stdout line (waits up to 120 s); null when the process ended without one. */
    String firstLine() {
        try {
            return first.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no output from cs within 120 s; stderr: " + stderr(), e);
        }
    }

    JsonNode startupJson() {
        String line = firstLine();
        if (line == null) {
            throw new AssertionError("cs ended without output; exit " + waitFor() + ", stderr: " + stderr());
        }
        try {
            return MAPPER.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    /** Sends a signal by name (TERM, INT, HUP) to the cs process. */
    void signal(String name) {
        try {
            Process k = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            k.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (up to 120 s) for the process to end and for its output to be read; its exit code. */
    int waitFor() {
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("cs did not end within 120 s; stderr: " + stderr());
            }
            outReader.join(10_000);
            errReader.join(10_000);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    String stdout() {
        synchronized (stdout) {
            return String.join("\n", stdout);
        }
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** A port that was free a moment ago. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
