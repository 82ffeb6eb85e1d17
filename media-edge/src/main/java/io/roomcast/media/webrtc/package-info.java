/**
 * WebRTC on the edge's UDP port: ICE-lite sessions created by WHIP/WHEP offers ({@link
 * io.roomcast.media.webrtc.WebRtcPeers}), the DTLS 1.2 server with use_srtp (Bouncy Castle bctls,
 * {@link io.roomcast.media.webrtc.DtlsSrtpServer}), SRTP/SRTCP (jitsi-srtp) and each viewer's fixed
 * tracks. No Netty: the transport hands it datagrams and gives it a sink to send with.
 */
package io.roomcast.media.webrtc;
