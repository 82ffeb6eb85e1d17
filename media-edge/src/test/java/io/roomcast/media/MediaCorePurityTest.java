package io.roomcast.media;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The media cores are pure (STYLE.md, "Apache Kafka, streams/"): packet codecs, STUN binding messages,
 * Ogg Opus reading, forwarding decisions and the per-packet session gates import no Netty, Kafka,
 * Micronaut, Micrometer or socket class, so they are unit-tested in milliseconds and the transport
 * adapters around them stay thin.
 */
class MediaCorePurityTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.roomcast.media");

    @Test
    void theCoresImportNoInfrastructure() {
        noClasses().that().resideInAnyPackage("io.roomcast.media.wire..", "io.roomcast.media.rtp..",
                "io.roomcast.media.rtcp..", "io.roomcast.media.opus..", "io.roomcast.media.forwarding..",
                "io.roomcast.media.stun..", "io.roomcast.media.session..", "io.roomcast.media.cascade..",
                "io.roomcast.media.sdp..")
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.micronaut..", "org.apache.kafka..",
                "io.micrometer..", "io.lettuce..", "java.net..")
            .check(CLASSES);
    }

    @Test
    void webRtcSessionsImportNoTransport() {
        // DTLS (Bouncy Castle) and SRTP (jitsi-srtp) yes; the socket stays in io.roomcast.media.transport.
        noClasses().that().resideInAnyPackage("io.roomcast.media.webrtc..")
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.micronaut..", "org.apache.kafka..",
                "io.micrometer..", "io.lettuce..")
            .check(CLASSES);
    }
}
