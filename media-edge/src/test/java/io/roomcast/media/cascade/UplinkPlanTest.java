package io.roomcast.media.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.media.cascade.UplinkPlan.Change;
import io.roomcast.media.cascade.UplinkPlan.Uplink;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UplinkPlanTest {
    private final UplinkPlan plan = new UplinkPlan();

    @Test
    void aRoomsFirstRelayedBindingOpensOneUplinkAndLaterOnesChangeNothing() {
        assertThat(plan.need("r1", "e1", "10.0.0.1:5004")).isEqualTo(new Change.Open(new Uplink("r1", "e1", "10.0.0.1:5004")));
        assertThat(plan.need("r1", "e1", "10.0.0.1:5004")).isEqualTo(new Change.None());
        assertThat(plan.need("r2", "e1", "10.0.0.1:5004")).isInstanceOf(Change.Open.class);
        assertThat(plan.size()).isEqualTo(2);
    }

    @Test
    void aTokenNamingAnotherOriginRetargetsTheRoomsUplink() {
        plan.need("r1", "e1", "10.0.0.1:5004");

        assertThat(plan.need("r1", "e3", "10.0.0.3:5004")).isEqualTo(new Change.Retarget(
            new Uplink("r1", "e1", "10.0.0.1:5004"), new Uplink("r1", "e3", "10.0.0.3:5004")));
        assertThat(plan.of("r1").originEdge()).isEqualTo("e3");
    }

    @Test
    void theRelayedRoomsNameTheOriginOfTheirCurrentUplink() {
        plan.need("r1", "e1", "10.0.0.1:5004");
        plan.need("r2", "e1", "10.0.0.1:5004");
        plan.need("r1", "e3", "10.0.0.3:5004");
        plan.release("r2");

        assertThat(plan.origins()).isEqualTo(Map.of("r1", "e3"));
    }

    @Test
    void releasingARoomClosesItsUplinkOnceAndTheNextBindingOpensAgain() {
        plan.need("r1", "e1", "10.0.0.1:5004");

        assertThat(plan.release("r1")).isEqualTo(new Uplink("r1", "e1", "10.0.0.1:5004"));
        assertThat(plan.release("r1")).isNull();
        assertThat(plan.size()).isZero();
        assertThat(plan.need("r1", "e1", "10.0.0.1:5004")).isInstanceOf(Change.Open.class);
    }
}
