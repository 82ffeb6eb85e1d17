package io.roomcast.gateway.ws;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses, on a client's WebSocket, the frames RFC 6455 says to fail the connection for, before they
 * reach the session protocol: each closes the connection with the RFC's status code, is counted by
 * reason ({@code roomcast_gateway_malformed_frames_total{reason}}) and logged at DEBUG only (a client's
 * bad frame is not a server error).
 * <ul>
 *   <li>reserved bits set when no extension was negotiated: 1002 {@code protocol error} (RFC 6455
 *       section 5.2, "MUST _Fail the WebSocket Connection_");</li>
 *   <li>a binary message: 1003 {@code unsupported data} (section 7.4.1; the protocol uses JSON text
 *       frames only, docs/protocol.md "Frames");</li>
 *   <li>a text message that is not valid UTF-8: 1007 {@code invalid payload data} (section 8.1),
 *       checked by Netty's {@link Utf8FrameValidator} across fragments;</li>
 *   <li>any other frame Netty's decoder refuses (e.g. longer than the maximum payload): the status the
 *       decoder sends.</li>
 * </ul>
 * Installed by {@link #install} right after Netty's WebSocket decoder, when the upgrade is done and
 * before the first frame is read.
 */
final class FrameGuard extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(FrameGuard.class);
    /** Netty's name for the WebSocket frame decoder the handshake puts in the pipeline. */
    private static final String DECODER = "wsdecoder";

    private final Consumer<String> refused;

    /** @param refused told each refusal's reason ({@code rsv}, {@code binary}, {@code utf8}, {@code frame}) */
    private FrameGuard(Consumer<String> refused) {
        this.refused = refused;
    }

    /**
     * Puts the UTF-8 validator and the guard right after the channel's WebSocket decoder.
     *
     * @throws IllegalStateException if the channel has no WebSocket decoder (not upgraded)
     */
    static void install(Channel channel, Consumer<String> refused) {
        if (channel.pipeline().get(DECODER) == null) {
            throw new IllegalStateException("no WebSocket decoder in the pipeline of " + channel);
        }
        channel.pipeline().addAfter(DECODER, "roomcast-frame-guard", new FrameGuard(refused));
        channel.pipeline().addAfter(DECODER, "roomcast-utf8", new Utf8FrameValidator(true));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof WebSocketFrame frame) {
            if (frame.rsv() != 0) {
                refuse(ctx, frame, "rsv", WebSocketCloseStatus.PROTOCOL_ERROR, "reserved bits set, no extension negotiated");
                return;
            }
            if (frame instanceof BinaryWebSocketFrame) {
                refuse(ctx, frame, "binary", WebSocketCloseStatus.INVALID_MESSAGE_TYPE, "binary frames are not used");
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * A frame Netty's decoder or UTF-8 validator refused: they already sent the close frame with its
     * status (their closeOnProtocolViolation); count it and stop the exception here.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (cause instanceof CorruptedWebSocketFrameException corrupt) {
            refused.accept(corrupt.closeStatus() == WebSocketCloseStatus.INVALID_PAYLOAD_DATA ? "utf8" : "frame");
            LOG.debug("closed {} with {}: {}", ctx.channel().remoteAddress(), corrupt.closeStatus().code(),
                corrupt.getMessage());
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    private void refuse(ChannelHandlerContext ctx, WebSocketFrame frame, String reason, WebSocketCloseStatus status,
                        String text) {
        frame.release();
        refused.accept(reason);
        LOG.debug("closed {} with {}: {}", ctx.channel().remoteAddress(), status.code(), text);
        ctx.writeAndFlush(new CloseWebSocketFrame(status.code(), text)).addListener(ChannelFutureListener.CLOSE);
    }
}
