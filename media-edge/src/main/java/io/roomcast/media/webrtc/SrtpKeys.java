package io.roomcast.media.webrtc;

/**
 * The SRTP master keys and salts a DTLS-SRTP handshake exported (RFC 5764 section 4.2), split by side.
 * The edge is the DTLS server: it protects with the server's key and unprotects with the client's.
 */
public record SrtpKeys(SrtpProfile profile, byte[] clientKey, byte[] clientSalt, byte[] serverKey, byte[] serverSalt) {

    /** Splits exported keying material: client key, server key, client salt, server salt. */
    static SrtpKeys split(SrtpProfile profile, byte[] material) {
        int k = profile.keyBytes();
        int s = profile.saltBytes();
        byte[] clientKey = new byte[k];
        byte[] serverKey = new byte[k];
        byte[] clientSalt = new byte[s];
        byte[] serverSalt = new byte[s];
        System.arraycopy(material, 0, clientKey, 0, k);
        System.arraycopy(material, k, serverKey, 0, k);
        System.arraycopy(material, 2 * k, clientSalt, 0, s);
        System.arraycopy(material, 2 * k + s, serverSalt, 0, s);
        return new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt);
    }
}
