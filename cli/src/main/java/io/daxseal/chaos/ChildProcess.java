package io.daxseal.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One {@code daxseal} subcommand in a child JVM with this JVM's classpath. Its output is appended to
 * a log file; the lines it prints on standard output are kept for {@link #awaitLine}. Faults are
 * real signals: {@code kill -9}, {@code SIGTERM}, {@code SIGSTOP}/{@code SIGCONT}.
 */
final class ChildProcess {

    private final String name;
    private final List<String> args;
    private final Path logFile;
    private final String heap;
    private final Class<?> mainClass;
    private volatile Process process;
    private final List<String> lines = new ArrayList<>();
    private boolean paused;

    /** {@code mainClass} is the {@code daxseal} command line's main class, given by the caller (no import of it here). */
    ChildProcess(Class<?> mainClass, String name, Path logFile, String heap, List<String> args) {
        this.mainClass = mainClass;
        this.name = name;
        this.args = List.copyOf(args);
        this.logFile = logFile;
        this.heap = heap;
    }

    String name() {
        return name;
    }

    /** Starts (or starts again) the process. */
    synchronized void start() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx" + heap);
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        if (Runtime.version().feature() >= 24) {
            cmd.add("--sun-misc-unsafe-memory-access=allow"); // Kafka's clients; quiet on JDK 24+
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(args);
        try {
            Files.createDirectories(logFile.getParent());
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
        paused = false;
        lines.clear();
        Process p = process;
        Thread pump = new Thread(() -> pump(p), "chaos-" + name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    private void pump(Process p) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)) {
            log.println("---- " + name + " started, pid " + p.pid() + " ----");
            String line;
            while ((line = in.readLine()) != null) {
                log.println(line);
                if (line.startsWith("daxseal ")) {
                    synchronized (this) {
                        lines.add(line);
                        notifyAll();
                    }
                }
            }
        } catch (IOException e) {
            // the process went away
        }
    }

    /** Waits for a {@code daxseal ...} status line printed since the last start that matches. */
    synchronized String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (true) {
            for (; seen < lines.size(); seen++) {
                if (match.test(lines.get(seen))) {
                    return lines.get(seen);
                }
            }
            long left = until - System.nanoTime();
            if (left <= 0 || !alive()) {
                throw new IllegalStateException(name + " did not print the expected line within " + timeout.toSeconds()
                        + " s" + (alive() ? "" : " (it exited)") + "; see " + logFile);
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        return process.pid();
    }

    /**
     * For the harness's own shutdown hook (Ctrl-C): kills the process without taking the lock, which
     * a fault in progress may hold, and resumes it first in case it is stopped.
     */
    void killOnExit() {
        Process p = process;
        if (p != null && p.isAlive()) {
            try {
                new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).start();
            } catch (IOException e) {
                // killed below anyway
            }
            p.destroyForcibly();
        }
    }

    /** {@code kill -9}: no shutdown hook, no goodbye. */
    synchronized void kill9() throws InterruptedException {
        if (paused) {
            resume();
        }
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** {@code SIGTERM}, then waits for a clean exit (kill -9 after {@code grace}). */
    synchronized void stop(Duration grace) throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        if (paused) {
            resume();
        }
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** {@code SIGSTOP}: a process frozen as by a long GC pause. */
    synchronized void pause() {
        signal("STOP");
        paused = true;
    }

    /** {@code SIGCONT}. */
    synchronized void resume() {
        signal("CONT");
        paused = false;
    }

    private void signal(String sig) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + sig + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
