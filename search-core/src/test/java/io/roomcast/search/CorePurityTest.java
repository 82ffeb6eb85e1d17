package io.roomcast.search;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The search core is pure (STYLE.md, "Apache Kafka, streams/"): documents and queries are built as plain maps,
 * without Elasticsearch's client, Kafka, Netty, Micronaut or any I/O, so they are tested without servers.
 */
class CorePurityTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.roomcast.search");

    @Test
    void theCoreImportsNoInfrastructure() {
        noClasses().that().resideInAPackage("io.roomcast.search")
            .should().dependOnClassesThat().resideInAnyPackage("co.elastic..", "org.elasticsearch..", "org.apache.kafka..",
                "io.lettuce..", "io.netty..", "io.micronaut..", "java.net..", "java.sql..", "com.fasterxml..")
            .check(CLASSES);
    }
}
