package io.roomcast.media.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SsrcTableTest {
    @Test
    void bindsAnySsrcIncludingZeroAndNegativeOnes() {
        SsrcTable<String> table = new SsrcTable<>();
        table.put(0, "zero");
        table.put(-1, "all ones");
        table.put(Integer.MIN_VALUE, "min");
        assertThat(table.get(0)).isEqualTo("zero");
        assertThat(table.get(-1)).isEqualTo("all ones");
        assertThat(table.get(Integer.MIN_VALUE)).isEqualTo("min");
        assertThat(table.get(1)).isNull();
        table.put(0, "again");
        assertThat(table.get(0)).isEqualTo("again");
        assertThat(table.size()).isEqualTo(3);
        assertThatThrownBy(() -> table.put(5, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void behavesLikeAMapThroughGrowthAndRemovals() {
        SsrcTable<Integer> table = new SsrcTable<>();
        Map<Integer, Integer> model = new HashMap<>();
        Random random = new Random(42);
        for (int step = 0; step < 20_000; step++) {
            int ssrc = random.nextInt(3000) - 1500;
            if (random.nextInt(3) == 0) {
                table.remove(ssrc);
                model.remove(ssrc);
            } else {
                table.put(ssrc, step);
                model.put(ssrc, step);
            }
        }
        assertThat(table.size()).isEqualTo(model.size());
        for (int ssrc = -1500; ssrc < 1500; ssrc++) {
            assertThat(table.get(ssrc)).as("SSRC %d", ssrc).isEqualTo(model.get(ssrc));
        }
    }
}
