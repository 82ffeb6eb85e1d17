package io.roomcast.schemas.validation;

/**
 * Why a record was refused.
 *
 * @param reason the code
 * @param detail for a person, e.g. {@code string declares 2000000000 bytes, 8 left}
 */
public record Rejection(Reason reason, String detail) {
    /** The dead letter's reason text, {@code <code>: <detail>}. */
    public String text() {
        return reason.text(detail);
    }
}
