package io.roomcast.schemas.validation;

import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Optional;

/**
 * The rule for a room's language ({@code RoomDetails.language}) and the search filter on it: a well-formed
 * BCP 47 language tag (RFC 5646, section 2.1 syntax, checked by the JDK's strict {@link Locale.Builder}) that
 * starts with a language subtag (a private-use-only tag such as {@code x-klingon} is refused), at most
 * {@value #MAX_CHARS} characters. Tags are kept in canonical case (RFC 5646 section 2.1.1): language lower
 * case, script title case, region upper case ({@code PT-br} becomes {@code pt-BR}); grandfathered tags become
 * their preferred value ({@code i-klingon} becomes {@code tlh}). Well-formed is not valid: subtags are not
 * looked up in the IANA registry, so {@code qq-ZZ} passes.
 *
 * <p>Search's {@code language} filter (search-core's {@code SearchQueries}) is RFC 4647 section 3.3.1 "basic
 * filtering" of canonical tags: a filter matches a tag that equals it or starts with it followed by {@code -};
 * {@code pt} matches {@code pt} and {@code pt-BR}, {@code pt-BR} matches only {@code pt-BR} (and its
 * extensions), never {@code pt}.
 *
 * <p>Pure: no I/O. Reasons name the field and never echo the text.
 */
public final class LanguageTags {
    /** Most characters of a tag (the longest tag RFC 5646 section 4.4.1 asks implementations to keep). */
    public static final int MAX_CHARS = 35;
    /** The field's name in reasons. */
    public static final String FIELD = "language";

    private LanguageTags() {
    }

    /**
     * @param tag a language tag as received, or null
     * @return why it is refused (one reason), or empty if it is a well-formed tag within {@value #MAX_CHARS}
     *         characters; null is refused ({@code language is missing})
     */
    public static Optional<String> violation(String tag) {
        if (tag == null) {
            return Optional.of(FIELD + " is missing");
        }
        if (tag.length() > MAX_CHARS) {
            return Optional.of(FIELD + " is longer than " + MAX_CHARS + " characters");
        }
        try {
            Locale locale = new Locale.Builder().setLanguageTag(tag).build();
            if (locale.getLanguage().isEmpty()) {
                return Optional.of(FIELD + " must start with a language subtag (e.g. en, pt-BR)");
            }
            return Optional.empty();
        } catch (IllformedLocaleException e) {
            return Optional.of(FIELD + " is not a well-formed BCP 47 language tag (RFC 5646, e.g. en, pt-BR)");
        }
    }

    /**
     * The rule for a tag in a record ({@code RoomDetails.language}, held by room-state-stream whoever wrote the
     * command): {@link #violation} and canonical case, so that search's filter compares tags as stored.
     *
     * @param tag a stored tag (not null)
     * @return why it is refused, or empty if it is well-formed and canonical
     */
    public static Optional<String> storedViolation(String tag) {
        return violation(tag).or(() -> canonical(tag).equals(tag) ? Optional.empty()
            : Optional.of(FIELD + " must be in canonical case (e.g. pt-BR, sr-Latn-RS)"));
    }

    /**
     * @param tag a language tag as received
     * @return the tag in canonical case ({@code pt-br} gives {@code pt-BR})
     * @throws IllegalArgumentException with the reason of {@link #violation(String)}
     */
    public static String canonical(String tag) {
        Optional<String> violation = violation(tag);
        if (violation.isPresent()) {
            throw new IllegalArgumentException(violation.get());
        }
        return new Locale.Builder().setLanguageTag(tag).build().toLanguageTag();
    }
}
