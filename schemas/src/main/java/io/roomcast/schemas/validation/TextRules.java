package io.roomcast.schemas.validation;

import java.util.Objects;
import java.util.Optional;

/**
 * The one rule set for human-readable text fields (room titles and topics today; names, bios and club
 * names later), held by every path that writes one: the REST API, the WebSocket gateway and
 * room-state-stream (so a record produced to Kafka by anyone meets it too). docs/protocol.md, "Text
 * rules", is the contract; this class is its implementation.
 *
 * <p>A text is refused, never altered: no trimming, no normalization (NFC), no replacement of
 * characters. Refused are
 * <ul>
 *   <li>more than {@link #maxCodePoints()} Unicode code points or more than {@link #maxUtf8Bytes()}
 *       bytes of UTF-8;</li>
 *   <li>no visible character (empty, or only white space and invisible format characters);</li>
 *   <li>invalid UTF-16: an unpaired surrogate (it cannot be encoded as UTF-8 and would be stored
 *       altered, as {@code ?});</li>
 *   <li>control characters: C0 (U+0000 to U+001F: NUL, tab, line feed, ESC ...), DEL (U+007F), C1
 *       (U+0080 to U+009F), and the line and paragraph separators U+2028, U+2029 (a text field is one
 *       line);</li>
 *   <li>bidirectional embeddings, overrides and isolates U+202A to U+202E and U+2066 to U+2069, which
 *       reorder how the text (and what follows it on screen) is shown (CVE-2021-42574, "Trojan
 *       Source"); the marks U+200E, U+200F and U+061C, which do not reorder, are allowed;</li>
 *   <li>invisible characters that hide or pad text: U+200B (zero-width space), U+2060 to U+2064 (word
 *       joiner, invisible operators), U+FEFF (zero-width no-break space), U+180E, the Hangul fillers
 *       U+115F, U+1160, U+3164, U+FFA0, and tag characters U+E0000 to U+E007F outside an emoji tag
 *       sequence (they carry hidden ASCII). The zero-width joiner and non-joiner U+200D, U+200C
 *       stay allowed: emoji sequences and several scripts (Persian, Indic) need them;</li>
 *   <li>noncharacters (U+FDD0 to U+FDEF and the last two code points of every plane);</li>
 *   <li>more than {@value #MAX_COMBINING_RUN} combining marks in a row (the limit of Unicode's
 *       stream-safe text format, UAX #15 section 13), which stack into "Zalgo" text over other lines.</li>
 * </ul>
 * Markup ({@code <script>}, {@code &amp;}) is text like any other and is stored as sent: clients must
 * show titles as text, never interpret them as HTML or Markdown.
 *
 * <p>Pure: no I/O. Reasons name the field, the offending code point as {@code U+XXXX} and its position
 * in code points from 0; they never echo the text itself (which may be an escape sequence).
 *
 * @param field         the field's name in reasons ({@code title})
 * @param maxCodePoints most Unicode code points
 * @param maxUtf8Bytes  most bytes of UTF-8
 */
public record TextRules(String field, int maxCodePoints, int maxUtf8Bytes) {

    /** Most code points of a room title. */
    public static final int TITLE_MAX_CODE_POINTS = 120;
    /** Most UTF-8 bytes of a room title: 120 code points of any script of the BMP fit (3 bytes each). */
    public static final int TITLE_MAX_UTF8_BYTES = 360;
    /** Most code points of a room topic. */
    public static final int TOPIC_MAX_CODE_POINTS = 64;
    /** Most UTF-8 bytes of a room topic. */
    public static final int TOPIC_MAX_UTF8_BYTES = 192;
    /** Most combining marks in a row (UAX #15, stream-safe text format). */
    public static final int MAX_COMBINING_RUN = 30;

    /** A room's title ({@code RoomDetails.title}, {@code UpdateRoom.title}). */
    public static final TextRules TITLE = new TextRules("title", TITLE_MAX_CODE_POINTS, TITLE_MAX_UTF8_BYTES);
    /** A room's topic ({@code RoomDetails.topic}, {@code UpdateRoom.topic}), when it has one. */
    public static final TextRules TOPIC = new TextRules("topic", TOPIC_MAX_CODE_POINTS, TOPIC_MAX_UTF8_BYTES);

