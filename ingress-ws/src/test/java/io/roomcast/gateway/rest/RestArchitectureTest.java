package io.roomcast.gateway.rest;

import io.roomcast.schemas.ReadModelKeys;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.roomcast.gateway.media.EdgeAssignment;
import io.roomcast.gateway.media.EdgeRegistration;
import io.roomcast.gateway.rest.ratelimit.RateLimitPolicy;
import org.junit.jupiter.api.Test;

/** The pure parts of the REST API (and its media edge placement) import no Redis, Kafka, Netty or Micronaut class. */
class RestArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.roomcast.gateway.rest", "io.roomcast.gateway.media");

    @Test
    void thePureCoresImportNoInfrastructure() {
        noClasses().that().belongToAnyOf(RateLimitPolicy.class, RoomRequests.class, RoomViews.class,
                ListingCursor.class, ReadModelKeys.class, EdgeAssignment.class, EdgeRegistration.class)
            .should().dependOnClassesThat().resideInAnyPackage("io.lettuce..", "org.apache.kafka..", "io.netty..",
                "io.micronaut..", "java.net..")
            .check(CLASSES);
    }
}
