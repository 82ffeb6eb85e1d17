package io.roomcast.social.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;

/** A row of {@code clubs} (V1__users_clubs_graph.sql); times epoch ms. */
@MappedEntity("clubs")
public record ClubRow(@Id String id, String name, @Nullable String description,
                      @TypeDef(type = DataType.STRING_ARRAY) String[] topics, boolean isPrivate,
                      @Nullable String rules, String createdBy, long createdAt, long memberCount, long version) {
}
