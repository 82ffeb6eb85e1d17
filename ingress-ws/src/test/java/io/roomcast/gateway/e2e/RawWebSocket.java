package io.roomcast.gateway.e2e;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written against RFC 6455 byte by byte, for frames no well-behaved library sends:
 * binary messages, invalid UTF-8, reserved bits. Blocking, one test at a time; reads time out after 30 s.
 */
final class RawWebSocket implements AutoCloseable {
    /** A server frame: its opcode (RFC 6455 section 5.2) and payload. */
    record Frame(int opcode, byte[] payload) {
        /** The close status code of a close frame (section 5.5.1), or -1 if it carries none. */
        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
        }
    }

    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    /** RSV1, the bit permessage-deflate would use (RFC 7692). */
    static final int RSV1 = 0x40;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String upgradeAnswer;

    /** Connects to {@code ws://127.0.0.1:port/ws} and completes the opening handshake. */
    RawWebSocket(int port) throws IOException {
        this(port, "");
    }

    /**
     * As {@link #RawWebSocket(int)}, with more request header lines.
     *
     * @param extraHeaders header lines, each ending with CRLF (e.g. an extension offer)
     */
    RawWebSocket(int port, String extraHeaders) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n"
            + extraHeaders + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        upgradeAnswer = readHeaders();
        if (!upgradeAnswer.startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + upgradeAnswer);
        }
    }

    /** The server's 101 answer: status line and headers, as sent. */
    String upgradeAnswer() {
        return upgradeAnswer;
    }

    /** Sends one final frame, masked as a client must (section 5.3), with {@code flags} (e.g. {@link #RSV1}). */
    void send(int opcode, int flags, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | flags | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** The next frame from the server (unmasked, section 5.1). */
    Frame read() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        return new Frame(b0 & 0x0F, payload);
    }

    /** Reads frames until the server's close frame; returns it. */
    Frame readUntilClose() throws IOException {
        Frame f;
        do {
            f = read();
        } while (f.opcode() != CLOSE);
        return f;
    }

    private String readHeaders() throws IOException {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            headers.append((char) in.readUnsignedByte());
        }
        return headers.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
