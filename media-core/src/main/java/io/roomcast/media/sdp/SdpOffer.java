package io.roomcast.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the edge needs from a WebRTC SDP offer (RFC 8866 syntax, JSEP RFC 8829 usage, WHIP RFC 9725):
 * the ICE credentials (RFC 8839 {@code a=ice-ufrag}/{@code a=ice-pwd}), the DTLS certificate
 * fingerprint and role (RFC 8122 {@code a=fingerprint}, {@code a=setup}), and each media section in
 * order, with, for audio, its mid, direction, Opus payload type (RFC 7587 {@code opus/48000/2}), the
 * RFC 6464 audio-level extension id (RFC 8285 {@code a=extmap}), rtcp-mux (RFC 5761) and the sender's
 * SSRC ({@code a=ssrc}, RFC 5576). Session-level ICE and fingerprint attributes apply to every section
 * that has none. Anything else is skipped.
 *
 * @param iceUfrag the offerer's ufrag
 * @param icePwd the offerer's password
 * @param fingerprintAlgorithm e.g. {@code sha-256}, lower case
 * @param fingerprint the certificate fingerprint, upper-case hex pairs joined by colons
 * @param setup {@code actpass}, {@code active} or {@code passive}
 * @param sections every m= section, in order (the answer has as many, RFC 8829 section 5.3.1)
 */
