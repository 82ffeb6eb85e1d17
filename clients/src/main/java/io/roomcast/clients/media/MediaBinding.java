package io.roomcast.clients.media;

import io.roomcast.media.stun.BindingResponse;
import io.roomcast.media.stun.Stun;
import io.roomcast.media.stun.StunWriter;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client side of binding to a media edge (docs/media-protocol.md section 2): a STUN Binding
 * Request (RFC 8489 section 5) carrying the media token and the SSRC, resent after 100, 200, 400, 800
 * and 1,600 ms without an answer (RFC 8489 section 6.2.1), until a response with the same transaction
 * id arrives. Uses the socket's timeout while waiting: call it before any other reader uses the socket.
 */
public final class MediaBinding {
    /** First retransmission timeout, ms; doubled after each try. */
    public static final int FIRST_TIMEOUT_MS = 100;
    /** Requests sent at most. */
    public static final int TRIES = 5;
    private static final int MAX_DATAGRAM_BYTES = 1500;

    private MediaBinding() {
    }

    /**
     * Binds {@code ssrc} from {@code socket}'s address.
     *
     * @return the edge's success response (XOR-MAPPED-ADDRESS port, lifetime in seconds)
     * @throws IOException when the edge refuses (its error code and reason in the message, e.g.
     *     {@code 401 token expired}) or does not answer after {@link #TRIES} requests (~3.1 s)
     */
    public static BindingResponse bind(DatagramSocket socket, InetSocketAddress edge, String token, int ssrc)
            throws IOException {
        byte[] tid = new byte[Stun.TRANSACTION_ID_BYTES];
        ThreadLocalRandom.current().nextBytes(tid);
        byte[] request = StunWriter.bindingRequest(tid, token, ssrc);
        byte[] buf = new byte[MAX_DATAGRAM_BYTES];
        int timeout = FIRST_TIMEOUT_MS;
        int before = socket.getSoTimeout();
        try {
            for (int attempt = 0; attempt < TRIES; attempt++, timeout *= 2) {
                socket.send(new DatagramPacket(request, request.length, edge));
                long deadline = System.nanoTime() + timeout * 1_000_000L;
                for (long left = timeout; left > 0; left = (deadline - System.nanoTime()) / 1_000_000L) {
                    DatagramPacket packet = new DatagramPacket(buf, buf.length);
                    socket.setSoTimeout((int) left);
                    try {
                        socket.receive(packet);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    BindingResponse response = BindingResponse.parse(buf, packet.getLength());
                    if (response != null && Arrays.equals(response.transactionId(), tid)) {
                        if (!response.success()) {
                            throw new IOException("edge " + edge + " refused the binding of SSRC "
                                + Integer.toUnsignedString(ssrc) + ": " + response.errorCode() + " " + response.reason());
                        }
                        return response;
                    }
                }
            }
        } finally {
            socket.setSoTimeout(before);
        }
        throw new IOException("no binding response from edge " + edge + " after " + TRIES + " requests");
    }
}
