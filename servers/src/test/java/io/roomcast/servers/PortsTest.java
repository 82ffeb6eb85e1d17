package io.roomcast.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void aFreePortIsBelowTheEphemeralRangeSoNoOutgoingConnectionCanTakeIt() throws IOException {
        int ephemeralLow = Ports.ephemeralLow();
        assumeTrue(ephemeralLow - Ports.FIRST_PORT >= Ports.MIN_CHOICE, "no ephemeral range readable here (not Linux)");
        for (int i = 0; i < 20; i++) {
            int port = Ports.free();
            assertThat(port).isBetween(Ports.FIRST_PORT, ephemeralLow - 1);
            try (ServerSocket server = new ServerSocket()) {
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                assertThat(server.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
