package io.codesession.nativeimage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A small static analysis of class files (JDK {@code java.lang.classfile}) for the native-image
 * checks: what a class's static initializer does when it runs, following the calls it makes into
 * the classes of interest. native-image runs the static initializers of build-time-initialized
 * classes in the build JVM (Quarkus asks for build-time initialization of everything that is not
 * listed for run time), so what they compute is frozen into the executable.
 */
final class ClassScan {

    /**
     * Calls whose result must not be frozen at build time (a value of the build machine, or an
     * object native-image does not allow in the image heap). {@code *.name}: any owner;
     * {@code owner.}: any method of owner.
     */
    static final List<String> HAZARDS = List.of(
            "java/lang/System.getenv", "java/lang/System.getProperty", "java/lang/System.getProperties",
            "java/lang/Integer.getInteger", "java/lang/Long.getLong", "java/lang/Boolean.getBoolean",
            "java/lang/System.currentTimeMillis", "java/lang/System.nanoTime", "java/time/Instant.now",
            "java/time/ZoneId.systemDefault", "java/util/TimeZone.getDefault", "java/time/Clock.systemDefaultZone",
            "java/util/Random.<init>", "java/security/SecureRandom.<init>", "java/util/SplittableRandom.<init>",
            "java/util/UUID.randomUUID", "java/lang/Thread.start", "*.prestartAllCoreThreads", "*.prestartCoreThread",
            "*.scheduleWithFixedDelay", "*.scheduleAtFixedRate", "java/lang/foreign/Linker.nativeLinker",
            "java/lang/foreign/SymbolLookup.", "java/lang/ProcessHandle.current", "java/lang/Runtime.availableProcessors",
            "java/nio/file/Files.", "java/io/FileInputStream.<init>", "java/io/FileReader.<init>");

    private final ClassLoader loader;
    private final Map<String, Optional<ClassModel>> models = new HashMap<>();

    ClassScan(ClassLoader loader) {
        this.loader = loader;
    }

    /** The class file of {@code internalName} (a/b/C), from the class path or the JDK's modules. */
    Optional<ClassModel> model(String internalName) {
        return models.computeIfAbsent(internalName, n -> {
            try (InputStream in = loader.getResourceAsStream(n + ".class")) {
                return in == null ? Optional.empty() : Optional.of(ClassFile.of().parse(in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Superclasses of {@code internalName}, nearest first (those that can be read). */
    List<String> superclasses(String internalName) {
        List<String> out = new ArrayList<>();
        String c = internalName;
        while (true) {
            Optional<ClassModel> m = model(c);
            if (m.isEmpty() || m.get().superclass().isEmpty()) {
                return out;
            }
            c = m.get().superclass().get().asInternalName();
            out.add(c);
        }
    }

    /** What running {@code <clinit>} of a class does. */
    record StaticInit(Set<String> initializes, Set<String> hazards) {
    }

    /**
     * Follows {@code <clinit>} of {@code internalName} and the methods it calls, as long as they
     * are declared in a class accepted by {@code follow} (other code is a leaf: only the call
     * itself is seen). Records the classes whose initialization is triggered ({@code new},
     * static field access, static call) and the hazardous calls made.
     */
    StaticInit staticInit(String internalName, Predicate<String> follow) {
        Set<String> initializes = new LinkedHashSet<>();
        Set<String> hazards = new LinkedHashSet<>();
        Deque<String[]> work = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        work.add(new String[] {internalName, "<clinit>", "()V"});
        while (!work.isEmpty()) {
            String[] m = work.poll();
            if (!seen.add(m[0] + "." + m[1] + m[2]) || seen.size() > 5_000) {
                continue;
            }
            Optional<CodeModel> code = method(m[0], m[1], m[2]).flatMap(MethodModel::code);
            if (code.isEmpty()) {
                continue;
            }
            for (CodeElement e : code.get()) {
                switch (e) {
                    case FieldInstruction f when f.opcode() == Opcode.GETSTATIC || f.opcode() == Opcode.PUTSTATIC ->
                        initializes.add(f.owner().asInternalName());
                    case NewObjectInstruction n -> {
                        String owner = n.className().asInternalName();
                        initializes.add(owner);
                        hazard(owner + ".<init>", hazards);
                    }
                    case InvokeInstruction i -> {
                        String owner = i.owner().asInternalName();
                        String name = i.name().stringValue();
                        if (i.opcode() == Opcode.INVOKESTATIC) {
                            initializes.add(owner);
                        }
                        hazard(owner + "." + name, hazards);
                        if (follow.test(owner)) {
                            work.add(new String[] {owner, name, i.type().stringValue()});
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        initializes.remove(internalName);
        return new StaticInit(initializes, hazards);
    }

    private static void hazard(String call, Set<String> hazards) {
        for (String h : HAZARDS) {
            if (h.startsWith("*.") ? call.endsWith(h.substring(1)) : h.endsWith(".") ? call.startsWith(h) : call.equals(h)) {
                hazards.add(call);
            }
        }
    }

    /** The method as declared by {@code owner} or inherited from a superclass. */
    Optional<MethodModel> method(String owner, String name, String descriptor) {
        String c = owner;
        for (int depth = 0; c != null && depth < 20; depth++) {
            Optional<ClassModel> m = model(c);
            if (m.isEmpty()) {
                return Optional.empty();
            }
            for (MethodModel mm : m.get().methods()) {
                if (mm.methodName().equalsString(name) && mm.methodType().equalsString(descriptor)) {
                    return Optional.of(mm);
                }
            }
            c = m.get().superclass().map(s -> s.asInternalName()).orElse(null);
        }
        return Optional.empty();
    }

    /**
     * Every call in {@code classModel} to {@code owner.name descriptor}: the type of the static
     * field read by the instruction right before the call (how a constant last argument is
     * passed), or null when the last argument comes from elsewhere.
     */
    static List<String> lastArgumentStaticFieldTypes(ClassModel classModel, String owner, String name, String descriptor) {
        List<String> out = new ArrayList<>();
        for (MethodModel mm : classModel.methods()) {
            Optional<CodeModel> code = mm.code();
            if (code.isEmpty()) {
                continue;
            }
            java.lang.classfile.Instruction previous = null;
            for (CodeElement e : code.get()) {
                if (!(e instanceof java.lang.classfile.Instruction i)) {
                    continue;
                }
                if (i instanceof InvokeInstruction call && call.owner().asInternalName().equals(owner)
                        && call.name().equalsString(name) && call.type().equalsString(descriptor)) {
                    out.add(previous instanceof FieldInstruction f && f.opcode() == Opcode.GETSTATIC
                            ? f.typeSymbol().descriptorString() : null);
                }
                previous = i;
            }
        }
        return out;
    }

    /** The String constants of a class (its constant pool). */
    static List<String> stringConstants(ClassModel classModel) {
        List<String> out = new ArrayList<>();
        for (java.lang.classfile.constantpool.PoolEntry e : classModel.constantPool()) {
            if (e instanceof java.lang.classfile.constantpool.StringEntry s) {
                out.add(s.stringValue());
            }
        }
        return out;
    }
}
