package io.roomcast.devstack.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.clients.media.SpeechClip;
import io.roomcast.clients.webrtc.BrowserPeers;
import io.roomcast.devstack.HallwayWeightsSetter;
import io.roomcast.devstack.LocalPlatform;
import io.roomcast.devstack.PlatformConfig;
import io.roomcast.devstack.chaos.ChaosRun;
import io.roomcast.loadgen.scenario.AudioScenario;
import io.roomcast.loadgen.scenario.DemoBrowsers;
import io.roomcast.loadgen.scenario.DemoChecks;
import io.roomcast.loadgen.scenario.NotificationFloodScenario;
import io.roomcast.loadgen.scenario.HallwayScenario;
import io.roomcast.loadgen.scenario.RoomScenario;
import io.roomcast.loadgen.scenario.SocialScenario;
import io.roomcast.servers.ManagedProcess;
import io.roomcast.servers.ServerStartException;
import io.roomcast.servers.ServiceProcess;
import io.roomcast.servers.provision.CatalogRoundTrip;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./roomcast up | down | demo}: the local platform's command line.
 *
 * <p>Exit codes: 0 success; 1 the command failed (the message says why); 2 bad usage.
 */
public final class Roomcast {
    /** How long {@code down} waits for {@code up} to stop everything: 60 s. */
    public static final Duration DOWN_GRACE = Duration.ofSeconds(60);
    /** Listeners in the demo's room (plus a host and 3 speakers), spread over two gateway nodes. */
    public static final int GATEWAY_DEMO_LISTENERS = 200;
    /** Listeners in the demo's audio room (plus a host and 3 speakers), spread over two media edges. */
    public static final int AUDIO_DEMO_LISTENERS = 20;
    /**
     * The audio demo's own media edge: its id sorts before the platform's {@code edge-1}, so the gateway makes
     * it the room's origin (least loaded, then by id), and it takes 3 speakers and about half the listeners
     * ({@code roomcast.media.listener-capacity}, participants bound), so the rest go to a relay edge.
     */
    public static final String AUDIO_DEMO_EDGE = "demo-edge";
    /** How long the demo waits for its records to come back: 30 s. */
    public static final Duration DEMO_READ_TIMEOUT = Duration.ofSeconds(30);

    private static final String USAGE = """
        usage: ./roomcast up     start the local platform and run until Ctrl-C or ./roomcast down
               ./roomcast down   stop a running ./roomcast up and everything it started
               ./roomcast demo   run the scripted demo (starts the platform first if it is not running)
               ./roomcast node <service> <port>
                                 one more instance of a service (ingress-ws, room-state-stream, media-edge) on the
                                 running platform, until Ctrl-C (heap: ROOMCAST_SERVICE_HEAP, default 384m); a
                                 media edge takes UDP port ROOMCAST_MEDIA_UDP_PORT, else any free one
               ./roomcast hallway-weights <social> <topic> <momentum> <speaker-quality>
                                 set the hallway score's weights on the running platform (topic ranking-config):
                                 ranking-stream ranks with them from each user's next ranking, no restart
               ./roomcast chaos [--users 1000] [--rooms 50] [--faults-per-kind 2] [--seed N]
                                 the fault-injection run on a platform of its own (docs/reliability.md, "Chaos run")""";

    private final PlatformConfig config;
    private final PrintStream out;

