package io.codesession.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codesession.testing.CsDriver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A {@code target/cs dashboard} process for process-level and browser tests (private HOME and store). */
public final class DashboardProcess implements AutoCloseable {

    static final ObjectMapper MAPPER = new ObjectMapper();

    final Process process;
    final Path root;
    final List<String> stdoutLines = new ArrayList<>();
    final StringBuilder stderr = new StringBuilder();
    JsonNode startup;

    private DashboardProcess(Process process, Path root) {
        this.process = process;
        this.root = root;
    }

    static ProcessBuilder builder(Path root, Map<String, String> extraEnv, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(CsDriver.launcher().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("CODESESSION_") || k.startsWith("GIT_") || k.equals("JAVA_TOOL_OPTIONS"));
        env.put("HOME", root.resolve("home").toString());
        env.put("CODESESSION_DB_PATH", root.resolve("data/sessions.db").toString());
        env.put("NO_COLOR", "1");
        env.putAll(extraEnv);
        return pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }

    /** Starts the dashboard and waits (up to 120 s) for its first stdout line or its exit. */
    public static DashboardProcess start(Path root, String... args) {
        try {
            Files.createDirectories(root.resolve("home"));
            Process p = builder(root, Map.of(), args).start();
            DashboardProcess d = new DashboardProcess(p, root);
            CompletableFuture<String> first = new CompletableFuture<>();
            Thread out = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (d.stdoutLines) {
                            d.stdoutLines.add(line);
                        }
                        first.complete(line);
                    }
                } catch (IOException ignored) {
                    // process gone
                }
                first.complete(null);
            });
            out.setDaemon(true);
            out.start();
            Thread err = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (d.stderr) {
                            d.stderr.append(line).append('\n');
                        }
                    }
                } catch (IOException ignored) {
                    // process gone
                }
            });
            err.setDaemon(true);
            err.start();
            String line = first.get(120, TimeUnit.SECONDS);
            if (line != null && line.startsWith("{")) {
                d.startup = MAPPER.readTree(line);
            }
            return d;
        } catch (Exception e) {
            throw new IllegalStateException("could not start the dashboard: " + e, e);
        }
    }

    public String url() {
        return startup.get("url").asText();
    }

    int port() {
        return startup.get("port").asInt();
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /**
     * Whether stderr shows {@code text}, waiting up to 10 s: stderr is read by its own thread, so
     * a line written just before the startup line may not be there yet when that line arrives.
     */
    boolean awaitStderr(String text) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (stderr().contains(text)) {
                return true;
            }
            Thread.sleep(50);
        }
        return stderr().contains(text);
    }

    List<String> stdout() {
        synchronized (stdoutLines) {
            return List.copyOf(stdoutLines);
        }
    }

    HttpResponse<String> get(String path, String... headers) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30));
            for (int i = 0; i < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, then the exit code (waits up to 30 s). */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            return -1;
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
