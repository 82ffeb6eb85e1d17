package io.roomcast.schemas.validation;

/**
 * The one rule for identifiers: user ids (a token's subject), room, club, participant and target ids.
 * An id is shown to other people (a participant list, a kick, a profile address) and compared byte for
 * byte, so it must look like what it is. docs/protocol.md, "Ids", is the contract.
 *
 * <p>An id is refused, never altered, if it is
 * <ul>
 *   <li>missing, empty, only white space, or longer than the limit (UTF-16 characters, as
 *       {@link String#length()}; {@link RecordLimits#maxIdChars()}, 128 by default);</li>
 *   <li>holding a character of general category Cc (controls: C0, DEL, C1), Cf (format characters:
 *       the bidirectional embeddings, overrides, isolates and marks U+202A to U+202E, U+2066 to U+2069,
 *       U+200E, U+200F, U+061C, which make {@code alice\u202Egnp.exe} show as another text
 *       (CVE-2021-42574, "Trojan Source"); zero-width characters U+200B to U+200D, U+2060, U+FEFF;
 *       tag characters), Zs, Zl or Zp (spaces and separators), or Cs (an unpaired surrogate);</li>
 *   <li>holding an invisible filler (U+115F, U+1160, U+3164, U+FFA0) or a noncharacter (U+FDD0 to
 *       U+FDEF and the last two code points of every plane).</li>
 * </ul>
 * Ids are stricter than text ({@link TextRules}): no text needs a format character inside an id, and
 * {@code alice} with a trailing U+200E would be a second, identical-looking user. Look-alike letters of
 * other scripts (a Cyrillic {@code а} for a Latin {@code a}) are not refused: ids are not names.
 *
 * <p>Pure: no I/O. A reason names the field, the code point as {@code U+XXXX} and its position in code
 * points from 0, never the id itself.
 */
public final class IdRules {
    private IdRules() {
    }

    /**
     * @param field    the field's name in the reason, e.g. {@code subject} or {@code args.user_id}
     * @param id       the id as received, or null
     * @param maxChars longest id, UTF-16 characters; at least 1
     * @return why the id is refused (the first reason found), or null if it meets the rule
     */
    public static String violation(String field, CharSequence id, int maxChars) {
        if (id == null) {
            return field + " is missing";
        }
        if (id.isEmpty()) {
            return field + " is empty";
        }
        if (id.length() > maxChars) {
            return field + " is " + id.length() + " characters, more than " + maxChars;
        }
        String text = id.toString();
        int position = 0;
        for (int i = 0; i < text.length(); position++) {
            int cp = text.codePointAt(i);
            String refused = refusedClass(cp);
            if (refused != null) {
                return field + " contains " + String.format("U+%04X", cp) + " (" + refused + ") at code point " + position;
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    /** @return the kind of character cp is if an id may not hold it, else null */
    private static String refusedClass(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL -> "a control character";
            case Character.FORMAT -> "a format character: bidirectional control, zero-width or tag";
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> "a space or separator";
            case Character.SURROGATE -> "an unpaired surrogate";
            default -> cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 ? "an invisible filler"
                : (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE ? "a noncharacter" : null;
        };
    }
}
