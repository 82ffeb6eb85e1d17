package io.roomcast.search;

import java.util.Map;
import java.util.Objects;

/**
 * One write to a search index, with Elasticsearch's external versioning: applied only if {@code version} is
 * above the stored document's, so a replay or a redelivery never moves a document back.
 *
 * @param index    the index (written through its alias, or the concrete index of a rebuild)
 * @param id       document id: room, user or club id
 * @param version  external version, at least 1 (room: see {@link RoomDocuments#versionOf}; profile/club: its version)
 * @param document the document (JSON as maps), or null to delete the document
 * @param factAtMs when the fact behind this write happened, epoch ms (the indexing lag's start)
 */
public record IndexWrite(SearchIndex index, String id, long version, Map<String, Object> document, long factAtMs) {

    /** @throws IllegalArgumentException if version is below 1 */
    public IndexWrite {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(id, "id");
        if (version < 1) {
            throw new IllegalArgumentException("external version must be at least 1: " + version);
        }
    }

    /** @return true for a delete */
    public boolean isDelete() {
        return document == null;
    }
}
