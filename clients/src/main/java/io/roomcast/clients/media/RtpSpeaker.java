package io.roomcast.clients.media;

import io.roomcast.media.rtp.RtpWriter;
import io.roomcast.media.stun.BindingResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A speaker on its own UDP socket: binds to the edge with its media token ({@link MediaBinding}) and
 * from then on sends an RTCP compound every report period ({@link RtcpReports}: an RR without report
 * blocks, as it reads nothing the edge forwards it, and an SDES CNAME), so the binding outlives the
 * edge's silent timeout (docs/media-protocol.md section 2, 15 s) however long it waits before speaking,
 * and an RR + BYE on {@link #close()}. It sends its clip's Opus packets as RTP (RFC 3550, RFC 7587), one
 * per {@link #sendNext()} call: payload type 111, a random first sequence number and timestamp (RFC 3550
 * section 5.1), the sequence number +1 and the timestamp + the packet's samples (960 per 20 ms at 48 kHz,
 * RFC 7587 section 4.1) per packet, the marker bit on the first packet (RFC 3551 section 4.1), and the
 * packet's RFC 6464 level in an RFC 8285 one-byte extension. After the last packet the clip starts over,
 * the sequence number and timestamp going on. Pacing is the caller's ({@link SpeakerPacer}). Not thread-safe but for
 * the reports, which go out on the timer's thread.
 */
public final class RtpSpeaker implements AutoCloseable {
    /** RFC 8285 extension id of the audio level, as the edge expects (docs/media-protocol.md). */
    public static final int AUDIO_LEVEL_ID = 1;

    private final SpeechClip clip;
    private final int ssrc;
    private final DatagramSocket socket;
    private final RtpWriter writer;
    private final SentLog log;
    private volatile InetSocketAddress edge;
    private volatile RtcpReports reports;
    private final byte[] datagram = new byte[1500];
    private final DatagramPacket packet = new DatagramPacket(datagram, datagram.length);
    private int sequence;
    private int timestamp;
    private long sent;

    /**
     * @param clip what to send
     * @param ssrc the SSRC to bind and send with
     * @param edge the edge's UDP address
     * @param local the local address to send from (port 0: any)
     * @throws UncheckedIOException when the socket cannot be bound
     */
    public RtpSpeaker(SpeechClip clip, int ssrc, InetSocketAddress edge, InetSocketAddress local) {
        this.clip = clip;
        this.ssrc = ssrc;
        this.edge = edge;
        try {
            this.socket = new DatagramSocket(local);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.writer = new RtpWriter(ssrc, RtpWriter.OPUS_PAYLOAD_TYPE, AUDIO_LEVEL_ID);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.sequence = random.nextInt(1 << 16);
        this.timestamp = random.nextInt();
        this.log = new SentLog(ssrc, sequence);
        this.reports = reports(edge);
    }

    private RtcpReports reports(InetSocketAddress to) {
        return new RtcpReports(socket, to, ssrc, "speaker-" + Integer.toUnsignedString(ssrc), List::of);
    }

    /**
     * Binds (or binds again) with {@code token}, then sends RTCP every {@code reportPeriodMs} on {@code timer}
     * (at least once per the edge's silent timeout, docs/media-protocol.md section 3); see {@link
     * MediaBinding#bind} for the errors.
     */
    public BindingResponse bind(String token, ScheduledExecutorService timer, long reportPeriodMs) throws IOException {
        BindingResponse bound = MediaBinding.bind(socket, edge, token, ssrc);
        reports.start(timer, reportPeriodMs);
        return bound;
    }

    /**
     * Moves to {@code to} (media fail-over, {@link MediaMoves}): ends the binding at the current edge (RR + BYE, if
     * bound), binds with {@code token} at {@code to} from the same socket, then sends its RTP and RTCP there; the
     * SSRC, sequence numbers and timestamps go on. Safe while another thread calls {@link #sendNext()} (packets
     * sent meanwhile go to the previous edge). Errors as {@link MediaBinding#bind}: the speaker then sends to the
     * previous edge still, unbound there.
     */
    public synchronized BindingResponse moveTo(InetSocketAddress to, String token, ScheduledExecutorService timer,
                                               long reportPeriodMs) throws IOException {
        reports.close();
        BindingResponse bound = MediaBinding.bind(socket, to, token, ssrc);
        edge = to;
        reports = reports(to);
        reports.start(timer, reportPeriodMs);
        return bound;
    }

    public int ssrc() {
        return ssrc;
    }

    public SpeechClip clip() {
        return clip;
    }

    /** Send times by sequence number, for receivers in this process. */
    public SentLog log() {
        return log;
    }

    /** Packets sent so far. */
    public long sent() {
        return sent;
    }

    /**
     * Sends the next packet.
     *
     * @return its duration in nanoseconds (from its TOC: 20,000,000 for 20 ms), the pacing interval
     * @throws UncheckedIOException when the socket fails
     */
    public long sendNext() {
        int frame = (int) (sent % clip.size());
        byte[] payload = clip.packets().get(frame);
        int length = writer.write(datagram, 0, sequence, timestamp, sent == 0, clip.audioLevels()[frame],
            payload, 0, payload.length);
        packet.setLength(length);
        packet.setSocketAddress(edge);
        try {
            socket.send(packet);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.sent(sequence, System.nanoTime());
        sequence = (sequence + 1) & 0xFFFF;
        timestamp += clip.samples()[frame];
        sent++;
        return io.roomcast.media.opus.OpusToc.toNanos(clip.samples()[frame]);
    }

    @Override
    public void close() {
        reports.close();
        socket.close();
    }
}
