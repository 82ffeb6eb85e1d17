package io.roomcast.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An integration test against real servers: tagged {@code integration} and extended with
 * {@link RealServersExtension}, so its constructor, test and lifecycle methods can take
 * {@code EmbeddedKafka}, {@code SchemaRegistryProcess}, {@code RedisServer} and
 * {@code PostgresServer} parameters (shared per test JVM, see {@link RealServers}).
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("integration")
@ExtendWith(RealServersExtension.class)
public @interface IntegrationTest {
}
