package io.roomcast.search;

/** Field names of the search documents (snake_case JSON), written once for the indexer and the gateway. */
public final class SearchFields {
    private SearchFields() {}

    // rooms
    public static final String ROOM_ID = "room_id";
    public static final String TITLE = "title";
    /** Topic slug, e.g. {@code tech.ai}; a filter. */
    public static final String TOPIC = "topic";
    /** The topic slug as searchable words ({@code tech.ai} gives {@code tech ai}). */
    public static final String TOPIC_TEXT = "topic_text";
    /** The slug's part before the first dot ({@code tech}), or the whole slug without a dot; a filter. */
    public static final String CATEGORY = "category";
    /**
     * The room's language: a BCP 47 tag (RFC 5646) in canonical case, e.g. {@code pt-BR}; a filter
     * (RFC 4647 basic filtering: {@code pt} finds {@code pt} and {@code pt-BR}).
     */
    public static final String LANGUAGE = "language";
    public static final String VISIBILITY = "visibility";
    public static final String CLUB_ID = "club_id";
    /** SCHEDULED, LIVE or ENDED. */
    public static final String LIFECYCLE = "lifecycle";
    public static final String CREATED_BY = "created_by";
    /** SOCIAL rooms: the users invited by name, and the host; the host's follows are checked at query time. */
    public static final String AUDIENCE = "audience_user_ids";
    /** Speakers and moderators in the room now (the "people you follow are speaking" boost). */
    public static final String SPEAKERS = "speaker_ids";
    /** Listeners now, from room-stats. */
    public static final String LISTENERS = "listeners";
    public static final String STARTS_AT = "starts_at";
    public static final String STARTED_AT = "started_at";
    public static final String ENDED_AT = "ended_at";
    /** When the fact behind the document's latest change happened (epoch ms): the indexing lag's start. */
    public static final String FACT_AT = "fact_at";

    // users
    public static final String USER_ID = "user_id";
    public static final String USERNAME = "username";
    public static final String DISPLAY_NAME = "display_name";
    public static final String BIO = "bio";
    public static final String AVATAR_URL = "avatar_url";
    public static final String FOLLOWERS = "follower_count";

    // clubs
    public static final String NAME = "name";
    public static final String DESCRIPTION = "description";
    public static final String TOPICS = "topics";
    public static final String TOPICS_TEXT = "topics_text";
    public static final String PRIVATE = "private";
    public static final String MEMBERS = "member_count";
}
