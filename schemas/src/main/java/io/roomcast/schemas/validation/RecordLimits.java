package io.roomcast.schemas.validation;

/**
 * Bounds on the identifiers every record carries, the same for whoever writes or reads the record
 * (the gateway's limits may be tighter, never looser). Lengths are in UTF-16 characters, as
 * {@link String#length()}.
 *
 * @param maxIdChars        longest room, user, club or session id (default 128); ids are never empty
 * @param maxNonceChars     longest command nonce (default 64); a nonce is never empty
 * @param maxGatewayChars   longest gateway node name (default 128)
 */
public record RecordLimits(int maxIdChars, int maxNonceChars, int maxGatewayChars) {
    /** The platform's limits. */
    public static final RecordLimits DEFAULT = new RecordLimits(128, 64, 128);

    /** @throws IllegalArgumentException if a limit is below 1 */
    public RecordLimits {
        if (maxIdChars < 1 || maxNonceChars < 1 || maxGatewayChars < 1) {
            throw new IllegalArgumentException("record limits must be >= 1: " + maxIdChars + ", " + maxNonceChars
                + ", " + maxGatewayChars);
        }
    }
}
