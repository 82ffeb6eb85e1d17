package io.roomcast.media.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The edge's sockets as the kernel has them: the bind address's family, and DF (Linux ip(7)
 * {@code IP_MTU_DISCOVER}, ipv6(7) {@code IPV6_MTU_DISCOVER}) read back from the open socket.
 */
class SocketFamilyTest {

    @ParameterizedTest
    @CsvSource({"127.0.0.1, INET, true", "::1, INET6, true", "127.0.0.1, INET, false", "::1, INET6, false"})
    void aSocketIsOfTheBindAddresssFamilyAndSetsDf(String host, SocketProtocolFamily family, boolean epoll)
        throws Exception {
        Assumptions.assumeTrue(!epoll || Epoll.isAvailable(), "native epoll");
        assertThat(SocketFamily.of(host)).isEqualTo(family);
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, io);
        try {
            Channel channel = SocketFamily.configure(new Bootstrap().group(group), family, epoll)
                .handler(new ChannelInboundHandlerAdapter())
                .bind(host, 0).sync().channel();
            InetSocketAddress local = (InetSocketAddress) channel.localAddress();
            assertThat(local.getAddress()).isInstanceOf(family == SocketProtocolFamily.INET ? Inet4Address.class : Inet6Address.class);
            assertThat(SocketFamily.dontFragment(channel)).isTrue();
            if (epoll && family == SocketProtocolFamily.INET6) {
                assertThat(channel.config().getOption(SocketFamily.IPV6_MTU_DISCOVER)).isEqualTo(SocketFamily.PMTUDISC_DO);
            }
            channel.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @org.junit.jupiter.api.Test
    void aHostThatDoesNotResolveIsRefused() {
        assertThatThrownBy(() -> SocketFamily.of("no-such-host.invalid"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("no-such-host.invalid");
    }
}
