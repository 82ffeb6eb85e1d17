package io.roomcast.devstack.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.clients.media.SpeechClip;
import io.roomcast.devstack.PlatformConfig.Service;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code ./roomcast chaos}: the fault-injection run (docs/reliability.md, "Chaos run"). Starts a platform of its
 * own ({@link ChaosPlatform}), puts {@link ChaosWorkload}'s users in their rooms, then injects every {@link Fault}
 * {@code --faults-per-kind} times in a seeded random order, with seeded random pauses, while the load runs; then
 * stops the load, waits for the answers, and checks ({@link ChaosChecks}). Prints a table and, last, one JSON line
 * ({@code "chaos":"ok"} or {@code "failed"}); exits 0 only when every check passed.
 *
 * <p>Options ({@code --name value}): {@code users} (1,000), {@code rooms} (50), {@code faults-per-kind} (2),
 * {@code seed} (the time), {@code audio-speakers} (RTP speakers per room, the host first: 1),
 * {@code audio-listeners} (per room: 2), {@code audio-gap-bound-ms} ({@value #AUDIO_GAP_BOUND_MS}: {@link ChaosAudio}),
 * {@code all-services} (1: ranking-stream, notification-worker and search-indexer with Elasticsearch run too; 0: only
 * the services the faults kill, for the scale on 2 cores: docs/reliability.md). Everything runs on loopback; data and logs in {@code <home>/chaos/}.
 */
public final class ChaosRun {
    /** What is injected, each {@code --faults-per-kind} times. */
    enum Fault {
        ROOM_STATE_KILL("kill -9 of a room-state-stream instance"),
        GATEWAY_KILL("kill -9 of a gateway node"),
        EDGE_KILL("kill -9 of a media edge"),
        BROKER_STOP("Kafka broker stopped (SIGTERM) and started"),
        BROKER_KILL("Kafka broker kill -9 and started"),
        REDIS_RESTART("Redis restarted (its data lost)"),
        POSTGRES_RESTART("PostgreSQL restarted"),
        REGISTRY_RESTART("schema registry restarted");

        final String what;

        Fault(String what) {
            this.what = what;
        }
    }

    /** One injected fault: when it started, when the platform was whole again (restarted), in epoch ms. */
    record Injected(Fault fault, String target, long atMs, long restoredAtMs) {}

    /** How long a killed service or a stopped broker stays down before it is started again. */
    private static final Duration DOWN = Duration.ofSeconds(3);
    /** Longest wait for the answers of the last commands after the load stopped. */
    private static final Duration DRAIN = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The longest audio gap after a media edge kill that passes, ms: the edge's registration lapses within its
     * {@code roomcast.media.registration-ttl} (3 s) after its last heartbeat, a gateway notices within its
     * {@code failover-check-interval} (1 s) and sends {@code media_moved}; the rest is the new token and binding of a
     * speaker and its listener (docs/reliability.md, "Chaos run", for the figures measured).
     */
    static final long AUDIO_GAP_BOUND_MS = 10_000;

    private final Map<String, Long> options;
    private final Path home;
    private final Path root;
    private final PrintStream out;
    private final Map<String, Integer> restAnswers = new ConcurrentHashMap<>();
    private final Set<String> crashes = ConcurrentHashMap.newKeySet();
    private final List<String> notRestored = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * @param args {@code --name value} pairs (see the class comment)
     * @throws IllegalArgumentException on an unknown option or a value that is not a number
     */
    public ChaosRun(String[] args, Path home, Path root, PrintStream out) {
        this.options = new LinkedHashMap<>(Map.of("users", 1_000L, "rooms", 50L, "faults-per-kind", 2L,
            "seed", System.currentTimeMillis(), "audio-speakers", 1L, "audio-listeners", 2L,
            "audio-gap-bound-ms", AUDIO_GAP_BOUND_MS, "all-services", 1L));
        for (int i = 0; i < args.length; i++) {
            String key = args[i].replaceFirst("^--", "");
            if (!options.containsKey(key) || i + 1 >= args.length) {
                throw new IllegalArgumentException("chaos: unknown option or missing value: " + args[i]
                    + " (options: " + options.keySet() + ")");
            }
            options.put(key, Long.parseLong(args[++i].replace("_", "")));
        }
        this.home = home.resolve("chaos");
        this.root = root;
        this.out = out;
    }

    /** @return the exit code: 0 when every check passed */
    public int run() throws IOException, InterruptedException {
        deleteRecursively(home);
        long seed = options.get("seed");
        Random random = new Random(seed);
        out.println("Chaos run, seed " + seed + " (rerun the same schedule with --seed " + seed + "); logs in "
            + home.resolve("logs"));
        long started = System.currentTimeMillis();
        try (ChaosPlatform platform = ChaosPlatform.start(home, root, out, options.get("all-services") != 0);
             ChaosWorkload workload = new ChaosWorkload(platform.urls(Service.INGRESS_WS), seed, out);
             ChaosAudio audio = new ChaosAudio(platform.urls(Service.INGRESS_WS),
                 SpeechClip.directory(System.getenv(), root), options.get("audio-speakers").intValue(),
                 options.get("audio-listeners").intValue(), options.get("audio-gap-bound-ms"), seed, out)) {
            // Ctrl-C or kill (SIGTERM) of the run stops the platform it started, not only this JVM.
            Thread stopPlatform = new Thread(platform::close, "chaos-stop");
            Runtime.getRuntime().addShutdownHook(stopPlatform);
            String run = Long.toString(started, 36);
            workload.start(run, options.get("users").intValue(), options.get("rooms").intValue(), audio.passivePerRoom());
            audio.start(workload);
            ScheduledExecutorService watch = Executors.newScheduledThreadPool(1);
            try {
                watch.scheduleAtFixedRate(() -> crashes.addAll(platform.crashed()), 1, 1, TimeUnit.SECONDS);
                watch.scheduleAtFixedRate(() -> probeRest(platform, workload, random), 1_000, 200, TimeUnit.MILLISECONDS);
                List<Injected> faults = inject(platform, audio, random);
                out.println("  faults done; load stops, waiting for the last answers ...");
                workload.stopActing();
                awaitAnswers(workload);
                audio.stop();
                crashes.addAll(platform.crashed());
                ChaosChecks.Result result = ChaosChecks.run(platform, workload, platform.allServices());
                audio.check(result);
                return report(result, faults, workload, seed, System.currentTimeMillis() - started);
            } finally {
                watch.shutdownNow();
                Runtime.getRuntime().removeShutdownHook(stopPlatform);
            }
        }
    }

    private List<Injected> inject(ChaosPlatform platform, ChaosAudio audio, Random random) throws InterruptedException {
        List<Fault> schedule = new ArrayList<>();
        for (Fault f : Fault.values()) {
            for (int i = 0; i < options.get("faults-per-kind"); i++) {
                schedule.add(f);
            }
        }
        Collections.shuffle(schedule, random);
        List<Injected> injected = new ArrayList<>();
        Map<Service, Integer> turns = new HashMap<>();
        for (Fault fault : schedule) {
            Thread.sleep(8_000 + random.nextInt(12_000)); // the load runs undisturbed for 8-20 s between faults
            long at = System.currentTimeMillis();
            String target;
            try {
                target = inject(platform, audio, fault, turns);
            } catch (RuntimeException e) {
                target = "FAILED: " + e.getMessage().lines().findFirst().orElse("");
                notRestored.add(fault.what + ": " + target);
            }
            Injected i = new Injected(fault, target, at, System.currentTimeMillis());
            injected.add(i);
            out.printf("  fault %2d/%d: %s (%s), restored after %.1f s%n", injected.size(), schedule.size(), fault.what,
                target, (i.restoredAtMs() - at) / 1e3);
        }
        return injected;
    }

    /** Injects one fault and repairs it (starts again what it stopped); returns what it hit. */
    private String inject(ChaosPlatform platform, ChaosAudio audio, Fault fault, Map<Service, Integer> turns)
        throws InterruptedException {
        return switch (fault) {
            case ROOM_STATE_KILL -> killAndRestart(platform, Service.ROOM_STATE_STREAM, turns, i -> { });
            case GATEWAY_KILL -> killAndRestart(platform, Service.INGRESS_WS, turns, i -> { });
            case EDGE_KILL -> killAndRestart(platform, Service.MEDIA_EDGE, turns, audio::edgeKilled);
            case BROKER_STOP, BROKER_KILL -> {
                platform.stopBroker(fault == Fault.BROKER_KILL);
                Thread.sleep(DOWN.toMillis());
                platform.startBroker();
                yield "broker";
            }
            case REDIS_RESTART -> {
                platform.restartRedis();
                yield "redis";
            }
            case POSTGRES_RESTART -> {
                platform.restartPostgres();
                yield "postgresql";
            }
            case REGISTRY_RESTART -> {
                platform.restartRegistry();
                yield "registry";
            }
        };
    }

    /**
     * Kills the service's instances in turn (a, b, a, ...), waits {@link #DOWN}, starts it again; {@code killed}
     * gets the instance's name as soon as its process is gone.
     */
    private String killAndRestart(ChaosPlatform platform, Service service, Map<Service, Integer> turns,
                                  Consumer<String> killed) throws InterruptedException {
        List<String> instances = platform.instancesOf(service);
        int turn = turns.merge(service, 1, Integer::sum) - 1;
        String instance = instances.get(turn % instances.size());
        platform.kill(instance);
        killed.accept(instance);
        Thread.sleep(DOWN.toMillis());
        platform.start(instance);
        return instance;
    }

    /**
     * One REST request per call on a random node, one of: {@code GET /rooms/{id}} (room-state-stream's Redis read
     * model), {@code GET /users/{id}} (PostgreSQL), {@code GET /rooms/{id}/stats} (ranking-stream's Redis read model)
     * and {@code GET /search} (search-indexer's Elasticsearch index); records the status.
     */
    private void probeRest(ChaosPlatform platform, ChaosWorkload workload, Random random) {
        List<String> gateways = platform.urls(Service.INGRESS_WS);
        ChaosWorkload.Room room = workload.rooms().get(random.nextInt(workload.rooms().size()));
        ChaosUser host = room.users().getFirst();
        String path = switch (random.nextInt(platform.allServices() ? 4 : 2)) {
            case 0 -> "/rooms/" + room.id();
            case 1 -> "/users/" + host.user();
            case 2 -> "/rooms/" + room.id() + "/stats";
            default -> "/search?type=rooms&q=" + URLEncoder.encode(room.title(), StandardCharsets.UTF_8);
        };
        HttpRequest get = HttpRequest.newBuilder(URI.create(gateways.get(random.nextInt(gateways.size())) + path))
            .header("Authorization", "Bearer " + host.token()).timeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> answer = PROBE_HTTP.send(get, HttpResponse.BodyHandlers.ofString());
            int status = answer.statusCode();
            boolean retryLater = status == 503 && answer.headers().firstValue("Retry-After").isPresent();
            String key = retryLater ? "503 with Retry-After"
                : status >= 500 ? status + " " + path.split("[/?]")[1] + ": " + abbreviate(answer.body())
                : Integer.toString(status);
            restAnswers.merge(key, 1, Integer::sum);
        } catch (IOException e) {
            restAnswers.merge("no answer (node down)", 1, Integer::sum);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final HttpClient PROBE_HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static String abbreviate(String body) {
        return body.length() > 120 ? body.substring(0, 120) + "..." : body;
    }

    /** Waits until no command is unanswered (resends go on meanwhile), at most {@link #DRAIN}. */
    private void awaitAnswers(ChaosWorkload workload) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (System.nanoTime() < deadline && workload.users().stream().anyMatch(ChaosUser::awaitingAnswer)) {
            Thread.sleep(200); // polling the clients' records: answers arrive on their own threads
        }
        // room-state-stream coalesces snapshots (roomcast.snapshot-interval, 100 ms): let the last ones out
        Thread.sleep(2_000);
    }

    private int report(ChaosChecks.Result result, List<Injected> faults, ChaosWorkload workload, long seed, long ms) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("chaos", "failed");
        summary.put("seed", seed);
        summary.put("users", workload.users().size());
        summary.put("rooms", workload.rooms().size());
        summary.put("faults", faults.size());
        summary.putAll(result.figures);
        Map<String, Integer> errors = new TreeMap<>();
        Map<String, Integer> closes = new TreeMap<>();
        int reconnects = 0;
        int resumed = 0;
        int invalid = 0;
        for (ChaosUser u : workload.users()) {
            u.errors().forEach((k, v) -> errors.merge(k, v, Integer::sum));
            u.closes().forEach((k, v) -> closes.merge(k == -1 ? "connect_failed" : Integer.toString(k), v, Integer::sum));
            reconnects += u.reconnects();
            resumed += u.resumed();
            invalid += u.invalidSessions();
        }
        summary.put("reconnects", reconnects);
        summary.put("resumed", resumed);
        summary.put("invalid_sessions", invalid);
        summary.put("errors_seen", errors);
        summary.put("close_codes", closes);
        summary.put("rest_answers", restAnswers);
        summary.put("crashed", List.copyOf(crashes));
        List<String> failures = new ArrayList<>(result.failures);
        errors.keySet().stream().filter(e -> !DOCUMENTED_ERRORS.contains(e.split(" ")[0]))
            .forEach(e -> failures.add("undocumented error: " + e));
        closes.keySet().stream().filter(c -> !documentedClose(c)).forEach(c -> failures.add("undocumented close code " + c));
        restAnswers.keySet().stream().filter(k -> k.startsWith("5") && !k.contains("Retry-After"))
            .forEach(k -> failures.add("REST answered " + k));
        crashes.forEach(c -> failures.add("crashed: " + c));
        notRestored.forEach(f -> failures.add("not restored: " + f));
        summary.put("recovery_ms", recovery(faults, workload));
        summary.put("seconds", ms / 1000);
        summary.put("chaos", failures.isEmpty() ? "ok" : "failed");
        table(summary, faults);
        failures.stream().limit(40).forEach(f -> out.println("  FAILED: " + f));
        try {
            Path all = home.resolve("logs").resolve("failures.txt");
            Files.write(all, failures);
            if (failures.size() > 40) {
                out.println("  ... " + (failures.size() - 40) + " more failures in " + all);
            }
            out.println(JSON.writeValueAsString(summary));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return failures.isEmpty() ? 0 : 1;
    }

    /** The ERROR codes docs/protocol.md ("Errors and close codes") documents. */
    private static final Set<String> DOCUMENTED_ERRORS = Set.of("4000", "4001", "4002", "4003", "4004", "4005",
        "4006", "4008", "4009", "4010", "4011", "4012");

    private static boolean documentedClose(String code) {
        if (code.equals("connect_failed") || DOCUMENTED_ERRORS.contains(code)) {
            return true;
        }
        int c = Integer.parseInt(code);
        return c >= 1000 && c <= 2999;
    }

    /**
     * Per fault kind, how long until the platform answered again: for each fault, from its start until every room
     * answered a command sent after that start (the slowest room), in ms; median and max over the kind's faults.
     */
    private static Map<String, String> recovery(List<Injected> faults, ChaosWorkload workload) {
        Map<String, List<Long>> byKind = new LinkedHashMap<>();
        for (Injected f : faults) {
            long slowest = 0;
            for (ChaosWorkload.Room room : workload.rooms()) {
                long first = room.users().stream().flatMap(u -> u.sent().values().stream())
                    .filter(s -> s.sentAtMs >= f.atMs() && s.outcome != null && !s.outcome.equals("error"))
                    .mapToLong(s -> s.answeredAtMs).min().orElse(-1);
                if (first > 0) {
                    slowest = Math.max(slowest, first - f.atMs());
                }
            }
            byKind.computeIfAbsent(f.fault().name().toLowerCase(), k -> new ArrayList<>()).add(slowest);
        }
        Map<String, String> figures = new LinkedHashMap<>();
        byKind.forEach((kind, values) -> {
            values.sort(Comparator.naturalOrder());
            figures.put(kind, "median " + values.get(values.size() / 2) + ", max " + values.getLast());
        });
        return figures;
    }

    private void table(Map<String, Object> summary, List<Injected> faults) {
        out.println();
        out.println("| fault | injected | restored after (s, each) | every room answering again (ms) |");
        out.println("| --- | --- | --- | --- |");
        @SuppressWarnings("unchecked")
        Map<String, String> recovery = (Map<String, String>) summary.get("recovery_ms");
        for (Fault f : Fault.values()) {
            List<Injected> of = faults.stream().filter(i -> i.fault() == f).toList();
            out.printf("| %s | %d | %s | %s |%n", f.what, of.size(), String.join(", ", of.stream()
                .map(i -> String.format("%.1f", (i.restoredAtMs() - i.atMs()) / 1e3)).toList()),
                recovery.getOrDefault(f.name().toLowerCase(), "-"));
        }
        out.println();
        out.println("| check | figure |");
        out.println("| --- | --- |");
        for (String key : List.of("commands_sent", "commands_applied", "commands_rejected", "commands_error",
                "commands_unanswered", "acknowledged_lost", "nonces_applied_twice", "facts_delivered", "facts_missed",
                "facts_duplicated", "order_violations", "fresh_snapshots", "rooms_checked", "model_mismatches",
                "stats_mismatches", "search_rooms_missing",
                "reconnects", "resumed", "invalid_sessions", "errors_seen", "close_codes", "rest_answers", "crashed",
                "audio_speakers", "audio_listeners", "audio_moves", "audio_move_failures", "audio_gaps", "audio_gap_p50_ms", "audio_gap_p99_ms",
                "audio_gap_max_ms", "audio_gap_bound_ms", "audio_never_back", "audio_silent_streams",
                "audio_packets_sent", "audio_packets_expected", "audio_packets_received", "audio_duplicates",
                "audio_unknown_packets", "audio_frames_identical_pct", "audio_lost_outside_faults")) {
            out.printf("| %s | %s |%n", key, summary.get(key));
        }
        out.println();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
