package io.roomcast.social.http;

import io.micronaut.context.annotation.Factory;
import io.micronaut.serde.Deserializer;
import io.roomcast.rest.StrictRecordDeserializer;
import jakarta.inject.Singleton;

/**
 * The user/club API's request bodies read with their documented JSON types and no coercion
 * ({@link StrictRecordDeserializer}): {@code "username": 123}, {@code "private": "yes"} or
 * {@code "weight": "0.5"} are answered 400 {@code invalid_request} naming the field, as the room API does.
 */
@Factory
final class StrictSocialBodies {
    @Singleton
    Deserializer<SocialBodies.SignUpRequest> signUpRequest() {
        return new StrictRecordDeserializer<>(SocialBodies.SignUpRequest.class);
    }

    @Singleton
    Deserializer<SocialBodies.ProfilePatch> profilePatch() {
        return new StrictRecordDeserializer<>(SocialBodies.ProfilePatch.class);
    }

    @Singleton
    Deserializer<SocialBodies.TopicInterest> topicInterest() {
        return new StrictRecordDeserializer<>(SocialBodies.TopicInterest.class);
    }

    @Singleton
    Deserializer<SocialBodies.CreateClubRequest> createClubRequest() {
        return new StrictRecordDeserializer<>(SocialBodies.CreateClubRequest.class);
    }

    @Singleton
    Deserializer<SocialBodies.ClubPatch> clubPatch() {
        return new StrictRecordDeserializer<>(SocialBodies.ClubPatch.class);
    }

    @Singleton
    Deserializer<SocialBodies.RoleBody> roleBody() {
        return new StrictRecordDeserializer<>(SocialBodies.RoleBody.class);
    }
}
