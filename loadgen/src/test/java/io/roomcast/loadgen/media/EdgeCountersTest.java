package io.roomcast.loadgen.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EdgeCountersTest {
    @Test
    void aFailuresMessageNamesTheNonZeroDropsAndUnbindsByReasonTheStunReadAndTheLongestStall() throws Exception {
        String page = """
            # TYPE roomcast_media_dropped_total counter
            roomcast_media_dropped_total{reason="not_speaker"} 0.0
            roomcast_media_dropped_total{reason="unbound_source"} 414.0
            roomcast_media_dropped_total{reason="rate_limited"} 66.0
            # TYPE roomcast_media_unbound_total counter
            roomcast_media_unbound_total{reason="left"} 0.0
            roomcast_media_unbound_total{reason="silent"} 1.0
            # TYPE roomcast_media_received_total counter
            roomcast_media_received_total{kind="rtp"} 960.0
            roomcast_media_received_total{kind="stun"} 24.0
            # TYPE roomcast_media_loop_lag_seconds_max gauge
            roomcast_media_loop_lag_seconds_max 3.1204
            """;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/prometheus", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            assertThat(EdgeCounters.diagnosis("http://127.0.0.1:" + server.getAddress().getPort() + "/prometheus"))
                .isEqualTo("unbound_source=414 rate_limited=66; unbound silent=1; stun read=24; longest stall 3120 ms");
        } finally {
            server.stop(0);
        }
    }
}
