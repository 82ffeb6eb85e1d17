package io.roomcast.search.indexer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Searches again and again on a thread of its own while something happens to the index (a rebuild, an alias move),
 * counting the searches that found what they looked for, those that did not, and the first one that failed (which
 * stops the probe). Stop it with {@link #close()} before reading the verdict.
 */
final class SearchProbe implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger missing = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;

    /** @param found one search: true if it found what the test expects; an exception is a failed search */
    SearchProbe(String name, BooleanSupplier found) {
        this.thread = Thread.ofPlatform().name(name).start(() -> {
            while (!stop.get()) {
                try {
                    if (found.getAsBoolean()) {
                        answered.incrementAndGet();
                    } else {
                        missing.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    failure.set(e);
                    return;
                }
            }
        });
    }

    /** @return searches that found it so far */
    int answered() {
        return answered.get();
    }

    /** @return searches that answered without it */
    int missing() {
        return missing.get();
    }

    /** @return the first failed search, or null */
    Throwable failure() {
        return failure.get();
    }

    /** Stops the searches and waits up to 10 s for the one under way. */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join(Duration.ofSeconds(10));
    }
}
