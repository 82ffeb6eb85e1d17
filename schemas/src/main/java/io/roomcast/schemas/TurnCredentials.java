package io.roomcast.schemas;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-limited TURN credentials, the "TURN REST API" scheme coturn checks with {@code use-auth-secret}
 * (draft-uberti-behave-turn-rest-00 section 2.2): username {@code <expiry, epoch seconds>:<user>},
 * password base64(HMAC-SHA1(shared secret, username)). The gateway mints them for clients; the TURN
 * server recomputes the password from the username and refuses it after the expiry. Pure.
 *
 * @param username {@code <expiry>:<user>}
 * @param credential the password
 * @param expiresAt when coturn stops accepting them
 */
public record TurnCredentials(String username, String credential, Instant expiresAt) {

    /**
     * @param secret the secret shared with the TURN server ({@code static-auth-secret})
     * @param user who they are for (no colon needed; any text)
     * @throws IllegalArgumentException for a blank secret
     */
    public static TurnCredentials mint(String secret, String user, Instant expiresAt) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the TURN secret must not be blank");
        }
        String username = expiresAt.getEpochSecond() + ":" + user;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            String credential = Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
            return new TurnCredentials(username, credential, expiresAt);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }
}
