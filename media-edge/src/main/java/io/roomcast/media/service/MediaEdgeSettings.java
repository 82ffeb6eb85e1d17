package io.roomcast.media.service;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.roomcast.media.registry.EdgeRegistry;
import io.roomcast.media.session.Revocations;
import io.roomcast.media.session.Sessions;
import io.roomcast.media.transport.RelayUplinks;
import io.roomcast.media.transport.UdpMediaServer;
import io.roomcast.media.webrtc.WebRtcPeers;
import java.time.Duration;

/**
 * {@code roomcast.media.*} in application.yml (each overridable by environment, e.g.
 * {@code ROOMCAST_MEDIA_UDP_PORT}); units and meaning are given there. Defaults here equal the file's.
 */
@ConfigurationProperties("roomcast.media")
public class MediaEdgeSettings {
    private String edgeId = "edge-1";
    private String tokenSecret = "roomcast-local-development-secret-change-me-32b";
    private Duration tokenClockSkew = Duration.ofSeconds(2);
    private String udpHost = "0.0.0.0";
    private int udpPort = 5004;
    private int threads = 2;
    private boolean nativeTransport = true;
    private int maxPacketBytes = 1200;
    private int receiveBatch = 16;
    private int socketBufferBytes = 4 * 1024 * 1024;
    private int sendQueueBytes = 16 * 1024 * 1024;
    private int flushEvery = 1024;
    private int audioLevelExtensionId = 1;
    private int loudestSpeakers = 3;
    private int speakerCapacity = 20;
    private Duration loudestHold = Duration.ofMillis(500);
    private int loudestSwitchMarginDb = 3;
    private int packetRateLimit = 100;
    private int bindingRateLimit = 20;
    private Duration silentTimeout = Duration.ofSeconds(15);
    private Duration sweepInterval = Duration.ofSeconds(1);
    private Duration feedFetchMaxWait = Duration.ofMillis(10);
    private Duration feedReadyTimeout = Duration.ofSeconds(60);
    private boolean speakingChanged = true;
    private String publicHost = "127.0.0.1";
    private int listenerCapacity = 2000;
    private Duration heartbeatInterval = Duration.ofSeconds(1);
    private Duration registrationTtl = Duration.ofSeconds(3);
    private Duration roomKeysTtl = Duration.ofHours(1);
    private Duration relayKeepalive = Duration.ofSeconds(2);
    private Duration relayTokenTtl = Duration.ofSeconds(60);
    private int webrtcTracks = 3;
    private Duration webrtcHandshakeTimeout = Duration.ofSeconds(10);
    private Duration webrtcPendingTimeout = Duration.ofSeconds(30);
    private boolean webrtcSrtpGcm = true;
    private int webrtcDtlsQueue = 64;
    private Duration webrtcCertificateValidity = Duration.ofDays(30);
    private Duration webrtcBindingLifetime = Duration.ofHours(12);
    private int webrtcMaxOfferBytes = 16384;
    private String publicHttpUrl = "";
    private Duration maxTokenLifetime = Duration.ofMinutes(5);
    private Duration revocationClockSkew = Duration.ofSeconds(1);

    /** The transport's settings. */
    public UdpMediaServer.Settings transport() {
        return new UdpMediaServer.Settings(udpHost, udpPort, threads, nativeTransport, maxPacketBytes, receiveBatch,
            socketBufferBytes, sendQueueBytes, flushEvery, sweepInterval, audioLevelExtensionId, bindingRateLimit);
    }

    /** The sessions' settings. */
    public Sessions.Settings sessions() {
        return new Sessions.Settings(loudestSpeakers, speakerCapacity, loudestHold.toNanos(), loudestSwitchMarginDb,
            packetRateLimit, silentTimeout.toNanos());
    }

    /**
     * How long a revocation matters after its fact: a token it refuses lives at most
     * {@code max-token-lifetime} from an {@code iat} at most {@code revocation-clock-skew} after the fact,
     * and is accepted until {@code token-clock-skew} after its exp. Also how far back room-events is read at start.
     */
    public Duration revocationWindow() {
        return maxTokenLifetime.plus(revocationClockSkew).plus(tokenClockSkew);
    }

    /**
     * The revocations of media tokens by leave, kick and ban facts.
     *
     * @throws IllegalStateException when the relay token ttl exceeds max-token-lifetime (relays would be refused)
     */
    public Revocations revocations() {
        if (relayTokenTtl.compareTo(maxTokenLifetime) > 0) {
            throw new IllegalStateException("relay-token-ttl " + relayTokenTtl + " exceeds max-token-lifetime "
                + maxTokenLifetime);
        }
        return new Revocations(revocationClockSkew.toMillis(), revocationWindow().toMillis());
    }

    /** The relay uplinks' settings. */
    public RelayUplinks.Settings relay() {
        return new RelayUplinks.Settings(relayKeepalive, relayTokenTtl, maxPacketBytes);
    }

    /** The WebRTC sessions' settings. */
    public WebRtcPeers.Settings webrtc() {
        return new WebRtcPeers.Settings(webrtcTracks, webrtcHandshakeTimeout, webrtcPendingTimeout, webrtcSrtpGcm,
            webrtcDtlsQueue, webrtcCertificateValidity);
    }

