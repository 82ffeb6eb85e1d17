package io.roomcast.gateway.social;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The gateway serves the user/club API (module social-api, package io.roomcast.social) on its origin, but
 * the two do not mix: no gateway class (WebSocket sessions, fan-out, rooms REST) uses a social-api class, and
 * no social-api class uses a gateway class. What both need (the error body, signed cursors) is in rest-common.
 */
class SocialSeparationTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.roomcast.gateway", "io.roomcast.social");

    @Test
    void theGatewayDoesNotUseTheSocialApi() {
        noClasses().that().resideInAPackage("io.roomcast.gateway..")
            .should().dependOnClassesThat().resideInAPackage("io.roomcast.social..")
            .check(CLASSES);
    }

    @Test
    void theSocialApiDoesNotUseTheGateway() {
        noClasses().that().resideInAPackage("io.roomcast.social..")
            .should().dependOnClassesThat().resideInAPackage("io.roomcast.gateway..")
            .check(CLASSES);
    }
}
