package io.roomcast.social.core;

import java.util.Locale;

/** A member's role in a club; every member has MEMBER or a higher role (stored as lower case). */
public enum ClubRole {
    ADMIN, MODERATOR, MEMBER;

    /** @return the stored and wire form: {@code admin}, {@code moderator}, {@code member} */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param wire {@code admin}, {@code moderator} or {@code member}
     * @throws Refusal (INVALID) for anything else
     */
    public static ClubRole ofWire(String wire) {
        for (ClubRole role : values()) {
            if (role.wire().equals(wire)) {
                return role;
            }
        }
        throw Refusal.invalid("role must be admin, moderator or member");
    }
}
