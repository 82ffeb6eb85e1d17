package io.roomcast.loadgen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options of a load generator command: {@code --name value} or {@code --name=value} arguments
 * over environment variables {@code <PREFIX><NAME>} (upper case, {@code -} as {@code _}), for a fixed
 * list of known names. Typed getters parse on demand.
 */
public final class CliValues {
    private final Map<String, String> values;

    private CliValues(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param envPrefix e.g. {@code BENCH_}: {@code --users-per-room} is also read from {@code BENCH_USERS_PER_ROOM}
     * @throws IllegalArgumentException on an argument that is not an option, an unknown name, or a missing value
     */
    public static CliValues parse(String[] args, Map<String, String> env, String envPrefix, List<String> names) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : names) {
            String fromEnv = env.get(envPrefix + name.toUpperCase(Locale.ROOT).replace('-', '_'));
            if (fromEnv != null && !fromEnv.isBlank()) {
                values.put(name, fromEnv.trim());
            }
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (!names.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + " (known: " + String.join(", ", names) + ")");
            }
            values.put(name, value);
        }
        return new CliValues(values);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** Accepts {@code 8000}, {@code 8_000} and {@code 8,000}. */
    public int intValue(String name, int fallback) {
        return (int) longValue(name, fallback);
    }

    public long longValue(String name, long fallback) {
        String value = values.get(name);
        try {
            return value == null ? fallback : Long.parseLong(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " '" + value + "' is not a whole number", e);
        }
    }

    public double doubleValue(String name, double fallback) {
        String value = values.get(name);
        try {
            return value == null ? fallback : Double.parseDouble(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " '" + value + "' is not a number", e);
        }
    }

    /** Parses {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h} or plain seconds. */
    public Duration duration(String name, Duration fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1_000));
            }
            if (v.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
            }
            if (v.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1_000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " '" + value + "' is not a duration (30s, 500ms, 2m)", e);
        }
    }

    /** Reads {@code name=pid,name=pid} (processes whose CPU time a benchmark samples). */
    public Map<String, Long> pids(String name) {
        Map<String, Long> pids = new LinkedHashMap<>();
        List<String> bad = new ArrayList<>();
        for (String part : values.getOrDefault(name, "").split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            try {
                pids.put(p.substring(0, eq).trim(), Long.parseLong(p.substring(eq + 1).trim()));
            } catch (RuntimeException e) {
                bad.add(p);
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException(name + ": expected name=pid, got " + bad);
        }
        return pids;
    }

    /** Comma-separated list; empty when absent. */
    public List<String> list(String name, String fallback) {
        List<String> items = new ArrayList<>();
        for (String part : values.getOrDefault(name, fallback).split(",")) {
            if (!part.isBlank()) {
                items.add(part.trim());
            }
        }
        return items;
    }
}
