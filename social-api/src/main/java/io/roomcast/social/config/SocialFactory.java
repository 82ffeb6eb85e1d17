package io.roomcast.social.config;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.roomcast.social.core.SocialLimits;
import io.roomcast.social.core.SocialRules;
import io.roomcast.social.feed.EndedRoomMarks;
import io.roomcast.social.outbox.OutboxRelay;
import io.roomcast.social.outbox.RelaySettings;
import io.roomcast.social.store.SocialStore;
import jakarta.inject.Singleton;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Wiring of the user/club API: its rules from settings {@code roomcast.social.*}, the outbox relay, the reader that
 * forgets the marks of ended rooms. The settings
 * have no defaults in code: the serving application's application.yml (ingress-ws) gives every one, documented there
 * and in README ("The user/club API").
 */
@Factory
public class SocialFactory {

    @Singleton
    SocialRules rules(@Value("${roomcast.social.invite-only}") boolean inviteOnly,
                      @Value("${roomcast.social.invites-per-user}") int invitesPerUser,
                      @Value("${roomcast.social.max-club-topics}") int maxClubTopics,
                      @Value("${roomcast.social.page-default-limit}") int pageDefaultLimit,
                      @Value("${roomcast.social.page-max-limit}") int pageMaxLimit) {
        return new SocialRules(new SocialLimits(inviteOnly, invitesPerUser, maxClubTopics, pageDefaultLimit, pageMaxLimit));
    }

    /** The relay, started with the application context (every node runs one; one of them leads). */
    @Context
    @Bean(preDestroy = "close")
    @Requires(property = "roomcast.social.relay.enabled", value = "true", defaultValue = "true")
    OutboxRelay relay(DataSource dataSource,
                      @Value("${kafka.bootstrap.servers}") String bootstrapServers,
                      @Value("${roomcast.registry-url}") String registryUrl,
                      @Value("${roomcast.social.relay.batch-size}") int batchSize,
                      @Value("${roomcast.social.relay.poll-interval}") Duration pollInterval,
                      @Value("${roomcast.social.relay.leader-retry}") Duration leaderRetry,
                      @Value("${roomcast.social.relay.recovery-timeout}") Duration recoveryTimeout) {
        // Its own connection, outside Micronaut's transaction-bound connection handling (it holds the lock).
        OutboxRelay relay = new OutboxRelay(DelegatingDataSource.unwrapDataSource(dataSource), new RelaySettings(batchSize, pollInterval, leaderRetry,
                recoveryTimeout), bootstrapServers, registryUrl);
        relay.start();
        return relay;
    }

    /** The reader that forgets the marks of ended rooms, started with the application context (on every node). */
    @Context
    @Bean(preDestroy = "close")
    @Requires(property = "roomcast.social.ended-rooms.enabled", value = "true", defaultValue = "true")
    EndedRoomMarks endedRoomMarks(SocialStore store,
                                  @Value("${kafka.bootstrap.servers}") String bootstrapServers,
                                  @Value("${roomcast.registry-url}") String registryUrl,
                                  @Value("${roomcast.social.ended-rooms.retry}") Duration retry) {
        EndedRoomMarks reader = new EndedRoomMarks(store, bootstrapServers, registryUrl, retry);
        reader.start();
        return reader;
    }
}
