package io.roomcast.loadgen.media;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Counters read from a media edge's {@code /prometheus} (Prometheus text format). */
public final class EdgeCounters {
    private EdgeCounters() {
    }

    /**
     * {@code roomcast_media_forwarded_total} (copies sent to listeners, speakers and relays, all rooms).
     *
     * @param prometheusUrl e.g. {@code http://localhost:8070/prometheus}
     * @return the count; NaN if unreadable
     */
    public static double forwarded(String prometheusUrl) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String body = http.send(HttpRequest.newBuilder(URI.create(prometheusUrl)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            return body.lines().filter(l -> l.startsWith("roomcast_media_forwarded_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }
}