    private static final int TAG_BASE = 0x1F3F4;
    private static final int CANCEL_TAG = 0xE007F;

    /** @throws IllegalArgumentException if a limit is below 1 */
    public TextRules {
        Objects.requireNonNull(field, "field");
        if (maxCodePoints < 1 || maxUtf8Bytes < 1) {
            throw new IllegalArgumentException("text limits must be >= 1");
        }
    }

    /**
     * @param text the text as received, or null
     * @return why the text breaks the rules (one reason, the first found), or empty if it meets them
     */
    public Optional<String> violation(String text) {
        if (text == null) {
            return Optional.of(field + " is missing");
        }
        int length = text.length();
        long bytes = 0;
        int codePoints = 0;
        int combiningRun = 0;
        boolean visible = false;
        boolean inTagSequence = false;
        for (int i = 0; i < length; ) {
            char c = text.charAt(i);
            int cp;
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                cp = Character.toCodePoint(c, text.charAt(i + 1));
            } else if (Character.isSurrogate(c)) {
                return Optional.of(field + " is not valid UTF-16: unpaired surrogate " + hex(c)
                    + " at code point " + codePoints);
            } else {
                cp = c;
            }
            String refused = refusedClass(cp);
            if (isTag(cp)) {
                if (!inTagSequence) {
                    refused = "a tag character outside an emoji tag sequence";
                } else if (cp == CANCEL_TAG) {
                    inTagSequence = false;
                }
            } else if (inTagSequence) {
                return Optional.of(field + " has an unterminated emoji tag sequence at code point " + codePoints);
            }
            if (refused != null) {
                return Optional.of(field + " contains " + hex(cp) + " (" + refused + ") at code point " + codePoints);
            }
            if (cp == TAG_BASE) {
                inTagSequence = i + 2 < length && isTag(text.codePointAt(i + 2));
            }
            int type = Character.getType(cp);
            combiningRun = type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK ? combiningRun + 1 : 0;
            if (combiningRun > MAX_COMBINING_RUN) {
                return Optional.of(field + " has more than " + MAX_COMBINING_RUN + " combining marks in a row at code point "
                    + codePoints);
            }
            visible |= !Character.isWhitespace(cp) && !Character.isSpaceChar(cp) && type != Character.FORMAT;
            bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            codePoints++;
            i += Character.charCount(cp);
            if (codePoints > maxCodePoints) {
                return Optional.of(field + " is longer than " + maxCodePoints + " code points");
            }
            if (bytes > maxUtf8Bytes) {
                return Optional.of(field + " is longer than " + maxUtf8Bytes + " bytes of UTF-8");
            }
        }
        if (inTagSequence) {
            return Optional.of(field + " has an unterminated emoji tag sequence");
        }
        if (!visible) {
            return Optional.of(field + " must have a visible character");
        }
        return Optional.empty();
    }

    /**
     * @param text the text as received, or null
     * @return the text, unchanged
     * @throws IllegalArgumentException with the reason of {@link #violation(String)}
     */
    public String require(String text) {
        Optional<String> violation = violation(text);
        if (violation.isPresent()) {
            throw new IllegalArgumentException(violation.get());
        }
        return text;
    }

    /** @return what kind of refused character cp is, or null if it is allowed (tags are decided by context) */
    private static String refusedClass(int cp) {
        if (cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F)) {
            return "a control character";
        }
        if (cp == 0x2028 || cp == 0x2029) {
            return "a line or paragraph separator";
        }
        if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
            return "a bidirectional embedding, override or isolate";
        }
        if (cp == 0x200B || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF || cp == 0x180E
            || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0) {
            return "an invisible character";
        }
        if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
            return "a noncharacter";
        }
        return null;
    }

    private static boolean isTag(int cp) {
        return cp >= 0xE0000 && cp <= 0xE007F;
    }

    private static String hex(int cp) {
        return String.format("U+%04X", cp);
    }
}
