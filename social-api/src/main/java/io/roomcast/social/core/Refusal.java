package io.roomcast.social.core;

/**
 * A request the social rules refuse; nothing was changed. The HTTP adapter answers {@link Kind#status()}
 * with the error body of docs/openapi.yml.
 */
public final class Refusal extends RuntimeException {
    /** Why, with the HTTP status the API answers. */
    public enum Kind {
        /** Malformed input: a bad username, text or parameter, following yourself (400). */
        INVALID(400),
        /** The caller may not do this: not a club admin, blocked, no profile yet, no invites left (403). */
        FORBIDDEN(403),
        /** The user, club, topic, member or join request named does not exist (404). */
        NOT_FOUND(404),
        /** The change collides with the current state: a username taken, the last admin leaving (409). */
        CONFLICT(409);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        /** @return the HTTP status code answered */
        public int status() {
            return status;
        }
    }

    private final Kind kind;

    public Refusal(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static Refusal invalid(String message) {
        return new Refusal(Kind.INVALID, message);
    }

    public static Refusal forbidden(String message) {
        return new Refusal(Kind.FORBIDDEN, message);
    }

    public static Refusal notFound(String message) {
        return new Refusal(Kind.NOT_FOUND, message);
    }

    public static Refusal conflict(String message) {
        return new Refusal(Kind.CONFLICT, message);
    }
}
