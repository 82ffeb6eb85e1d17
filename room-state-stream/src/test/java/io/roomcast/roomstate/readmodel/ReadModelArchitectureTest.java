package io.roomcast.roomstate.readmodel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Only the Redis adapter of the read model talks to Lettuce; keys and content stay pure. */
class ReadModelArchitectureTest {

    @Test
    void onlyTheAdapterImportsLettuce() {
        JavaClasses classes;
        ArchConfiguration config = ArchConfiguration.get();
        boolean resolve = config.resolveMissingDependenciesFromClassPath();
        // The package's own classes are enough: their references are checked by name.
        config.setResolveMissingDependenciesFromClassPath(false);
        try {
            classes = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.roomcast.roomstate.readmodel");
        } finally {
            config.setResolveMissingDependenciesFromClassPath(resolve);
        }

        noClasses().that().haveNameNotMatching(".*\\.(RedisReadModel|ReadModelProjector)(\\$.*)?")
                .and().resideInAPackage("io.roomcast.roomstate.readmodel")
                .should().dependOnClassesThat().resideInAPackage("io.lettuce..")
                .check(classes);
    }
}
