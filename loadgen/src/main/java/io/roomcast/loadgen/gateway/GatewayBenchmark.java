package io.roomcast.loadgen.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.loadgen.CpuSampler;
import io.roomcast.loadgen.ws.WsClients;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Benchmark of the WebSocket gateway with real sockets ({@code loadgen/bench-gateway}):
 * <ul>
 *   <li>{@code fanout}: one room of a host and {@code listeners} listeners over the gateway nodes;
 *       a paced phase (latency: fact time → frame received, p50/p99 ms) and a burst phase
 *       (throughput: deliveries/s), then the same two phases with the same number of clients on
 *       Socket.IO with its Redis adapter, side by side, and the throughput ratio;</li>
 *   <li>{@code sessions}: how many identified, heartbeating sessions (in rooms) one node holds, and
 *       its heap and resident memory per session (bytes).</li>
 * </ul>
 * The last line of stdout is the result as one JSON object; progress goes to stderr.
 */
public final class GatewayBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Clients heartbeat more often than the 15 s the gateway announces, as the demo does. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(10);

    private final GatewayBenchmarkOptions options;
    private final WsClients clients = new WsClients(2, 4 << 20);
    private final GatewayHttp http;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();

    private GatewayBenchmark(GatewayBenchmarkOptions options) {
        this.options = options;
        this.http = new GatewayHttp(options.gateway());
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.println(GatewayBenchmarkOptions.usage());
            return;
        }
        GatewayBenchmarkOptions options;
        try {
            options = GatewayBenchmarkOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("bench-gateway: " + e.getMessage());
            System.err.println(GatewayBenchmarkOptions.usage());
            System.exit(2);
            return;
        }
        GatewayBenchmark benchmark = new GatewayBenchmark(options);
        Map<String, Object> result;
        try {
            result = options.mode().equals("fanout") ? benchmark.fanout() : benchmark.sessions();
        } finally {
            benchmark.heartbeats.shutdownNow();
            benchmark.clients.close();
        }
        System.out.println(JSON.writeValueAsString(result));
        System.exit(0);
    }

    private Map<String, Object> fanout() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "gateway-fanout");
        result.put("gateway_nodes", options.nodes().size());
        int receivers = options.listeners() + 1;
        List<String> names = new ArrayList<>();
        names.add("bench-host-" + run);
        for (int i = 1; i <= options.listeners(); i++) {
            names.add("bench-" + run + "-" + i);
        }
        progress("tokens for " + names.size() + " users ...");
        List<String> tokens = http.tokens(names);
        String room = http.createRoom(tokens.getFirst(), "bench " + run, Duration.ofSeconds(30));
        progress("room " + room + "; connecting " + receivers + " sessions over " + options.nodes().size() + " node(s) ...");
        List<RoomcastUser> users = connect(receivers, i -> new RoomcastUser(i, names.get(i), tokens.get(i)),
            i -> options.nodes().get(i % options.nodes().size()), u -> u.ready());
        heartbeats.scheduleAtFixedRate(() -> users.forEach(RoomcastUser::heartbeat), 1, HEARTBEAT.toSeconds(), TimeUnit.SECONDS);

        progress("joining " + receivers + " sessions (every join is a fact for everyone already in) ...");
        long framesBefore = SimulatedUser.FRAMES.get();
        long rampStart = System.nanoTime();
        bounded(users.size(), i -> {
            users.get(i).join(room);
            return users.get(i).joined();
        });
        double rampSeconds = (System.nanoTime() - rampStart) / 1e9;
        long rampFrames = SimulatedUser.FRAMES.get() - framesBefore;
        result.put("join_ramp", Map.of("joined", receivers, "seconds", round(rampSeconds), "frames", rampFrames,
            "frames_per_s", Math.round(rampFrames / rampSeconds)));

        Map<String, Object> roomcast = new LinkedHashMap<>();
        try (FactProducer facts = new FactProducer(options.bootstrapServers(), options.registryApiUrl(), room, names.getFirst());
             FactWatcher watcher = new FactWatcher(options.bootstrapServers(), options.registryApiUrl(), room)) {
            facts.send("warmup-" + run + "-", 0); // the serializer's first schema lookup, outside the measurement
            facts.flush();
            roomcast.put("paced", phase("paced", receivers, options.pacedFacts(), (prefix, deliveries) -> {
                measure(users, watcher, new RoomcastUser.Phase(prefix, deliveries));
                pace(options.pacedFacts(), options.pacedRate(), n -> facts.send(prefix, n));
                facts.flush();
            }));
            roomcast.put("burst", phase("burst", receivers, options.burstFacts(), (prefix, deliveries) -> {
                measure(users, watcher, new RoomcastUser.Phase(prefix, deliveries));
                for (int n = 0; n < options.burstFacts(); n++) {
                    facts.send(prefix, n);
                }
                facts.flush();
            }));
        }
        result.put("roomcast", roomcast);
        heartbeats.shutdownNow();
        users.forEach(RoomcastUser::close);

        if (!options.socketIo().isEmpty()) {
            result.put("socketio", socketIo(receivers));
            double ours = ((Number) ((Map<?, ?>) roomcast.get("burst")).get("deliveries_per_s")).doubleValue();
            double theirs = ((Number) ((Map<?, ?>) ((Map<?, ?>) result.get("socketio")).get("burst")).get("deliveries_per_s")).doubleValue();
            result.put("throughput_ratio_roomcast_to_socketio", theirs == 0 ? null : round(ours / theirs));
        }
        return result;
    }

    private static void measure(List<RoomcastUser> users, FactWatcher watcher, RoomcastUser.Phase phase) {
        watcher.measure(phase);
        users.forEach(u -> u.measure(phase));
    }

    private Map<String, Object> socketIo(int receivers) throws Exception {
        String room = "bench-" + run;
        progress("Socket.IO: connecting " + receivers + " clients over " + options.socketIo().size() + " node(s) ...");
        List<SocketIoUser> users = connect(receivers, SocketIoUser::new,
            i -> URI.create(options.socketIo().get(i % options.socketIo().size()) + "/socket.io/?EIO=4&transport=websocket"),
            SocketIoUser::connected);
        bounded(users.size(), i -> {
            users.get(i).join(room);
            return users.get(i).joined();
        });
        int bytes = RoomcastUser.factFrameBytes() > 0 ? RoomcastUser.factFrameBytes() : options.factBytes();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("fact_bytes", bytes);
        SocketIoUser publisher = users.getFirst();
        out.put("paced", phase("paced", receivers, options.pacedFacts(), (prefix, deliveries) -> {
            users.forEach(u -> u.measure(deliveries));
            publisher.publish(room, options.pacedFacts(), 1000 / options.pacedRate(), bytes).get(5, TimeUnit.MINUTES);
        }));
        out.put("burst", phase("burst", receivers, options.burstFacts(), (prefix, deliveries) -> {
            users.forEach(u -> u.measure(deliveries));
            publisher.publish(room, options.burstFacts(), 0, bytes).get(5, TimeUnit.MINUTES);
        }));
        users.forEach(SocketIoUser::close);
        return out;
    }

    /** A measured phase: starts the facts, waits for every delivery (or the timeout), adds CPU use. */
    private Map<String, Object> phase(String name, int receivers, int facts, PhaseBody body) throws Exception {
        Deliveries deliveries = new Deliveries(facts, receivers);
        CpuSampler cpu = new CpuSampler(options.watchPids());
        CpuSampler.Sample from = cpu.sample();
        progress("  " + name + ": " + facts + " facts to " + receivers + " receivers ...");
        body.run(name + "-" + run + "-", deliveries);
        boolean complete = deliveries.await(options.timeout().toMillis());
        Map<String, Object> summary = deliveries.summary();
        summary.put("complete", complete);
        summary.putAll(CpuSampler.coresUsed(from, cpu.sample()));
        progress("  " + name + ": " + summary);
        return summary;
    }

    @FunctionalInterface
    private interface PhaseBody {
        void run(String prefix, Deliveries deliveries) throws Exception;
    }

    private Map<String, Object> sessions() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "gateway-sessions");
        result.put("sessions_requested", options.sessions());
        GatewayMemory memory = new GatewayMemory(options.gatewayPid(), options.metricsUrl());
        Map<String, Long> before = memory.read();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < options.sessions(); i++) {
            names.add("bench-" + run + "-" + i);
        }
        progress("tokens for " + names.size() + " users ...");
        List<String> tokens = http.tokens(names);
        List<String> rooms = new ArrayList<>();
        for (int r = 0; r < options.sessionRooms(); r++) {
            rooms.add(http.createRoom(tokens.get(r), "bench " + run + " " + r, Duration.ofSeconds(30)));
        }
        progress("connecting " + names.size() + " sessions to " + options.nodes().getFirst() + " ...");
        long start = System.nanoTime();
        List<RoomcastUser> users = connect(names.size(), i -> new RoomcastUser(i, names.get(i), tokens.get(i)),
            i -> options.nodes().getFirst(), RoomcastUser::ready);
        result.put("connect_seconds", round((System.nanoTime() - start) / 1e9));
        heartbeats.scheduleAtFixedRate(() -> users.forEach(RoomcastUser::heartbeat), 1, HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
        if (!rooms.isEmpty()) {
            progress("joining " + rooms.size() + " rooms ...");
            bounded(users.size(), i -> {
                users.get(i).join(rooms.get(i % rooms.size()));
                return users.get(i).joined();
            });
        }
        progress("holding " + users.size() + " sessions for " + options.hold().toSeconds() + " s ...");
        Thread.sleep(options.hold().toMillis()); // the hold itself is the measurement
        result.put("sessions_open", users.stream().filter(RoomcastUser::isOpen).count());
        result.put("rooms", rooms.size());
        Map<String, Long> after = memory.read();
        after.forEach((key, value) -> {
            Long was = before.get(key);
            result.put(key + "_before", value == null ? null : was);
            result.put(key + "_after", value);
            if (was != null) {
                result.put(key + "_per_session", Math.round((value - was) / (double) users.size()));
            }
        });
        users.forEach(RoomcastUser::close);
        return result;
    }

    /** Opens {@code count} client sockets (bounded in flight), each completing {@code ready}. */
    private <U extends io.roomcast.loadgen.ws.WsListener> List<U> connect(int count, IntFunction<U> user,
            IntFunction<URI> uri, Function<U, CompletableFuture<?>> ready) throws InterruptedException {
        List<U> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            users.add(user.apply(i));
        }
        List<URI> targets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            targets.add(uri.apply(i));
        }
        List<String> sources = options.sourceAddresses();
        bounded(count, i -> clients.connect(targets.get(i), new InetSocketAddress(sources.get(i % sources.size()), 0), users.get(i))
            .thenCompose(s -> ready.apply(users.get(i))));
        return users;
    }

    /** Runs {@code step} for 0 .. count-1 with at most {@code concurrency} unfinished; fails on the first failure. */
    private void bounded(int count, IntFunction<CompletableFuture<?>> step) throws InterruptedException {
        Semaphore slots = new Semaphore(options.concurrency());
        List<CompletableFuture<?>> all = new ArrayList<>(count);
        long deadline = System.nanoTime() + options.timeout().toNanos();
        for (int i = 0; i < count; i++) {
            if (!slots.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("timed out after " + i + " of " + count);
            }
            all.add(step.apply(i).whenComplete((ok, e) -> slots.release()));
            if ((i + 1) % 2_000 == 0) {
                progress("    " + (i + 1) + " / " + count);
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
            .orTimeout(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).join();
    }

    /** Calls {@code send} for 0 .. count-1 at {@code ratePerSecond}. */
    private static void pace(int count, double ratePerSecond, java.util.function.IntConsumer send) throws InterruptedException {
        long start = System.nanoTime();
        for (int n = 0; n < count; n++) {
            long due = start + Math.round(n * 1e9 / ratePerSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            send.accept(n);
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static void progress(String line) {
        System.err.println("bench-gateway: " + line);
    }
}
