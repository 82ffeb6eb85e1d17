package io.roomcast.loadgen.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveriesTest {

    @Test
    void countsWhatEachReceiverGotMissedDoubledOrReordered() throws InterruptedException {
        Deliveries d = new Deliveries(3, 2);
        d.record(0, 0, 1_000, 3_000);
        d.record(0, 1, 2_000, 4_000);
        d.record(0, 1, 2_000, 4_500);   // the same fact again
        d.record(0, 2, 2_500, 6_000);
        d.record(1, 2, 2_500, 5_000);
        d.record(1, 0, 1_000, 5_500);   // fact 0 after fact 2: out of order
        d.record(1, 7, 9_000, 9_000);   // not a fact of this phase: ignored

        assertThat(d.await(0)).isFalse();
        var summary = d.summary();
        assertThat(summary).containsEntry("delivered", 5L).containsEntry("missing", 1L)
            .containsEntry("duplicates", 1L).containsEntry("order_violations", 1L);
        assertThat((double) summary.get("max_ms")).isEqualTo(4.5);
        assertThat(summary).doesNotContainKey("readable_to_received_p50_ms");
    }

    @Test
    void latencyFromReadableIsTheFanOutLayersShareAndThroughputSpansFirstFactToLastArrival() throws InterruptedException {
        Deliveries d = new Deliveries(1, 2);
        d.readable(0, 11_000);
        d.record(0, 0, 10_000, 12_000);
        d.record(1, 0, 10_000, 14_000);

        assertThat(d.await(0)).isTrue();
        var summary = d.summary();
        assertThat(summary).containsEntry("missing", 0L).containsEntry("readable_to_received_max_ms", 3.0)
            .containsEntry("max_ms", 4.0).containsEntry("span_ms", 4.0).containsEntry("deliveries_per_s", 500L);
    }
}
