package io.roomcast.testkit;

import io.roomcast.servers.ElasticsearchServer;
import io.roomcast.servers.PostgresServer;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.TurnServer;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the JVM-wide real servers of {@link RealServers} as parameters (constructor, test
 * method, lifecycle method): {@link EmbeddedKafka}, {@link SchemaRegistryProcess},
 * {@link RedisServer}, {@link PostgresServer}, {@link TurnServer}, {@link ElasticsearchServer}. Each server starts at the first parameter that
 * asks for it. Use {@code @ExtendWith(RealServersExtension.class)} or {@link IntegrationTest}.
 *
 * <p>A server that cannot be reached or started fails the test with a
 * {@link ParameterResolutionException} whose cause is the {@code ServerStartException}.
 */
public final class RealServersExtension implements ParameterResolver {

    private static final Set<Class<?>> TYPES =
            Set.of(EmbeddedKafka.class, SchemaRegistryProcess.class, RedisServer.class, PostgresServer.class,
                    TurnServer.class, ElasticsearchServer.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return TYPES.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        try {
            if (type == EmbeddedKafka.class) {
                return RealServers.kafka();
            } else if (type == SchemaRegistryProcess.class) {
                return RealServers.schemaRegistry();
            } else if (type == RedisServer.class) {
                return RealServers.redis();
            } else if (type == ElasticsearchServer.class) {
                return RealServers.elasticsearch();
            } else if (type == TurnServer.class) {
                return RealServers.turn();
            } else {
                return RealServers.postgres();
            }
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("No real " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
