package io.roomcast.media.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import jdk.net.ExtendedSocketOptions;

/**
 * How the edge's UDP sockets are opened: in the address family of the bind address (an IPv4 socket for
 * an IPv4 address such as {@code 0.0.0.0}, so no send goes through the IPv6 stack with an IPv4-mapped
 * destination; a dual-stack IPv6 socket only for an IPv6 address such as {@code ::}), and with the DF bit
 * set on every datagram (path MTU discovery "do", Linux ip(7) {@code IP_MTU_DISCOVER = IP_PMTUDISC_DO},
 * ipv6(7) {@code IPV6_MTU_DISCOVER}): RFC 8085 section 3.2 asks UDP applications not to rely on
 * fragmentation, and with DF the kernel skips choosing a per-packet IP identification (RFC 6864 section
 * 4.1). The edge's datagrams are at most {@code maxPacketBytes} (1200 by default, the size QUIC assumes every
 * path carries, RFC 9000 section 14); a larger one to a path with a smaller MTU fails to send (EMSGSIZE)
 * instead of leaving in fragments.
 */
final class SocketFamily {
    /** Linux {@code IPPROTO_IP}, {@code IP_MTU_DISCOVER}, {@code IP_PMTUDISC_DO} (linux/in.h). */
    static final IntegerUnixChannelOption IP_MTU_DISCOVER = new IntegerUnixChannelOption("IP_MTU_DISCOVER", 0, 10);
    /** Linux {@code IPPROTO_IPV6}, {@code IPV6_MTU_DISCOVER} (linux/in6.h). */
    static final IntegerUnixChannelOption IPV6_MTU_DISCOVER = new IntegerUnixChannelOption("IPV6_MTU_DISCOVER", 41, 23);
    /** {@code IP_PMTUDISC_DO} = {@code IPV6_PMTUDISC_DO}: always set DF, never fragment locally. */
    static final int PMTUDISC_DO = 2;

    private SocketFamily() {
    }

    /**
     * @param host the bind address (literal or name)
     * @return INET for an IPv4 address, INET6 (dual-stack) otherwise
     * @throws IllegalArgumentException when the name does not resolve
     */
    static SocketProtocolFamily of(String host) {
        InetSocketAddress address = new InetSocketAddress(host, 0);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("UDP host does not resolve: " + host);
        }
        return address.getAddress() instanceof Inet4Address ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
    }

    /** Sets the channel factory (family) and DF on a bootstrap of epoll or NIO datagram channels. */
    static Bootstrap configure(Bootstrap bootstrap, SocketProtocolFamily family, boolean epoll) {
        ChannelFactory<DatagramChannel> factory = epoll
            ? () -> new EpollDatagramChannel(family)
            : () -> new NioDatagramChannel(family);
        bootstrap.channelFactory(factory);
        if (!epoll) {
            return bootstrap.option(NioChannelOption.of(ExtendedSocketOptions.IP_DONTFRAGMENT), true);
        }
        bootstrap.option(IP_MTU_DISCOVER, PMTUDISC_DO);
        if (family == SocketProtocolFamily.INET6) {
            bootstrap.option(IPV6_MTU_DISCOVER, PMTUDISC_DO);
        }
        return bootstrap;
    }

    /** Whether DF is set on the channel's socket (epoll: read back with getsockopt; NIO: the JDK option). */
    static boolean dontFragment(io.netty.channel.Channel channel) {
        if (channel instanceof EpollDatagramChannel) {
            return channel.config().getOption(IP_MTU_DISCOVER) == PMTUDISC_DO;
        }
        ChannelOption<Boolean> df = NioChannelOption.of(ExtendedSocketOptions.IP_DONTFRAGMENT);
        return Boolean.TRUE.equals(channel.config().getOption(df));
    }
}
