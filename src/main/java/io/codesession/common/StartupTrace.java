package io.codesession.common;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * With {@code CS_TRACE_STARTUP=1}, prints where a one-shot call spends its time to stderr: the
 * JVM's own start (process start → main), Quarkus boot (main → command), then each marked phase
 * of the command. Costs nothing when the variable is unset.
 */
public final class StartupTrace {

    private static final boolean ENABLED = System.getenv("CS_TRACE_STARTUP") != null;
    private static final List<String> NAMES = new ArrayList<>();
    private static final List<Long> TIMES = new ArrayList<>();

    private StartupTrace() {
    }

    /** Records that {@code phase} ended now. */
    public static void mark(String phase) {
        if (ENABLED) {
            NAMES.add(phase);
            TIMES.add(System.nanoTime());
        }
    }

    /** Prints the phases (first mark is main()). */
    public static void print() {
        if (!ENABLED || TIMES.isEmpty()) {
            return;
        }
        long end = System.nanoTime();
        long sinceMain = end - TIMES.getFirst();
        long jvm = launchedAt()
                .map(start -> Duration.between(start, Instant.now()).toNanos() - sinceMain).orElse(0L);
        StringBuilder sb = new StringBuilder("[cs] startup: jvm ").append(jvm / 1_000_000).append(" ms");
        for (int i = 1; i < TIMES.size(); i++) {
            sb.append(", ").append(NAMES.get(i)).append(' ')
                    .append((TIMES.get(i) - TIMES.get(i - 1)) / 1_000_000).append(" ms");
        }
        sb.append(", rest ").append((end - TIMES.getLast()) / 1_000_000).append(" ms, total ")
                .append((jvm + sinceMain) / 1_000_000).append(" ms");
        System.err.println(sb);
    }

    /**
     * When the launcher was entered: {@code CS_LAUNCHED_AT} (bash's {@code EPOCHREALTIME}, set by
     * {@code target/cs} when tracing), else the process start time the OS reports, which on some
     * virtual machines is off by hundreds of milliseconds.
     */
    private static java.util.Optional<Instant> launchedAt() {
        String at = System.getenv("CS_LAUNCHED_AT");
        if (at != null && at.matches("\\d+[.,]\\d{6}")) {
            String[] parts = at.split("[.,]");
            return java.util.Optional.of(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]) * 1000));
        }
        return ProcessHandle.current().info().startInstant();
    }
}
