package io.roomcast.media.stun;

import static io.roomcast.media.wire.NetworkOrder.i32;
import static io.roomcast.media.wire.NetworkOrder.put16;
import static io.roomcast.media.wire.NetworkOrder.put32;
import static io.roomcast.media.wire.NetworkOrder.u16;
import static io.roomcast.media.wire.NetworkOrder.u8;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An ICE connectivity check (RFC 8445 section 7.2.2) as an ICE-lite agent receives it: a STUN Binding
 * Request with USERNAME ({@code <receiver ufrag>:<sender ufrag>}), MESSAGE-INTEGRITY (RFC 8489 section
 * 14.5: HMAC-SHA1 keyed with the receiver's ice-pwd, the short-term credential) and FINGERPRINT (section
 * 14.7: CRC-32 XOR 0x5354554E), usually PRIORITY, ICE-CONTROLLING and USE-CANDIDATE. Consent freshness
 * (RFC 7675) uses the same requests. {@link #parse} checks the header and walks the attributes (never
 * throws); {@link #integrityValid} checks the MESSAGE-INTEGRITY with a password; {@link #success} writes
 * the answer (XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY, FINGERPRINT). Checks are rare next to media
 * packets (a few per second per peer): parsing allocates. Not thread-safe.
 */
public final class IceCheck {
    /** PRIORITY (RFC 8445 section 16.1), USE-CANDIDATE, FINGERPRINT (RFC 8489 14.7), ICE-CONTROLLED/-CONTROLLING. */
    public static final int PRIORITY = 0x0024;
    public static final int USE_CANDIDATE = 0x0025;
    public static final int FINGERPRINT = 0x8028;
    public static final int ICE_CONTROLLED = 0x8029;
    public static final int ICE_CONTROLLING = 0x802A;
    /** XOR'ed into the CRC-32 of FINGERPRINT (RFC 8489 section 14.7). */
    public static final int FINGERPRINT_XOR = 0x5354554E;
    private static final int ATTRIBUTE_HEADER_BYTES = 4;
    private static final int INTEGRITY_BYTES = 20;
    private static final int MAX_USERNAME_BYTES = 513;

    /** What {@link #parse} found. */
    public enum Status {
        /** A binding request with USERNAME and MESSAGE-INTEGRITY, FINGERPRINT (if any) correct. */
        VALID,
        /** Longer than the edge takes. */
        OVERSIZED,
        /** Not well-formed STUN, an attribute past the end, a wrong FINGERPRINT. */
        MALFORMED,
        /** Well-formed STUN, but not a Binding Request (responses, indications). */
        NOT_BINDING_REQUEST,
        /** No USERNAME or no MESSAGE-INTEGRITY: not an ICE check. */
        NO_CREDENTIALS
    }

    private final int maxPacketBytes;
    private byte[] message;
    private byte[] transactionId;
    private String username;
    private int integrityAt;
    private boolean useCandidate;
    private boolean mediaToken;

    /** A parser that refuses datagrams over {@code maxPacketBytes} bytes as {@link Status#OVERSIZED}. */
    public IceCheck(int maxPacketBytes) {
        this.maxPacketBytes = maxPacketBytes;
    }

    /**
     * Whether the STUN datagram at {@code offset} carries USERNAME and MESSAGE-INTEGRITY but no Roomcast
     * MEDIA-TOKEN, i.e. is an ICE check rather than a Roomcast binding request (docs/media-protocol.md).
     * Never throws; false for anything malformed.
     */
    public static boolean looksLikeIce(ByteBuffer buf, int offset, int length) {
        if (length < Stun.HEADER_BYTES || length > 65_535 + Stun.HEADER_BYTES) {
            return false;
        }
        boolean user = false;
        boolean integrity = false;
        int end = offset + Math.min(length, Stun.HEADER_BYTES + u16(buf, offset + 2));
        for (int at = offset + Stun.HEADER_BYTES; at + ATTRIBUTE_HEADER_BYTES <= end; ) {
            int type = u16(buf, at);
            if (type == Stun.MEDIA_TOKEN) {
                return false;
            }
            user |= type == Stun.USERNAME;
            integrity |= type == Stun.MESSAGE_INTEGRITY;
            at += ATTRIBUTE_HEADER_BYTES + Stun.padded(u16(buf, at + 2));
        }
        return user && integrity;
    }

    /** Parses the {@code length} bytes at absolute {@code offset}; never throws for any content. */
    public Status parse(ByteBuffer buf, int offset, int length) {
        message = null;
        transactionId = null;
        username = null;
        integrityAt = -1;
        useCandidate = false;
        mediaToken = false;
        if (length > maxPacketBytes) {
            return Status.OVERSIZED;
        }
        if (length < Stun.HEADER_BYTES || (u8(buf, offset) & 0xC0) != 0 || i32(buf, offset + 4) != Stun.MAGIC_COOKIE) {
            return Status.MALFORMED;
        }
        int bodyLength = u16(buf, offset + 2);
        if ((bodyLength & 3) != 0 || bodyLength + Stun.HEADER_BYTES != length) {
            return Status.MALFORMED;
        }
        message = new byte[length];
        buf.get(offset, message);
        transactionId = new byte[Stun.TRANSACTION_ID_BYTES];
        System.arraycopy(message, 8, transactionId, 0, Stun.TRANSACTION_ID_BYTES);
        if (u16(buf, offset) != Stun.BINDING_REQUEST) {
            return Status.NOT_BINDING_REQUEST;
        }
        ByteBuffer m = ByteBuffer.wrap(message);
        for (int at = Stun.HEADER_BYTES; at < length; ) {
            if (at + ATTRIBUTE_HEADER_BYTES > length) {
                return Status.MALFORMED;
            }
            int type = u16(m, at);
            int valueLength = u16(m, at + 2);
            int value = at + ATTRIBUTE_HEADER_BYTES;
            if (value + valueLength > length) {
                return Status.MALFORMED;
            }
            if (integrityAt >= 0 && type != FINGERPRINT) {
                // RFC 8489 section 14.5: only FINGERPRINT may follow MESSAGE-INTEGRITY; the rest is ignored.
                at = value + Stun.padded(valueLength);
                continue;
            }
            switch (type) {
                case Stun.USERNAME -> {
                    if (valueLength == 0 || valueLength > MAX_USERNAME_BYTES) {
                        return Status.MALFORMED;
                    }
                    username = new String(message, value, valueLength, StandardCharsets.UTF_8);
                }
                case Stun.MESSAGE_INTEGRITY -> {
                    if (valueLength != INTEGRITY_BYTES) {
                        return Status.MALFORMED;
                    }
                    integrityAt = at;
                }
                case USE_CANDIDATE -> useCandidate = true;
                case Stun.MEDIA_TOKEN -> mediaToken = true;
                case FINGERPRINT -> {
                    if (valueLength != 4 || value + 4 != length || !fingerprintValid(message, at, i32(m, value))) {
                        return Status.MALFORMED;
                    }
                }
                default -> {
                    // PRIORITY, ICE-CONTROLLING/-CONTROLLED, and anything else: not needed by an ICE-lite agent.
                }
            }
            at = value + Stun.padded(valueLength);
        }
        return username != null && integrityAt >= 0 && !mediaToken ? Status.VALID : Status.NO_CREDENTIALS;
    }

    /** The 12-byte transaction id, or null when the header was not well-formed. */
    public byte[] transactionId() {
        return transactionId;
    }

    /** USERNAME as sent: {@code <receiver ufrag>:<sender ufrag>} (RFC 8445 section 7.2.2). */
    public String username() {
        return username;
    }

    /** The receiver's (our) ufrag: USERNAME up to the colon, or the whole of it. */
    public String localUfrag() {
        int colon = username == null ? -1 : username.indexOf(':');
        return colon < 0 ? username : username.substring(0, colon);
    }

    /** Whether the controlling agent nominated this pair (USE-CANDIDATE, RFC 8445 section 8.1.1). */
    public boolean useCandidate() {
        return useCandidate;
    }

    /**
     * Whether MESSAGE-INTEGRITY is the HMAC-SHA1 of the message up to it, with the header's length
     * covering it (RFC 8489 section 14.5), keyed with {@code password}'s UTF-8 bytes. Compared in
     * constant time. False before a {@link Status#VALID} parse.
     */
    public boolean integrityValid(String password) {
        if (message == null || integrityAt < 0) {
            return false;
        }
        byte[] covered = new byte[integrityAt];
        System.arraycopy(message, 0, covered, 0, integrityAt);
        ByteBuffer.wrap(covered).putShort(2, (short) (integrityAt - Stun.HEADER_BYTES + ATTRIBUTE_HEADER_BYTES
            + INTEGRITY_BYTES));
        byte[] expected = hmac(password, covered, covered.length);
        byte[] actual = new byte[INTEGRITY_BYTES];
        System.arraycopy(message, integrityAt + ATTRIBUTE_HEADER_BYTES, actual, 0, INTEGRITY_BYTES);
        return MessageDigest.isEqual(expected, actual);
    }

    /**
     * A Binding Success Response to a check: XOR-MAPPED-ADDRESS (the source as seen), MESSAGE-INTEGRITY
     * keyed with {@code password} (the answerer's ice-pwd) and FINGERPRINT.
     *
     * @param address 4 or 16 bytes, network order
     */
    public static byte[] success(byte[] transactionId, byte[] address, int port, String password) {
        byte[] mapped = StunWriter.xorMapped(transactionId, address, port);
        return sealed(Stun.BINDING_SUCCESS, transactionId, password, new int[] {Stun.XOR_MAPPED_ADDRESS},
            new byte[][] {mapped});
    }

    /**
     * A Binding Error Response to a check, with ERROR-CODE and FINGERPRINT but no MESSAGE-INTEGRITY
     * (RFC 8489 section 6.3.4: a 400 or 401 is not signed). The reason is ASCII, at most 128 bytes.
     */
    public static byte[] error(byte[] transactionId, int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[4 + text.length];
        value[2] = (byte) (code / 100);
        value[3] = (byte) (code % 100);
        System.arraycopy(text, 0, value, 4, text.length);
        return sealed(Stun.BINDING_ERROR, transactionId, null, new int[] {Stun.ERROR_CODE}, new byte[][] {value});
    }

    /**
     * A connectivity check as a controlling agent sends it (tests, load generators): USERNAME,
     * PRIORITY, ICE-CONTROLLING (tie-breaker), USE-CANDIDATE when {@code nominate}, MESSAGE-INTEGRITY
     * keyed with {@code password} (the answerer's ice-pwd), FINGERPRINT.
     */
    public static byte[] request(byte[] transactionId, String username, String password, boolean nominate,
                                 long tieBreaker) {
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        byte[] priority = ByteBuffer.allocate(4).putInt(0x6E7F1EFF).array();
        byte[] controlling = ByteBuffer.allocate(8).putLong(tieBreaker).array();
        return nominate
            ? sealed(Stun.BINDING_REQUEST, transactionId, password,
                new int[] {Stun.USERNAME, PRIORITY, ICE_CONTROLLING, USE_CANDIDATE},
                new byte[][] {user, priority, controlling, new byte[0]})
            : sealed(Stun.BINDING_REQUEST, transactionId, password, new int[] {Stun.USERNAME, PRIORITY, ICE_CONTROLLING},
                new byte[][] {user, priority, controlling});
    }

    /** A STUN message with the attributes, then MESSAGE-INTEGRITY (when a password is given), then FINGERPRINT. */
    private static byte[] sealed(int type, byte[] transactionId, String password, int[] types, byte[][] values) {
        if (transactionId == null || transactionId.length != Stun.TRANSACTION_ID_BYTES) {
            throw new IllegalArgumentException("transaction id must be 12 bytes");
        }
        int body = 0;
        for (byte[] v : values) {
            body += ATTRIBUTE_HEADER_BYTES + Stun.padded(v.length);
        }
        int integrity = password == null ? 0 : ATTRIBUTE_HEADER_BYTES + INTEGRITY_BYTES;
        int fingerprint = ATTRIBUTE_HEADER_BYTES + 4;
        ByteBuffer buf = ByteBuffer.allocate(Stun.HEADER_BYTES + body + integrity + fingerprint);
        put16(buf, 0, type);
        put32(buf, 4, Stun.MAGIC_COOKIE);
        buf.put(8, transactionId);
        int at = Stun.HEADER_BYTES;
        for (int i = 0; i < types.length; i++) {
            put16(buf, at, types[i]);
            put16(buf, at + 2, values[i].length);
            buf.put(at + ATTRIBUTE_HEADER_BYTES, values[i]);
            at += ATTRIBUTE_HEADER_BYTES + Stun.padded(values[i].length);
        }
        if (password != null) {
            put16(buf, 2, at - Stun.HEADER_BYTES + ATTRIBUTE_HEADER_BYTES + INTEGRITY_BYTES);
            byte[] mac = hmac(password, buf.array(), at);
            put16(buf, at, Stun.MESSAGE_INTEGRITY);
            put16(buf, at + 2, INTEGRITY_BYTES);
            buf.put(at + ATTRIBUTE_HEADER_BYTES, mac);
            at += ATTRIBUTE_HEADER_BYTES + INTEGRITY_BYTES;
        }
        put16(buf, 2, at - Stun.HEADER_BYTES + fingerprint);
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 0, at);
        put16(buf, at, FINGERPRINT);
        put16(buf, at + 2, 4);
        put32(buf, at + ATTRIBUTE_HEADER_BYTES, (crc.getValue() ^ FINGERPRINT_XOR) & 0xFFFFFFFFL);
        return buf.array();
    }

    private static boolean fingerprintValid(byte[] message, int fingerprintAt, int value) {
        CRC32 crc = new CRC32();
        crc.update(message, 0, fingerprintAt);
        return (int) (crc.getValue() ^ FINGERPRINT_XOR) == value;
    }

    private static byte[] hmac(String password, byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(password.isEmpty() ? new byte[1] : password.getBytes(StandardCharsets.UTF_8),
                "HmacSHA1"));
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }
}