public record SdpOffer(String iceUfrag, String icePwd, String fingerprintAlgorithm, String fingerprint, String setup,
                       List<Section> sections) {
    /** The RFC 6464 extension's URI (client-to-mixer audio level). */
    public static final String AUDIO_LEVEL_URI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    /** Longest offer parsed, characters (a browser's audio offer is ~3,000). */
    public static final int MAX_CHARS = 65_536;
    /** Most m= sections parsed. */
    public static final int MAX_SECTIONS = 32;
    private static final Pattern LINE_BREAK = Pattern.compile("\r?\n");
    /** RFC 8122 section 5: hex pairs, upper case as browsers send them. */
    private static final Pattern FINGERPRINT = Pattern.compile("([0-9A-F]{2}:)+[0-9A-F]{2}");
    /** RFC 8839 section 5.4: ice-char (ALPHA / DIGIT / "+" / "/"), 4..256 and 22..256 characters. */
    private static final Pattern UFRAG = Pattern.compile("[A-Za-z0-9+/]{4,256}");
    private static final Pattern PWD = Pattern.compile("[A-Za-z0-9+/]{22,256}");

    /**
     * One m= section.
     *
     * @param kind {@code audio}, {@code video}, {@code application}, ...
     * @param mid its {@code a=mid}, or null
     * @param direction {@code sendrecv} (the default), {@code sendonly}, {@code recvonly} or {@code inactive}
     * @param opusPayloadType the payload type of {@code opus/48000/2}, or -1
     * @param audioLevelId the RFC 8285 id of {@link #AUDIO_LEVEL_URI}, or -1
     * @param rtcpMux whether {@code a=rtcp-mux} is present
     * @param ssrc the first {@code a=ssrc} id (raw 32 bits), or null
     * @param rejected port 0 in the m= line
     */
    public record Section(String kind, String mid, String direction, int opusPayloadType, int audioLevelId,
                          boolean rtcpMux, Integer ssrc, boolean rejected) {
        /** An audio section the answer can accept: not rejected, with Opus and rtcp-mux. */
        public boolean usableAudio() {
            return "audio".equals(kind) && !rejected && opusPayloadType >= 0 && rtcpMux;
        }

        /** Whether the offerer sends on it (sendrecv or sendonly). */
        public boolean offererSends() {
            return "sendrecv".equals(direction) || "sendonly".equals(direction);
        }

        /** Whether the offerer receives on it (sendrecv or recvonly). */
        public boolean offererReceives() {
            return "sendrecv".equals(direction) || "recvonly".equals(direction);
        }
    }

    /** The audio sections the answer accepts, in order. */
    public List<Section> usableAudio() {
        return sections.stream().filter(Section::usableAudio).toList();
    }

    /**
     * Parses an offer. Never throws anything but {@link SdpException}, whatever the input.
     *
     * @throws SdpException with a reason: {@code malformed sdp} (not SDP: no {@code v=0} first, a line
     *     without {@code x=}, too long, too many sections), {@code no audio} (no audio section with Opus
     *     and rtcp-mux), {@code no fingerprint}, {@code no ice credentials}, {@code bad setup}
     *     (a DTLS role other than actpass or active: the edge is always passive)
     */
    public static SdpOffer parse(String sdp) throws SdpException {
        if (sdp == null || sdp.length() > MAX_CHARS || !sdp.startsWith("v=0")) {
            throw new SdpException("malformed sdp");
        }
        Builder session = new Builder();
        List<Builder> media = new ArrayList<>();
        Builder current = session;
        for (String raw : LINE_BREAK.split(sdp)) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=' || !Character.isLetter(line.charAt(0))) {
                throw new SdpException("malformed sdp");
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (type == 'm') {
                if (media.size() >= MAX_SECTIONS) {
                    throw new SdpException("malformed sdp");
                }
                current = new Builder();
                String[] parts = value.split(" ");
                if (parts.length < 4) {
                    throw new SdpException("malformed sdp");
                }
                current.kind = parts[0].toLowerCase(Locale.ROOT);
                current.rejected = "0".equals(parts[1]);
                media.add(current);
            } else if (type == 'a') {
                current.attribute(value);
            }
        }
        List<Section> sections = new ArrayList<>();
        String ufrag = session.ufrag;
        String pwd = session.pwd;
        String algorithm = session.fingerprintAlgorithm;
        String fingerprint = session.fingerprint;
        String setup = session.setup;
        for (Builder m : media) {
            sections.add(new Section(m.kind, m.mid, m.direction == null ? "sendrecv" : m.direction, m.opus,
                m.audioLevel, m.rtcpMux, m.ssrc, m.rejected));
            if (!m.rejected) {
                ufrag = ufrag == null ? m.ufrag : ufrag;
                pwd = pwd == null ? m.pwd : pwd;
                algorithm = algorithm == null ? m.fingerprintAlgorithm : algorithm;
                fingerprint = fingerprint == null ? m.fingerprint : fingerprint;
                setup = setup == null ? m.setup : setup;
            }
        }
        SdpOffer offer = new SdpOffer(ufrag, pwd, algorithm, fingerprint, setup == null ? "actpass" : setup,
            List.copyOf(sections));
        if (offer.usableAudio().isEmpty()) {
            throw new SdpException("no audio");
        }
        if (fingerprint == null || algorithm == null || !FINGERPRINT.matcher(fingerprint).matches()) {
            throw new SdpException("no fingerprint");
        }
        if (ufrag == null || pwd == null || !UFRAG.matcher(ufrag).matches()
            || !PWD.matcher(pwd).matches()) {
            throw new SdpException("no ice credentials");
        }
        if (!"actpass".equals(offer.setup) && !"active".equals(offer.setup)) {
            throw new SdpException("bad setup");
        }
        return offer;
    }

    /** Attributes of the session level or of one m= section, as they are read. */
    private static final class Builder {
        String kind;
        boolean rejected;
        String mid;
        String direction;
        int opus = -1;
        int audioLevel = -1;
        boolean rtcpMux;
        Integer ssrc;
        String ufrag;
        String pwd;
        String fingerprintAlgorithm;
        String fingerprint;
        String setup;

        void attribute(String value) throws SdpException {
            int colon = value.indexOf(':');
            String name = colon < 0 ? value : value.substring(0, colon);
            String arg = colon < 0 ? "" : value.substring(colon + 1).strip();
            switch (name) {
                case "mid" -> mid = arg;
                case "sendrecv", "sendonly", "recvonly", "inactive" -> direction = name;
                case "rtcp-mux" -> rtcpMux = true;
                case "ice-ufrag" -> ufrag = arg;
                case "ice-pwd" -> pwd = arg;
                case "setup" -> setup = arg.toLowerCase(Locale.ROOT);
                case "fingerprint" -> {
                    String[] parts = arg.split(" ");
                    if (parts.length == 2 && fingerprint == null) {
                        fingerprintAlgorithm = parts[0].toLowerCase(Locale.ROOT);
                        fingerprint = parts[1].toUpperCase(Locale.ROOT);
                    }
                }
                case "rtpmap" -> {
                    String[] parts = arg.split(" ");
                    if (parts.length == 2 && parts[1].equalsIgnoreCase("opus/48000/2") && opus < 0) {
                        opus = number(parts[0], 0, 127);
                    }
                }
                case "extmap" -> {
                    String[] parts = arg.split(" ");
                    if (parts.length >= 2 && parts[1].equals(AUDIO_LEVEL_URI)) {
                        String id = parts[0].contains("/") ? parts[0].substring(0, parts[0].indexOf('/')) : parts[0];
                        audioLevel = number(id, 1, 14);
                    }
                }
                case "ssrc" -> {
                    int space = arg.indexOf(' ');
                    if (ssrc == null) {
                        ssrc = (int) numberLong(space < 0 ? arg : arg.substring(0, space), 0, 0xFFFFFFFFL);
                    }
                }
                default -> {
                }
            }
        }

        private static int number(String text, int min, int max) throws SdpException {
            return (int) numberLong(text, min, max);
        }

        private static long numberLong(String text, long min, long max) throws SdpException {
            if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(Character::isDigit)) {
                throw new SdpException("malformed sdp");
            }
            long n = Long.parseLong(text);
            if (n < min || n > max) {
                throw new SdpException("malformed sdp");
            }
            return n;
        }
    }
}
