package io.roomcast.media.webrtc;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The edge's DTLS identity, made at start-up (WebRTC wants no CA: the peer checks the certificate
 * against the fingerprint in the SDP, RFC 8122, RFC 8827 section 6.5): an ECDSA P-256 key and a
 * self-signed X.509 certificate, valid for {@code validity}, and its SHA-256 fingerprint as the SDP's
 * {@code a=fingerprint} writes it. Immutable.
 */
public final class DtlsCertificate {
    private final PrivateKey privateKey;
    private final byte[] der;
    private final String fingerprint;

    private DtlsCertificate(PrivateKey privateKey, byte[] der) {
        this.privateKey = privateKey;
        this.der = der;
        this.fingerprint = "sha-256 " + fingerprintOf(der);
    }

    /**
     * Generates a key pair and a self-signed certificate.
     *
     * @param validity how long the certificate is valid from now (and a day before, for skewed clocks)
     * @throws IllegalStateException when the JDK lacks EC P-256 or SHA256withECDSA (it never does)
     */
    public static DtlsCertificate generate(Duration validity) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=roomcast-media-edge");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(validity)), name, pair.getPublic());
            byte[] der = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()))
                .getEncoded();
            return new DtlsCertificate(pair.getPrivate(), der);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make the DTLS certificate: " + e, e);
        }
    }

    /** Upper-case hex pairs joined by colons of the SHA-256 of {@code der} (RFC 8122 section 5). */
    public static String fingerprintOf(byte[] der) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(der);
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest).toUpperCase(Locale.ROOT);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** {@code sha-256 AB:CD:...}, the value of the answer's {@code a=fingerprint}. */
    public String fingerprint() {
        return fingerprint;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    byte[] der() {
        return der.clone();
    }
}
