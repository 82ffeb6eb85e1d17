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
 * Request (RFC 8489 section 5) carrying the media token and the SSRC, sent with one transaction id
 * until a response with it arrives, as RFC 8489 section 6.2.1 says with its defaults Rc = 7 and Rm = 16
 * and an RTO of 100 ms (loopback and LAN round trips): requests at 0, 100, 300, 700, 1,500, 3,100 and
 * 6,300 ms, then 1,600 ms (Rm x RTO) for the answer to the last: 7.9 s in all, so a client or edge that
 * is starved of CPU for a few seconds still binds. Uses the socket's timeout while waiting: call it
 * before any other reader uses the socket.
 */
public final class MediaBinding {
    /** First retransmission timeout (RTO), ms; doubled after each request. */
    public static final int FIRST_TIMEOUT_MS = 100;
    /** Requests sent at most (RFC 8489's Rc). */
    public static final int TRIES = 7;
    /** The wait for an answer to the last request, in RTOs (RFC 8489's Rm). */
    public static final int LAST_WAIT_RTOS = 16;
    private static final int MAX_DATAGRAM_BYTES = 1500;

    private MediaBinding() {
    }

    /**
     * Binds {@code ssrc} from {@code socket}'s address.
     *
     * @return the edge's success response (XOR-MAPPED-ADDRESS port, lifetime in seconds)
     * @throws IOException when the edge refuses (its error code and reason in the message, e.g.
     *     {@code 401 token expired}) or does not answer after {@link #TRIES} requests (7.9 s)
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
                if (attempt == TRIES - 1) {
                    timeout = LAST_WAIT_RTOS * FIRST_TIMEOUT_MS;
                }
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
