package io.roomcast.search.indexer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomcast.schemas.validation.RegistryWriterSchemas;
import io.roomcast.search.SearchIndex;
import io.roomcast.search.elasticsearch.SearchCluster;

/**
 * {@code RebuildCommand rooms|users|clubs}: rebuilds one index from offset 0 and moves its alias ({@link Rebuild}),
 * while the indexer keeps running: for a damaged index (an index of an older mapping version is rebuilt by the indexer
 * itself at start, {@link IndexerLoop}). Addresses from the environment: {@code ROOMCAST_ELASTICSEARCH_URL} (default
 * {@code http://localhost:9200}), {@code KAFKA_BOOTSTRAP_SERVERS} ({@code localhost:9092}),
 * {@code ROOMCAST_REGISTRY_URL} ({@code http://localhost:8081/apis/registry/v3}). Prints the report; exit code 0,
 * 2 for a bad argument, 1 if the rebuild failed.
 */
public final class RebuildCommand {
    private RebuildCommand() {}

    public static void main(String[] args) throws InterruptedException {
        SearchIndex index = args.length == 1 ? SearchIndex.ofAlias(args[0]) : null;
        if (index == null) {
            System.err.println("usage: RebuildCommand rooms|users|clubs");
            System.exit(2);
        }
        String es = env("ROOMCAST_ELASTICSEARCH_URL", "http://localhost:9200");
        String kafka = env("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        String registry = env("ROOMCAST_REGISTRY_URL", "http://localhost:8081/apis/registry/v3");
        try (SearchCluster cluster = SearchCluster.connect(es);
             DeadLetterPublisher deadLetters = new DeadLetterPublisher(kafka, registry, "search-indexer-rebuild")) {
            Rebuild.Report report = Rebuild.run(index, cluster, new IndexerSettings(), kafka,
                    new RegistryWriterSchemas(registry), deadLetters, new SimpleMeterRegistry());
            System.out.println("rebuilt " + index.alias() + ": " + report);
        } catch (RuntimeException e) {
            System.err.println("rebuild of " + index.alias() + " failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
