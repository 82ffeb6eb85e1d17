package io.roomcast.gateway.fanout;

import static io.roomcast.gateway.fanout.Fixtures.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SessionOutboxTest {
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger slow = new AtomicInteger();
    private final SessionOutbox.Listener listener = new SessionOutbox.Listener() {
        @Override
        public void onReady(SessionOutbox outbox) {
            ready.incrementAndGet();
        }

        @Override
        public void onSlow(SessionOutbox outbox) {
            slow.incrementAndGet();
        }
    };

    @Test
    void framesComeOutInOrderWithBytesAccounted() {
        SessionOutbox out = new SessionOutbox("s", "user-s", new SessionOutbox.Limits(10, 100), listener);
        out.offer(Frame.text("a"));
        out.offer(Frame.text("bé")); // 3 bytes in UTF-8
        out.offer(Frame.binary(new byte[] {1, 2}));

        assertThat(out.size()).isEqualTo(3);
        assertThat(out.bytes()).isEqualTo(6);
        assertThat(out.poll().asText()).isEqualTo("a");
        List<Frame> rest = new ArrayList<>();
        assertThat(out.drainTo(rest, 10)).isEqualTo(2);
        assertThat(rest).extracting(Frame::sizeBytes).containsExactly(3, 2);
        assertThat(out.bytes()).isZero();
        assertThat(out.poll()).isNull();
    }

    @Test
    void theWriterIsWokenOnlyWhenTheQueueStopsBeingEmpty() {
        SessionOutbox out = new SessionOutbox("s", "user-s", new SessionOutbox.Limits(10, 100), listener);
        out.offer(Frame.text("a"));
        out.offer(Frame.text("b"));
        assertThat(ready).hasValue(1);

        drain(out);
        out.offer(Frame.text("c"));
        assertThat(ready).hasValue(2);
    }

    @Test
    void tooManyFramesMarkTheSessionSlowAndFreeItsQueue() {
        SessionOutbox out = new SessionOutbox("s", "user-s", new SessionOutbox.Limits(3, 1000), listener);
        for (int i = 0; i < 3; i++) {
            assertThat(out.offer(Frame.text("f" + i))).isTrue();
        }

        assertThat(out.offer(Frame.text("f3"))).isFalse();
        assertThat(out.isSlow()).isTrue();
        assertThat(out.isDead()).isTrue();
        assertThat(out.size()).isZero();
        assertThat(out.bytes()).isZero();
        assertThat(out.offer(Frame.text("f4"))).isFalse();
        assertThat(slow).hasValue(1);
    }

    @Test
    void tooManyBytesMarkTheSessionSlow() {
        SessionOutbox out = new SessionOutbox("s", "user-s", new SessionOutbox.Limits(100, 10), listener);
        assertThat(out.offer(Frame.text("12345"))).isTrue();
        assertThat(out.offer(Frame.text("12345"))).isTrue();
        assertThat(out.fits(1, 1)).isFalse();

        assertThat(out.offer(Frame.text("1"))).isFalse();
        assertThat(out.isSlow()).isTrue();
        assertThat(slow).hasValue(1);
    }

    @Test
    void aClosedOutboxRefusesFramesAndIsNotSlow() {
        SessionOutbox out = new SessionOutbox("s", "user-s", SessionOutbox.Limits.DEFAULT, listener);
        out.offer(Frame.text("a"));
        out.close();

        assertThat(out.size()).isZero();
        assertThat(out.offer(Frame.text("b"))).isFalse();
        assertThat(out.isClosed()).isTrue();
        assertThat(out.isSlow()).isFalse();
        assertThat(slow).hasValue(0);
    }

    @Test
    void limitsBelowOneAreRejected() {
        assertThatThrownBy(() -> new SessionOutbox.Limits(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SessionOutbox.Limits(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void textFramesCountUtf8Bytes() {
        assertThat(Frame.text("abc").sizeBytes()).isEqualTo(3);
        assertThat(Frame.text("é").sizeBytes()).isEqualTo(2);
        assertThat(Frame.text("€").sizeBytes()).isEqualTo(3);
        assertThat(Frame.text("🎙").sizeBytes()).isEqualTo(4);
        assertThat(Frame.text("🎙").sizeBytes()).isEqualTo("🎙".getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }
}
