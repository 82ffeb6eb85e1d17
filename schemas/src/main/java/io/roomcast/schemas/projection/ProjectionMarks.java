package io.roomcast.schemas.projection;

import java.util.Collection;
import java.util.Set;

/**
 * What a read model remembers of its projection, per topic partition: a mark set when a {@link TopicProjector}
 * starts projecting a partition into it. A read model that lost its data (a Redis restarted without persistence,
 * a flushed database) lost its marks too; the projector then reads those partitions again from their start, so
 * the read model is rebuilt from the topic without waiting for each key's next record.
 */
public interface ProjectionMarks {
    /**
     * @param partitions the partitions the projector holds
     * @return those of them without a mark
     * @throws RuntimeException the projector's "unavailable" exception type when the read model cannot be asked
     *     (the check is tried again later)
     */
    Set<Integer> missing(Collection<Integer> partitions);

    /** Sets the mark of a partition (idempotent). */
    void mark(int partition);
}
