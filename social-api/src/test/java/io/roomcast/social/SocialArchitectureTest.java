package io.roomcast.social;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The social rules are a pure core (STYLE.md): no JDBC, Kafka, Micronaut, HTTP or Netty class, and none of
 * the adapters; so they are tested without I/O and the adapters stay thin.
 */
class SocialArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.roomcast.social");

    @Test
    void theSocialRulesImportNoInfrastructure() {
        noClasses().that().resideInAPackage("io.roomcast.social.core..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.apache.kafka..",
                "io.micronaut..", "io.netty..", "org.postgresql..", "org.flywaydb..", "io.roomcast.social.store..",
                "io.roomcast.social.http..", "io.roomcast.social.outbox..", "io.roomcast.social.config..")
            .check(CLASSES);
    }
}