    Roomcast(PlatformConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    public static void main(String[] args) {
        if (args.length == 0 || args.length != switch (args[0]) {
            case "node" -> 3;
            case "hallway-weights" -> 5;
            case "chaos" -> args.length;
            default -> 1;
        }) {
            System.err.println(USAGE);
            System.exit(2);
        }
        Roomcast cli = new Roomcast(PlatformConfig.fromEnvironment(System.getenv()), System.out);
        int exitCode;
        try {
            exitCode = switch (args[0]) {
                case "up" -> cli.up();
                case "down" -> cli.down();
                case "demo" -> cli.demo();
                case "node" -> cli.node(args[1], args[2]);
                case "hallway-weights" -> cli.hallwayWeights(args[1], args[2], args[3], args[4]);
                case "chaos" -> cli.chaos(java.util.Arrays.copyOfRange(args, 1, args.length));
                default -> {
                    System.err.println("roomcast: unknown command '" + args[0] + "'\n" + USAGE);
                    yield 2;
                }
            };
        } catch (ServerStartException | IllegalStateException | IllegalArgumentException e) {
            System.err.println("roomcast: " + e.getMessage());
            exitCode = 1;
        }
        System.exit(exitCode);
    }

    private int up() {
        long running = runningLauncherPid();
        if (running > 0) {
            throw new IllegalStateException("already running (pid " + running + "); stop it with ./roomcast down");
        }
        out.println("Starting the Roomcast local platform (data and logs in " + config.home() + ")");
        LocalPlatform platform = LocalPlatform.start(config, out);
        writeLauncherPid();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping the Roomcast local platform ...");
            platform.close();
            deleteQuietly(config.launcherPidFile());
            out.println("Stopped.");
            stopped.countDown();
        }, "roomcast-down"));
        out.println("Roomcast is up:");
        out.println(platform.summary());
        Integer gatewayPort = config.services().get(PlatformConfig.Service.INGRESS_WS);
        if (gatewayPort != null) {
            out.println("Try it in your browser: http://localhost:" + gatewayPort + "/ (sign in with any user id)");
        }
        out.println("Press Ctrl-C or run ./roomcast down to stop.");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private int down() {
        boolean launcher = ManagedProcess.stopFromPidFile(config.launcherPidFile(), DOWN_GRACE);
        int leftovers = 0;
        if (Files.isDirectory(config.logs())) {
            try (DirectoryStream<Path> pids = Files.newDirectoryStream(config.logs(), "*.pid")) {
                for (Path pid : pids) {
                    leftovers += ManagedProcess.stopFromPidFile(pid, ManagedProcess.DEFAULT_STOP_GRACE) ? 1 : 0;
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + config.logs() + ": " + e.getMessage(), e);
            }
        }
        out.println(launcher || leftovers > 0
            ? "Roomcast stopped" + (leftovers > 0 ? " (" + leftovers + " leftover server processes killed)" : "") + "."
            : "Roomcast was not running.");
        return 0;
    }

    private int demo() {
        CompletableFuture<DemoBrowsers> browsers = prepareBrowsers();
        try {
            return demo(browsers);
        } finally {
            browsers.whenComplete((b, e) -> {
                if (b != null) {
                    b.close();
                }
            });
        }
    }

    /**
     * The audio demo's browsers, installed while the platform starts and the room scenario runs: Chromium
     * and playwright-core where missing (the first time: apt-get and npm ci, about a minute) and the speech
     * WAV; Chromium itself starts with the audio demo ({@link DemoBrowsers#launch}). None without the
     * gateway and a media edge (no audio demo).
     */
    private CompletableFuture<DemoBrowsers> prepareBrowsers() {
        if (!config.services().containsKey(PlatformConfig.Service.INGRESS_WS)
                || !config.services().containsKey(PlatformConfig.Service.MEDIA_EDGE)) {
            return CompletableFuture.completedFuture(DemoBrowsers.none("no audio scenario"));
        }
        Path speech = SpeechClip.directory(System.getenv(), config.root());
        Path scripts = config.root().resolve(BrowserPeers.DIR_IN_REPOSITORY);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return DemoBrowsers.install(scripts, speech, config.home());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        });
    }

    private int demo(CompletableFuture<DemoBrowsers> browsers) {
        LocalPlatform platform = null;
        if (LocalPlatform.isRunning(config)) {
            out.println("Using the running platform at " + config.bootstrapServers() + " and " + config.registryUrl());
        } else {
            out.println("Platform not running: starting it for the demo");
            platform = LocalPlatform.start(config, out);
        }
        try {
            out.println("Producing one record of every event type and reading each back:");
            CatalogRoundTrip.Result result = new CatalogRoundTrip(config.bootstrapServers(), config.registryApiUrl(),
                DEMO_READ_TIMEOUT, out).run();
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("demo", "failed");
            summary.put("events_produced", result.produced());
            summary.put("events_read_back", result.readBack());
            Integer gatewayPort = config.services().get(PlatformConfig.Service.INGRESS_WS);
            if (gatewayPort != null) {
                summary.putAll(gatewayDemo(gatewayPort, browsers));
            }
            List<String> failures = DemoChecks.failures(summary);
            boolean ok = result.readBack() == result.produced() && failures.isEmpty();
            summary.put("demo", ok ? "ok" : "failed");
            if (platform != null) {
                out.println("Stopping the platform started for the demo");
                platform.close();
                platform = null;
            }
            out.println(new ObjectMapper().writeValueAsString(summary));
            failures.forEach(f -> System.err.println("roomcast: demo: " + f));
            if (!ok) {
                LogDigest.print(config.logs(), System.err);
            }
            return ok ? 0 : 1;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            LogDigest.print(config.logs(), System.err);
            throw e;
        } finally {
            if (platform != null) {
                platform.close();
            }
        }
    }

    /** {@code ./roomcast chaos}: {@link ChaosRun}, in {@code <home>/chaos}. */
    private int chaos(String[] options) {
        try {
            return new ChaosRun(options, config.home(), config.root(), out).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@code ./roomcast hallway-weights}: {@link HallwayWeightsSetter#set}, then says what happens next. */
    private int hallwayWeights(String... text) {
        HallwayWeightsSetter.set(config, text);
        out.printf("hallway weights set: social %s, topic %s, momentum %s, speaker quality %s (ranking-stream uses them "
            + "from each active user's next ranking, within roomcast.hallway.refresh, 30 s)%n", text[0], text[1], text[2],
            text[3]);
        return 0;
    }

    /** {@code node <service> <port>}: one more instance of a service on the running platform, until stopped. */
    private int node(String serviceName, String portText) {
        PlatformConfig.Service service = java.util.Arrays.stream(PlatformConfig.Service.values())
            .filter(s -> s.module.equals(serviceName)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown service '" + serviceName + "'"));
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + portText + "' is not a number", e);
        }
        if (!LocalPlatform.isRunning(config)) {
            throw new IllegalStateException("the platform is not running: start it with ./roomcast up");
        }
        String instance = service.module + "-" + port;
        ServiceProcess node = LocalPlatform.startService(config, service, port, instance);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "roomcast-node-down"));
        out.println(instance + " is up on " + node.url() + " (pid " + node.pid() + ")"
            + (service == PlatformConfig.Service.MEDIA_EDGE ? ", UDP port: see " + node.url() + "/health (udp_port)" : "")
            + "; Ctrl-C stops it.");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * The social scenario's graph (loadgen's), then the room scenario over two gateway nodes (the platform's, and a
     * second one started for it), then the social scenario's access checks, then the hallway scenario, the search
     * scenario (with search-indexer in the platform); then, with a media edge in the platform,
     * the audio scenario over the same two nodes.
     */
    private Map<String, Object> gatewayDemo(int gatewayPort, CompletableFuture<DemoBrowsers> browsers)
        throws IOException {
        int secondPort = io.roomcast.servers.Ports.free();
        out.println("Starting a second gateway node on port " + secondPort + " for the room scenario");
        try (var second = LocalPlatform.startService(config, PlatformConfig.Service.INGRESS_WS, secondPort,
                "ingress-ws-2")) {
            List<String> gateways = List.of("http://localhost:" + gatewayPort, second.url());
            SocialScenario social = new SocialScenario(gateways.getFirst(), config.bootstrapServers(),
                config.registryApiUrl(), out);
            out.println("Social scenario: people, clubs and follows through the user/club API:");
            Map<String, Object> summary = new LinkedHashMap<>(social.buildGraph());
            NotificationFloodScenario flood = new NotificationFloodScenario(gateways.getFirst(), out);
            flood.follow();
            out.println("Room scenario over two gateway nodes:");
            summary.putAll(new RoomScenario(gateways, GATEWAY_DEMO_LISTENERS, out).run());
            out.println("Social scenario: who may join, from the graph:");
            summary.putAll(social.checkAccess());
            out.println("Hallway scenario: a followee starts a room, the follower's hallway:");
            summary.putAll(new HallwayScenario(gateways.getFirst(), out).run());
            out.println("Notification flood: " + NotificationFloodScenario.ROOMS + " followed people start rooms at once:");
            summary.putAll(flood.run());
            if (config.services().containsKey(PlatformConfig.Service.SEARCH_INDEXER)) {
                out.println("Search scenario: rooms and people through GET /search:");
                summary.putAll(new io.roomcast.loadgen.scenario.SearchScenario(gateways.getFirst(), out).run());
            }
            Integer edgePort = config.services().get(PlatformConfig.Service.MEDIA_EDGE);
            if (edgePort != null) {
                summary.putAll(audioDemo(gateways, edgePort, browsers));
            }
            return summary;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The audio scenario (loadgen's), its origin a media edge started for it, the platform's edge a relay.
     * The origin forwards {@link AudioScenario#CONCURRENT_SPEAKERS} speakers at once (the RTP ones and the
     * browser speaker) onto as many WHEP tracks, and takes the browsers beside its half of the listeners.
     */
    private Map<String, Object> audioDemo(List<String> gateways, int edgePort, CompletableFuture<DemoBrowsers> installed)
        throws IOException, InterruptedException {
        Path speech = SpeechClip.directory(System.getenv(), config.root());
        DemoBrowsers browsers = installed.join();
        // Chromium starts beside the demo's edge, not during the room scenario (it would compete for the CPU).
        CompletableFuture<DemoBrowsers> launched = CompletableFuture.supplyAsync(() -> {
            try {
                return browsers.launch();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (browsers.unavailable() != null) {
            out.println("Audio scenario without browsers: " + browsers.unavailable());
        }
        int capacity = 3 + (browsers.unavailable() == null ? AudioScenario.BROWSERS_ON_ORIGIN : 0)
            + AUDIO_DEMO_LISTENERS / 2;
        int port = io.roomcast.servers.Ports.free();
        out.println("Starting media edge " + AUDIO_DEMO_EDGE + " on port " + port + " (capacity " + capacity
            + ") for the audio scenario");
        String concurrent = Integer.toString(AudioScenario.CONCURRENT_SPEAKERS);
        try (var edge = LocalPlatform.startService(config, PlatformConfig.Service.MEDIA_EDGE, port,
                AUDIO_DEMO_EDGE, Map.of("roomcast.media.listener-capacity", Integer.toString(capacity),
                    "roomcast.media.loudest-speakers", concurrent, "roomcast.media.webrtc-tracks", concurrent))) {
            launched.join();
            out.println("Audio scenario (speech from " + speech + "):");
            return new AudioScenario(gateways, List.of("http://localhost:" + edgePort + "/prometheus",
                edge.url() + "/prometheus"), speech, AUDIO_DEMO_LISTENERS, browsers, out).run();
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("audio scenario: " + e.getMessage(), e);
        }
    }



    private long runningLauncherPid() {
        try {
            long pid = Long.parseLong(Files.readAllLines(config.launcherPidFile()).getFirst().trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() ? pid : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private void writeLauncherPid() {
        try {
            ManagedProcess.writePidFile(ProcessHandle.current(), config.launcherPidFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + config.launcherPidFile() + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort at shutdown
        }
    }
}
