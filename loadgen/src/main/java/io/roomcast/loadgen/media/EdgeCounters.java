package io.roomcast.loadgen.media;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        String body = scrape(prometheusUrl);
        return body.isEmpty() ? Double.NaN : sum(body, "roomcast_media_forwarded_total");
    }

    /** The sum of the page's samples whose line starts with {@code series} (0 when there is none). */
    private static double sum(String body, String series) {
        return body.lines().filter(l -> l.startsWith(series)).mapToDouble(EdgeCounters::value).sum();
    }

    /**
     * What an edge did that explains a failure, for its message: {@code roomcast_media_dropped_total} and
     * {@code roomcast_media_unbound_total} by reason, the non-zero ones (what it refused to forward, and which
     * bindings it ended and why: a speaker's packets dropped as {@code unbound_source} after {@code unbound
     * silent=1} bound, then stayed silent past the silent timeout); the STUN datagrams it read
     * ({@code roomcast_media_received_total{kind="stun"}}: binding requests and ICE checks); and its forwarding
     * threads' longest recent stall ({@code roomcast_media_loop_lag_seconds_max}, ms), during which nothing
     * was read.
     *
     * @return e.g. {@code "not_speaker=150 backpressure=3; unbound silent=1; stun read=24; longest stall 3120 ms"},
     *     {@code "no drops; stun read=0; longest stall 0 ms"}, or {@code "unreadable"}
     */
    public static String diagnosis(String prometheusUrl) {
        String body = scrape(prometheusUrl);
        if (body.isEmpty()) {
            return "unreadable";
        }
        String drops = nonZero(body, "roomcast_media_dropped_total");
        String unbinds = nonZero(body, "roomcast_media_unbound_total");
        return (drops.isEmpty() ? "no drops" : drops) + (unbinds.isEmpty() ? "" : "; unbound " + unbinds)
            + "; stun read=" + (long) sum(body, "roomcast_media_received_total{kind=\"stun\"}")
            + "; longest stall " + Math.round(1000 * sum(body, "roomcast_media_loop_lag_seconds_max")) + " ms";
    }

    /** The counter's non-zero values by reason tag, e.g. {@code "silent=1 left=2"}, or "". */
    private static String nonZero(String body, String counter) {
        Matcher m = Pattern.compile("(?m)^" + counter + "\\{[^}]*reason=\"([a-z_]+)\"[^}]*} (\\S+)$").matcher(body);
        StringBuilder found = new StringBuilder();
        while (m.find()) {
            long n = (long) Double.parseDouble(m.group(2));
            if (n > 0) {
                found.append(found.isEmpty() ? "" : " ").append(m.group(1)).append('=').append(n);
            }
        }
        return found.toString();
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    /** The page's text, or "" when it cannot be read (the callers report NaN or "unreadable"). */
    private static String scrape(String prometheusUrl) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(prometheusUrl)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | RuntimeException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
