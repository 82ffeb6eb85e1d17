package io.roomcast.search.indexer;

import io.micronaut.runtime.Micronaut;

/** search-indexer: keeps the Elasticsearch indices rooms, users and clubs up to date from the topics (README, "Search"). */
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
