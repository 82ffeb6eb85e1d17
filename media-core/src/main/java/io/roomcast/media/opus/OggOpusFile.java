package io.roomcast.media.opus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Opus packets of an Ogg Opus file (RFC 7845), ready to send as RTP payloads (RFC 7587: one Opus
 * packet per RTP packet, unchanged). The OpusHead and OpusTags headers are read and left out of
 * {@link #packets()}; audio packets keep their file order.
 *
 * <p>Granule positions count 48 kHz samples (RFC 7845 section 4). {@link #startGranule()} is the
 * granule before the first audio packet (the first audio page's granule minus the samples of the
 * packets ending on it, section 4.3: normally 0); {@link #finalGranule()} is the last page's. What a
 * player outputs is {@link #playableSamples()}: final - start - pre-skip, which may be less than the
 * packets' total when the encoder trimmed the end (section 4.5).
 *
 * @param head the identification header
 * @param packets the audio packets in order, each a whole Opus packet (RFC 6716 section 3)
 * @param startGranule granule position before the first audio packet
 * @param finalGranule granule position of the last page
 */
public record OggOpusFile(OpusHead head, List<byte[]> packets, long startGranule, long finalGranule) {
    private static final byte[] TAGS_MAGIC = "OpusTags".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_PACKETS = 2;

    /** Reads and parses a file (see {@link #parse}). */
    public static OggOpusFile read(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    /**
     * Parses an Ogg Opus file held in memory.
     *
     * @throws OggFormatException for a malformed Ogg stream (see {@link OggPacketReader#read}), a missing
     *     or malformed OpusHead, a missing OpusTags, no audio packet, an audio packet whose duration
     *     cannot be read from its TOC, or granule positions that leave fewer samples than the pre-skip
     */
    public static OggOpusFile parse(byte[] file) throws OggFormatException {
        List<OggPacket> all = OggPacketReader.read(file);
        if (all.size() <= HEADER_PACKETS) {
            throw new OggFormatException("no audio packet after the headers (" + all.size() + " packets)");
        }
        OpusHead head = OpusHead.parse(all.get(0).data());
        if (!OpusHead.startsWith(all.get(1).data(), TAGS_MAGIC)) {
            throw new OggFormatException("second packet is not OpusTags (RFC 7845 section 5.2)");
        }
        List<OggPacket> audio = all.subList(HEADER_PACKETS, all.size());
        List<byte[]> packets = new ArrayList<>(audio.size());
        long samplesSoFar = 0;
        long startGranule = -1;
        long finalGranule = -1;
        for (int i = 0; i < audio.size(); i++) {
            OggPacket packet = audio.get(i);
            int samples = OpusToc.packetSamples(packet.data(), 0, packet.data().length);
            if (samples == OpusToc.MALFORMED) {
                throw new OggFormatException("audio packet " + i + " (page " + packet.pageSequence()
                    + "): no duration in its TOC (RFC 6716 section 3.1)");
            }
            packets.add(packet.data());
            samplesSoFar += samples;
            if (packet.lastOnPage()) {
                if (startGranule < 0) {
                    startGranule = packet.pageGranule() - samplesSoFar;
                }
                finalGranule = packet.pageGranule();
            }
        }
        if (startGranule < 0 || finalGranule - startGranule < head.preSkip()) {
            throw new OggFormatException("granule positions " + startGranule + ".." + finalGranule
                + " leave less than the pre-skip of " + head.preSkip() + " samples (RFC 7845 section 4)");
        }
        return new OggOpusFile(head, List.copyOf(packets), startGranule, finalGranule);
    }

    /** Duration of audio packet {@code index} in samples at 48 kHz, from its TOC byte (checked at parse). */
    public int packetSamples(int index) {
        byte[] packet = packets.get(index);
        return OpusToc.packetSamples(packet, 0, packet.length);
    }

    /** Sum of the audio packets' durations, samples at 48 kHz (RTP timestamp units). */
    public long totalPacketSamples() {
        long total = 0;
        for (int i = 0; i < packets.size(); i++) {
            total += packetSamples(i);
        }
        return total;
    }

    /** Samples at 48 kHz a player outputs: final granule - start granule - pre-skip. */
    public long playableSamples() {
        return finalGranule - startGranule - head.preSkip();
    }
}
