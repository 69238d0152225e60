package io.codesession.proxy;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * The little of POSIX that {@code cs run} needs: sending a signal to the child ({@code kill(2)}
 * through the FFM API; {@link Process} can only send TERM and KILL), handling INT/TERM/HUP, and
 * whether stdin is a terminal (then a Ctrl+C has reached the child already).
 */
public final class Posix {

    private Posix() {
    }

    /**
     * {@code int kill(pid_t, int)}. The native executable needs this descriptor registered for
     * downcalls ({@code foreign} in META-INF/native-image/io.codesession/codesession/reachability-metadata.json,
     * checked by NativeImageConfigTest).
     */
    public static final FunctionDescriptor KILL_DESCRIPTOR =
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);

    /**
     * Initialised on the first signal sent: a proxy that never runs a command never links to libc.
     * Initialised at run time in the native executable too (native-image.properties): a downcall
     * handle cannot be made at image build time.
     */
    private static final class Kill {
        static final MethodHandle HANDLE = killHandle();
    }

    private static MethodHandle killHandle() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("kill")
                    .map(f -> linker.downcallHandle(f, KILL_DESCRIPTOR))
                    .orElse(null);
        } catch (Throwable e) {
            return null; // no native access here: only TERM/KILL can be sent
        }
    }

    /** Sends signal {@code name} (INT, TERM, HUP, …) to {@code p}; TERM falls back to {@link ProcessHandle#destroy()}. */
    public static boolean signal(ProcessHandle p, String name) {
        int number = number(name);
        MethodHandle kill = Kill.HANDLE;
        if (kill != null && number > 0) {
            try {
                return (int) kill.invokeExact((int) p.pid(), number) == 0;
            } catch (Throwable e) {
                // fall through
            }
        }
        return name.equals("TERM") && p.destroy();
    }

    static int number(String name) {
        try {
            return new Signal(name).getNumber();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** Handles each of {@code names} that exists on this platform with {@code handler} (replacing the JVM's exit). */
    public static void handle(List<String> names, Consumer<String> handler) {
        for (String name : names) {
            try {
                Signal.handle(new Signal(name), s -> handler.accept(s.getName()));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // not available on this platform
            }
        }
    }

    /** Whether standard input is a terminal (Linux: /proc; elsewhere: whether the JVM sees a console). */
    public static boolean stdinIsTerminal() {
        try {
            String t = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return t.startsWith("/dev/pts/") || t.startsWith("/dev/tty") || t.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
