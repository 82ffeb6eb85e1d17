package io.roomcast.media.service;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.roomcast.clients.media.OpusFrames;
import io.roomcast.media.rtp.RtpPacket;
import io.roomcast.media.rtp.RtpStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * The speech envelope check of the WebRTC tests: the level (dB, floored at -60) of each 20 ms frame of
 * what a listener decoded, against the same of the WAV the browser's fake microphone played, as the best
 * Pearson correlation over every circular lag (the browser loops the file and started anywhere in it).
 */
final class SpeechEnvelope {
    private static final int FRAME = 960;
    private static final double FLOOR_DB = -60;

    private SpeechEnvelope() {
    }

    /** Frame levels of a 48 kHz mono 16-bit PCM WAV (the data chunk found by its id). */
    static double[] ofWav(Path wav) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
        int at = 12;
        while (at + 8 <= b.limit()) {
            int id = b.getInt(at);
            int size = b.getInt(at + 4);
            if (id == 0x61746164) { // "data"
                int samples = Math.min(size, b.limit() - at - 8) / 2;
                short[] pcm = new short[samples];
                for (int i = 0; i < samples; i++) {
                    pcm[i] = b.getShort(at + 8 + 2 * i);
                }
                return levels(pcm);
            }
            at += 8 + size + (size & 1);
        }
        throw new IOException("no data chunk in " + wav);
    }

    /** Frame levels of received RTP packets of one SSRC, in sequence order, decoded with concentus. */
    static double[] ofRtp(List<byte[]> datagrams) {
        OpusDecoder decoder = OpusFrames.decoder();
        RtpPacket view = new RtpPacket(1500);
        List<byte[]> sorted = datagrams.stream()
            .sorted(Comparator.comparingInt(d -> ((d[2] & 0xFF) << 8) | (d[3] & 0xFF))).toList();
        double[] out = new double[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            byte[] d = sorted.get(i);
            if (view.parse(d, 0, d.length) != RtpStatus.VALID) {
                out[i] = FLOOR_DB;
                continue;
            }
            short[] pcm = OpusFrames.decode(decoder, d, view.payloadOffset(), view.payloadLength());
            out[i] = levels(pcm)[0];
        }
        return out;
    }

    static double[] levels(short[] pcm) {
        double[] out = new double[Math.max(1, pcm.length / FRAME)];
        for (int f = 0; f < out.length; f++) {
            double sum = 0;
            int n = 0;
            for (int i = f * FRAME; i < Math.min(pcm.length, (f + 1) * FRAME); i++) {
                sum += (double) pcm[i] * pcm[i];
                n++;
            }
            double rms = n == 0 ? 0 : Math.sqrt(sum / n) / 32768.0;
            out[f] = rms <= 0 ? FLOOR_DB : Math.max(FLOOR_DB, 20 * Math.log10(rms));
        }
        return out;
    }

    /** The best Pearson correlation of {@code received} against {@code reference} at any circular lag. */
    static double bestCorrelation(double[] received, double[] reference) {
        double best = -1;
        for (int lag = 0; lag < reference.length; lag++) {
            double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
            int n = received.length;
            for (int i = 0; i < n; i++) {
                double x = received[i];
                double y = reference[(lag + i) % reference.length];
                sx += x;
                sy += y;
                sxx += x * x;
                syy += y * y;
                sxy += x * y;
            }
            double cov = sxy - sx * sy / n;
            double vx = sxx - sx * sx / n;
            double vy = syy - sy * sy / n;
            if (vx > 0 && vy > 0) {
                best = Math.max(best, cov / Math.sqrt(vx * vy));
            }
        }
        return best;
    }
}
