package io.roomcast.loadgen.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The memory a gateway node uses, read from outside: a full GC first ({@code jcmd <pid> GC.run}),
 * then the heap in use (sum of the Prometheus {@code jvm_memory_used_bytes{area="heap"}} series) and
 * the resident set size ({@code VmRSS} of {@code /proc/<pid>/status}, proc(5)), both in bytes.
 * Without a pid only the heap is read (no forced GC); an unreachable endpoint leaves the heap out.
 */
final class GatewayMemory {
    private final long pid;
    private final String metricsUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    GatewayMemory(long pid, String metricsUrl) {
        this.pid = pid;
        this.metricsUrl = metricsUrl;
    }

    /** @return {@code heap_bytes} and {@code rss_bytes} (those that could be read) */
    Map<String, Long> read() throws InterruptedException {
        Map<String, Long> out = new LinkedHashMap<>();
        if (pid > 0) {
            fullGc();
        }
        try {
            String text = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            long heap = text.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
            out.put("heap_bytes", heap);
        } catch (IOException e) {
            System.err.println("bench-gateway: no heap figure (" + metricsUrl + ": " + e + ")");
        }
        if (pid > 0) {
            try {
                Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .findFirst().ifPresent(l -> out.put("rss_bytes", Long.parseLong(l.replaceAll("\\D", "")) * 1024));
            } catch (IOException e) {
                System.err.println("bench-gateway: no RSS figure for pid " + pid + ": " + e);
            }
        }
        return out;
    }

    private void fullGc() throws InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path jcmd = Path.of(java).resolveSibling("jcmd");
        try {
            new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            System.err.println("bench-gateway: no full GC before reading memory (" + jcmd + ": " + e + ")");
        }
    }
}