    /**
     * What this edge registers in Redis.
     *
     * @param udpPort the bound UDP port (the setting may be 0: any free port)
     * @param httpPort the HTTP port (WHIP/WHEP), for the signalling URL when {@code public-http-url} is empty
     */
    public EdgeRegistry.Registration registration(int udpPort, int httpPort) {
        String host = publicHost.contains(":") && !publicHost.startsWith("[") ? "[" + publicHost + "]" : publicHost;
        String signalling = publicHttpUrl == null || publicHttpUrl.isBlank() ? "http://" + host + ":" + httpPort
            : publicHttpUrl;
        return new EdgeRegistry.Registration(edgeId, host + ":" + udpPort, listenerCapacity, heartbeatInterval,
            registrationTtl, signalling, roomKeysTtl);
    }

    public String getEdgeId() { return edgeId; }
    public void setEdgeId(String edgeId) { this.edgeId = edgeId; }
    public String getTokenSecret() { return tokenSecret; }
    public void setTokenSecret(String tokenSecret) { this.tokenSecret = tokenSecret; }
    public Duration getTokenClockSkew() { return tokenClockSkew; }
    public void setTokenClockSkew(Duration tokenClockSkew) { this.tokenClockSkew = tokenClockSkew; }
    public void setUdpHost(String udpHost) { this.udpHost = udpHost; }
    public void setUdpPort(int udpPort) { this.udpPort = udpPort; }
    public void setThreads(int threads) { this.threads = threads; }
    public void setNativeTransport(boolean nativeTransport) { this.nativeTransport = nativeTransport; }
    public void setMaxPacketBytes(int maxPacketBytes) { this.maxPacketBytes = maxPacketBytes; }
    public void setReceiveBatch(int receiveBatch) { this.receiveBatch = receiveBatch; }
    public void setSocketBufferBytes(int socketBufferBytes) { this.socketBufferBytes = socketBufferBytes; }
    public void setSendQueueBytes(int sendQueueBytes) { this.sendQueueBytes = sendQueueBytes; }
    public void setFlushEvery(int flushEvery) { this.flushEvery = flushEvery; }
    public void setAudioLevelExtensionId(int id) { this.audioLevelExtensionId = id; }
    public void setLoudestSpeakers(int loudestSpeakers) { this.loudestSpeakers = loudestSpeakers; }
    public void setSpeakerCapacity(int speakerCapacity) { this.speakerCapacity = speakerCapacity; }
    public void setLoudestHold(Duration loudestHold) { this.loudestHold = loudestHold; }
    public void setLoudestSwitchMarginDb(int margin) { this.loudestSwitchMarginDb = margin; }
    public void setPacketRateLimit(int packetRateLimit) { this.packetRateLimit = packetRateLimit; }
    public void setBindingRateLimit(int bindingRateLimit) { this.bindingRateLimit = bindingRateLimit; }
    public void setSilentTimeout(Duration silentTimeout) { this.silentTimeout = silentTimeout; }
    public void setSweepInterval(Duration sweepInterval) { this.sweepInterval = sweepInterval; }
    public Duration getFeedFetchMaxWait() { return feedFetchMaxWait; }
    public void setFeedFetchMaxWait(Duration wait) { this.feedFetchMaxWait = wait; }
    public Duration getFeedReadyTimeout() { return feedReadyTimeout; }
    public void setFeedReadyTimeout(Duration timeout) { this.feedReadyTimeout = timeout; }
    public boolean isSpeakingChanged() { return speakingChanged; }
    public void setSpeakingChanged(boolean speakingChanged) { this.speakingChanged = speakingChanged; }
    public void setPublicHost(String publicHost) { this.publicHost = publicHost; }
    public void setListenerCapacity(int listenerCapacity) { this.listenerCapacity = listenerCapacity; }
    public void setHeartbeatInterval(Duration interval) { this.heartbeatInterval = interval; }
    public void setRegistrationTtl(Duration ttl) { this.registrationTtl = ttl; }
    public void setRoomKeysTtl(Duration ttl) { this.roomKeysTtl = ttl; }
    public void setRelayKeepalive(Duration keepalive) { this.relayKeepalive = keepalive; }
    public void setRelayTokenTtl(Duration ttl) { this.relayTokenTtl = ttl; }
    public String getPublicHost() { return publicHost; }
    public int getWebrtcTracks() { return webrtcTracks; }
    public void setWebrtcTracks(int tracks) { this.webrtcTracks = tracks; }
    public void setWebrtcHandshakeTimeout(Duration timeout) { this.webrtcHandshakeTimeout = timeout; }
    public void setWebrtcPendingTimeout(Duration timeout) { this.webrtcPendingTimeout = timeout; }
    public void setWebrtcSrtpGcm(boolean gcm) { this.webrtcSrtpGcm = gcm; }
    public void setWebrtcDtlsQueue(int queue) { this.webrtcDtlsQueue = queue; }
    public void setWebrtcCertificateValidity(Duration validity) { this.webrtcCertificateValidity = validity; }
    public Duration getWebrtcBindingLifetime() { return webrtcBindingLifetime; }
    public void setWebrtcBindingLifetime(Duration lifetime) { this.webrtcBindingLifetime = lifetime; }
    public int getWebrtcMaxOfferBytes() { return webrtcMaxOfferBytes; }
    public void setPublicHttpUrl(String url) { this.publicHttpUrl = url; }
    public void setWebrtcMaxOfferBytes(int bytes) { this.webrtcMaxOfferBytes = bytes; }
    public Duration getMaxTokenLifetime() { return maxTokenLifetime; }
    public void setMaxTokenLifetime(Duration lifetime) { this.maxTokenLifetime = lifetime; }
    public Duration getRevocationClockSkew() { return revocationClockSkew; }
    public void setRevocationClockSkew(Duration skew) { this.revocationClockSkew = skew; }
}
