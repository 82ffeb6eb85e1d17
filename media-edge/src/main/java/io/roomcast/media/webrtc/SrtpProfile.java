package io.roomcast.media.webrtc;

import org.bouncycastle.tls.SRTPProtectionProfile;
import org.jitsi.srtp.SrtpPolicy;

/**
 * The SRTP protection profiles the edge negotiates in DTLS's use_srtp extension (RFC 5764 section 4.1.2,
 * RFC 7714 section 14.2), in the edge's order of preference, with their key and salt lengths (bytes)
 * and the jitsi-srtp policy that implements them.
 */
public enum SrtpProfile {
    /** SRTP_AES128_CM_HMAC_SHA1_80 (0x0001): AES counter mode, 80-bit HMAC-SHA1 tag. What every browser offers. */
    AES128_CM_HMAC_SHA1_80(SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, 16, 14),
    /** SRTP_AEAD_AES_128_GCM (0x0007): AES-GCM, 16-byte tag, 12-byte salt (RFC 7714). */
    AEAD_AES_128_GCM(SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM, 16, 12);

    private final int id;
    private final int keyBytes;
    private final int saltBytes;

    SrtpProfile(int id, int keyBytes, int saltBytes) {
        this.id = id;
        this.keyBytes = keyBytes;
        this.saltBytes = saltBytes;
    }

    /** The use_srtp profile id. */
    public int id() {
        return id;
    }

    int keyBytes() {
        return keyBytes;
    }

    int saltBytes() {
        return saltBytes;
    }

    /** Bytes of keying material to export: client key, server key, client salt, server salt (RFC 5764 section 4.2). */
    int keyingMaterialBytes() {
        return 2 * (keyBytes + saltBytes);
    }

    /** The jitsi-srtp policy for SRTP and SRTCP under this profile. */
    SrtpPolicy policy() {
        return this == AEAD_AES_128_GCM
            ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, keyBytes, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, saltBytes)
            : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, keyBytes, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10,
                saltBytes);
    }

    /** The first of the edge's profiles that the client offered, or null. */
    static SrtpProfile choose(int[] offered, boolean allowGcm) {
        for (SrtpProfile profile : values()) {
            if (profile == AEAD_AES_128_GCM && !allowGcm) {
                continue;
            }
            for (int id : offered) {
                if (id == profile.id) {
                    return profile;
                }
            }
        }
        return null;
    }

    /** The profile with this use_srtp id, or null. */
    static SrtpProfile of(int id) {
        for (SrtpProfile profile : values()) {
            if (profile.id == id) {
                return profile;
            }
        }
        return null;
    }
}
