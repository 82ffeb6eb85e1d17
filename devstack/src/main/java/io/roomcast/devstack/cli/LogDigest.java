package io.roomcast.devstack.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a failed demo prints about the platform's own logs ({@code .roomcast/logs}), so a failure seen only in a CI
 * transcript can be explained: per log file, how many WARN and ERROR lines it has, its last WARN or ERROR lines and
 * its last Kafka Streams state transitions (a rebalance or a task re-created while the demo waited shows there).
 */
final class LogDigest {
    /** Lines of each kind shown per file, newest last. */
    static final int LINES = 6;
    /** Characters of a line shown. */
    static final int WIDTH = 240;

    private LogDigest() {}

    /**
     * @param logs the platform's log folder; nothing is printed if it does not exist
     * @throws UncheckedIOException if a log cannot be read
     */
    static void print(Path logs, PrintStream out) {
        if (!Files.isDirectory(logs)) {
            return;
        }
        try (Stream<Path> files = Files.list(logs)) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                digest(log).forEach(out::println);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the digest of one log: a header line, then its last WARN/ERROR lines and state transitions */
    static List<String> digest(Path log) throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> transitions = new ArrayList<>();
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            lines.forEach(line -> {
                if (line.contains(" WARN ") || line.contains(" ERROR ")) {
                    problems.add(line);
                }
                if (line.contains("State transition from")) {
                    transitions.add(line);
                }
            });
        }
        List<String> digest = new ArrayList<>();
        digest.add("roomcast: demo: log " + log + ": " + problems.size() + " WARN/ERROR lines, "
            + transitions.size() + " state transitions");
        last(problems).forEach(line -> digest.add("    " + cut(line)));
        last(transitions).forEach(line -> digest.add("    " + cut(line)));
        return digest;
    }

    private static List<String> last(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - LINES), lines.size());
    }

    private static String cut(String line) {
        return line.length() <= WIDTH ? line : line.substring(0, WIDTH) + " ...";
    }
}
