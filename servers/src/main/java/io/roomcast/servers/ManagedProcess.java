package io.roomcast.servers;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child process owned by this JVM: output (stdout and stderr) appended to a log file, a
 * readiness wait with a deadline, and a stop that also ends the process's descendants.
 *
 * <p>Start: {@link #start}. Ready: {@link #awaitReady} polls a {@link Probe} every 100 ms until
 * it answers true; if the deadline passes or the process exits first, the process is killed and
 * a {@link ServerStartException} carries the cause and the last 20 log lines. Stop:
 * {@link #stop} sends SIGTERM (or the signal given to {@link #stopSignal}), waits up to the grace
 * period, then SIGKILLs the process and whatever descendants remain. {@link #close()} stops with
 * a 10 s grace and is idempotent.
 *
 * <p>Optional pid file: the pid (line 1) and start time in epoch ms (line 2) are written there
 * so that a separate {@code down} command can stop the process with {@link #stopFromPidFile}.
 */
public final class ManagedProcess implements AutoCloseable {

    /** Grace period of {@link #close()}: 10 s. */
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);
    /** Log lines quoted in start errors: 20. */
    public static final int ERROR_LOG_LINES = 20;
    private static final long POLL_MS = 100;

    /** Readiness check: true (ready), false or an exception (not yet; the last exception is reported). */
    @FunctionalInterface
    public interface Probe {
        boolean ready() throws Exception;
    }

    private final String name;
    private final Process process;
    private final Path logFile;
    private final long logOffset;
    private final Path pidFile;
    private volatile String stopSignal;
    private boolean stopped;

    private ManagedProcess(String name, Process process, Path logFile, long logOffset, Path pidFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.logOffset = logOffset;
        this.pidFile = pidFile;
    }

    /** Same as {@link #start(String, List, Path, Map, Path, Path)} in the current directory, same environment. */
    public static ManagedProcess start(String name, List<String> command, Path logFile, Path pidFile) {
        return start(name, command, null, Map.of(), logFile, pidFile);
    }

    /**
     * Starts a child process.
     *
     * @param name       server name used in messages ("Kafka broker")
     * @param command    program and arguments
     * @param workingDir working directory, or null for the current one
     * @param env        extra environment variables
     * @param logFile    file stdout and stderr are appended to (parent folders are created)
     * @param pidFile    where to record the pid, or null
     * @return the running process (not yet known to be ready)
     * @throws ServerStartException if the program cannot be started (not installed, no permission)
     */
    public static ManagedProcess start(String name, List<String> command, Path workingDir,
                                       Map<String, String> env, Path logFile, Path pidFile) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            long offset = Files.exists(logFile) ? Files.size(logFile) : 0;
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            if (workingDir != null) {
                builder.directory(workingDir.toFile());
            }
            builder.environment().putAll(env);
            ManagedProcess managed = new ManagedProcess(name, builder.start(), logFile, offset, pidFile);
            managed.writePidFile();
            return managed;
        } catch (IOException e) {
            throw new ServerStartException(name + ": cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs a command to completion (a set-up step such as formatting storage or initdb).
     *
     * @param timeout longest wait for the command to finish
     * @throws ServerStartException if it cannot start, exits non-zero (message with the last log
     *                              lines) or runs longer than timeout (it is then killed)
     */
    public static void run(String name, List<String> command, Path workingDir, Path logFile, Duration timeout) {
        ManagedProcess step = start(name, command, workingDir, Map.of(), logFile, null);
        try {
            if (!step.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                step.stop(Duration.ZERO);
                throw new ServerStartException(name + ": " + String.join(" ", command) + " did not finish within "
                        + timeout.toSeconds() + " s" + step.logTail());
            }
        } catch (InterruptedException e) {
            step.stop(Duration.ZERO);
            Thread.currentThread().interrupt();
            throw new ServerStartException(name + ": interrupted while running " + command.getFirst(), e);
        }
        if (step.process.exitValue() != 0) {
            throw new ServerStartException(name + ": " + String.join(" ", command) + " failed with exit code "
                    + step.process.exitValue() + step.logTail());
        }
        step.stopped = true;
    }

    /**
     * Waits until probe answers true, polling every 100 ms.
     *
     * @param timeout longest wait
     * @param probe   readiness check; exceptions mean "not yet"
     * @return this
     * @throws ServerStartException (after killing the process) if the process exits first, the
     *                              deadline passes or the thread is interrupted; the message has the
     *                              last probe error and the last 20 log lines
     */
    public ManagedProcess awaitReady(Duration timeout, Probe probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            if (!process.isAlive()) {
                String msg = name + " exited early with code " + process.exitValue() + logTail();
                stop(Duration.ZERO);
                throw new ServerStartException(msg, last);
            }
            try {
                if (probe.ready()) {
                    return this;
                }
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                String cause = last == null ? "" : " (last check: " + last + ")";
                String msg = name + " did not become ready within " + timeout.toSeconds() + " s" + cause + logTail();
                stop(Duration.ZERO);
                throw new ServerStartException(msg, last);
            }
            try {
                process.waitFor(POLL_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop(Duration.ZERO);
                throw new ServerStartException(name + ": interrupted while waiting for readiness", e);
            }
        }
    }

    /**
     * Stop with this signal instead of SIGTERM (e.g. "INT" for PostgreSQL's fast shutdown).
     *
     * @return this
     */
    public ManagedProcess stopSignal(String signal) {
        this.stopSignal = signal;
        return this;
    }

    /** @return the child's pid */
    public long pid() {
        return process.pid();
    }

    /** @return whether the child is still running */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return the server name given at start */
    public String name() {
        return name;
    }

    /** @return the log file output is appended to */
    public Path logFile() {
        return logFile;
    }

    /**
     * Stops the process: stop signal (SIGTERM by default), wait up to grace, then SIGKILL; then
     * the same for any of its descendants still alive. Idempotent. Removes the pid file.
     *
     * @param grace how long to wait for a clean exit before killing (0 = kill at once)
     */
    public synchronized void stop(Duration grace) {
        if (stopped) {
            return;
        }
        stopped = true;
        terminate(process.toHandle(), stopSignal, grace);
        deletePidFile();
    }

    /** Stops with a 10 s grace ({@link #DEFAULT_STOP_GRACE}). Idempotent. */
    @Override
    public void close() {
        stop(DEFAULT_STOP_GRACE);
    }

    /**
     * Stops the process recorded in a pid file by {@link #start} (for a {@code down} command in
     * another JVM): SIGTERM, wait up to grace, SIGKILL, descendants too. A pid whose start time
     * differs from the recorded one (pid reused) is left alone. The pid file is deleted.
     *
     * @return true if a live process was stopped
     * @throws ServerStartException never; an unreadable pid file counts as "nothing to stop"
     */
    public static boolean stopFromPidFile(Path pidFile, Duration grace) {
        if (!Files.isRegularFile(pidFile)) {
            return false;
        }
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            Files.deleteIfExists(pidFile);
            long pid = Long.parseLong(lines.getFirst().trim());
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isEmpty() || !handle.get().isAlive()) {
                return false;
            }
            if (lines.size() > 1 && !lines.get(1).isBlank()) {
                long recorded = Long.parseLong(lines.get(1).trim());
                Optional<Instant> started = handle.get().info().startInstant();
                if (started.isPresent() && Math.abs(started.get().toEpochMilli() - recorded) > 2_000) {
                    return false;
                }
            }
            terminate(handle.get(), null, grace);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The pid file the servers of this package use for a log file: same folder, {@code .log}
     * replaced by {@code .pid} (or {@code .pid} added), e.g. {@code logs/kafka.log} gives
     * {@code logs/kafka.pid}.
     */
    public static Path pidFileFor(Path logFile) {
        String name = logFile.getFileName().toString();
        String base = name.endsWith(".log") ? name.substring(0, name.length() - 4) : name;
        return logFile.resolveSibling(base + ".pid");
    }

    /** @return the last n lines this process wrote to its log (only this run's output) */
    public List<String> lastLogLines(int n) {
        Deque<String> tail = new ArrayDeque<>();
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long from = Math.max(logOffset, file.length() - 64 * 1024);
            file.seek(from);
            byte[] bytes = new byte[(int) (file.length() - from)];
            file.readFully(bytes);
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\\R")) {
                if (tail.size() == n) {
                    tail.removeFirst();
                }
                tail.addLast(line);
            }
        } catch (IOException e) {
            tail.add("(log " + logFile + " unreadable: " + e.getMessage() + ")");
        }
        return List.copyOf(tail);
    }

    private String logTail() {
        return "; last log lines (" + logFile + "):\n  " + String.join("\n  ", lastLogLines(ERROR_LOG_LINES));
    }

    private static void terminate(ProcessHandle handle, String signal, Duration grace) {
        List<ProcessHandle> descendants = handle.descendants().toList();
        signal(handle, signal, grace);
        for (ProcessHandle child : descendants) {
            signal(child, null, Duration.ofSeconds(Math.min(2, grace.toSeconds())));
        }
    }

    private static void signal(ProcessHandle handle, String signal, Duration grace) {
        if (!handle.isAlive()) {
            return;
        }
        if (!grace.isZero()) {
            boolean sent = signal == null ? handle.destroy() : sendSignal(handle.pid(), signal);
            if (sent) {
                try {
                    handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                    // fall through to SIGKILL
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        handle.destroyForcibly();
        try {
            handle.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean sendSignal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void writePidFile() throws IOException {
        if (pidFile != null) {
            writePidFile(process.toHandle(), pidFile);
        }
    }

    /**
     * Records a process in a pid file as {@link #stopFromPidFile} reads it: pid (line 1), start time
     * in epoch ms (line 2, empty if unknown). Parent folders are created.
     *
     * @throws IOException if the file cannot be written
     */
    public static void writePidFile(ProcessHandle handle, Path pidFile) throws IOException {
        Files.createDirectories(pidFile.toAbsolutePath().getParent());
        long started = handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        Files.writeString(pidFile, handle.pid() + "\n" + (started == 0 ? "" : started) + "\n");
    }

    private void deletePidFile() {
        if (pidFile == null) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            if (!lines.isEmpty() && lines.getFirst().trim().equals(Long.toString(process.pid()))) {
                Files.deleteIfExists(pidFile);
            }
        } catch (IOException e) {
            // already gone or unreadable: nothing to clean up
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
