package io.roomcast.schemas;

/**
 * Room topic slugs ({@code category.subtopic}, e.g. {@code tech.ai}; the catalog is the user/club API's
 * {@code GET /topics}) and their category, the one rule every reader and writer of a category uses: the
 * room read model's per-category index, {@code GET /rooms?category=}, and the search index's category field.
 */
public final class RoomTopics {
    private RoomTopics() {
    }

    /**
     * @param topic a topic slug, or null
     * @return the part before the first dot ({@code tech.ai} gives {@code tech}); the whole slug when it has no
     *     dot; null for a null or empty topic or one that starts with a dot
     */
    public static String category(String topic) {
        if (topic == null || topic.isEmpty()) {
            return null;
        }
        int dot = topic.indexOf('.');
        return dot < 0 ? topic : dot == 0 ? null : topic.substring(0, dot);
    }
}
