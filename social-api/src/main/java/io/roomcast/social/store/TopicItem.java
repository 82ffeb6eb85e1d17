package io.roomcast.social.store;

import io.micronaut.core.annotation.Introspected;

/** A topic of the seeded catalog: slug {@code <category>.<name>}, e.g. {@code tech.ai}. */
@Introspected
public record TopicItem(String slug, String category, String name) {
}
