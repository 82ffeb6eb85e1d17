package io.roomcast.social.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SocialRulesTest {
    private static final SocialRules RULES = new SocialRules(new SocialLimits(false, 5, 5, 20, 100));
    private static final SocialRules INVITE_ONLY = new SocialRules(new SocialLimits(true, 2, 5, 20, 100));

    @ParameterizedTest
    @ValueSource(strings = {"abc", "a_1", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "___", "007"})
    void usernamesOfThreeToThirtyLowerCaseLettersDigitsAndUnderscores(String name) {
        assertThat(SocialRules.username(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ab", "Abc", "abc-d", "abc d", "émile", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "a'--",
            "abc\n", "ＡＢＣ"})
    void otherUsernamesAreRefused(String name) {
        assertThatThrownBy(() -> SocialRules.username(name)).isInstanceOf(Refusal.class)
                .extracting(e -> ((Refusal) e).kind()).isEqualTo(Refusal.Kind.INVALID);
    }

    @Test
    void aNullUsernameIsRefused() {
        assertThatThrownBy(() -> SocialRules.username(null)).isInstanceOf(Refusal.class);
    }

    @Test
    void textFieldsFollowTheTextRulesAndKeepSqlCharactersAsTheyAre() {
        String sql = "Robert'); DROP TABLE users;-- \\ % _";
        assertThat(SocialRules.displayName(sql)).isEqualTo(sql);
        assertThat(SocialRules.bio(sql)).isEqualTo(sql);
        assertThat(SocialRules.bio(null)).isNull();
        assertThatThrownBy(() -> SocialRules.displayName("x".repeat(51))).isInstanceOf(Refusal.class);
        assertThatThrownBy(() -> SocialRules.displayName("evil\u202Eright")).isInstanceOf(Refusal.class);
        assertThatThrownBy(() -> SocialRules.displayName(" ")).isInstanceOf(Refusal.class);
        assertThatThrownBy(() -> SocialRules.displayName(null)).hasMessageContaining("display_name");
        assertThatThrownBy(() -> SocialRules.bio("b".repeat(301))).isInstanceOf(Refusal.class);
        assertThatThrownBy(() -> SocialRules.clubName("")).isInstanceOf(Refusal.class);
        assertThat(SocialRules.clubRules("r".repeat(2000))).hasSize(2000);
        assertThatThrownBy(() -> SocialRules.clubRules("r".repeat(2001))).isInstanceOf(Refusal.class);
    }

    @Test
    void avatarsAreHttpsUrls() {
        assertThat(SocialRules.avatarUrl("https://cdn.example/a.png")).isEqualTo("https://cdn.example/a.png");
        assertThat(SocialRules.avatarUrl(null)).isNull();
        for (String bad : List.of("http://cdn.example/a.png", "javascript:alert(1)", "https://", "https://a b/c",
                "https://x/" + "a".repeat(500), "not a url")) {
            assertThatThrownBy(() -> SocialRules.avatarUrl(bad)).as(bad).isInstanceOf(Refusal.class);
        }
    }

    @Test
    void clubTopicsAreDeduplicatedAndLimited() {
        assertThat(RULES.clubTopics(List.of("tech.ai", "tech.ai", "music.jazz"))).containsExactly("tech.ai", "music.jazz");
        assertThat(RULES.clubTopics(null)).isEmpty();
        assertThatThrownBy(() -> RULES.clubTopics(List.of("a.1", "a.2", "a.3", "a.4", "a.5", "a.6")))
                .hasMessageContaining("at most 5");
        assertThatThrownBy(() -> RULES.clubTopics(java.util.Arrays.asList("a.1", null))).isInstanceOf(Refusal.class);
    }

    @Test
    void topicWeightsAreInZeroExclusiveToOne() {
        assertThat(SocialRules.topicWeight(null)).isEqualTo(1.0);
        assertThat(SocialRules.topicWeight(0.25)).isEqualTo(0.25);
        for (double bad : new double[] {0, -0.1, 1.01, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> SocialRules.topicWeight(bad)).as("%s", bad).isInstanceOf(Refusal.class);
        }
    }

    @Test
    void nobodyFollowsOrBlocksThemselves() {
        assertThatThrownBy(() -> SocialRules.notSelf("u1", "u1", "follow")).hasMessage("you cannot follow yourself")
                .extracting(e -> ((Refusal) e).kind()).isEqualTo(Refusal.Kind.INVALID);
        SocialRules.notSelf("u1", "u2", "follow");
    }

    @Test
    void aBlockEitherWayForbidsFollowingAndEndsBothFollows() {
        assertThatThrownBy(() -> SocialRules.mayFollow(true)).extracting(e -> ((Refusal) e).kind())
                .isEqualTo(Refusal.Kind.FORBIDDEN);
        SocialRules.mayFollow(false);
        assertThat(SocialRules.followsEndedByBlock("a", "b")).containsExactly(List.of("a", "b"), List.of("b", "a"));
    }

    @Test
    void onlyAdminsDecideJoinRequestsAndRoles() {
        SocialRules.mustBeAdmin(Optional.of(ClubRole.ADMIN), "approve join requests");
        for (Optional<ClubRole> role : List.of(Optional.<ClubRole>empty(), Optional.of(ClubRole.MODERATOR),
                Optional.of(ClubRole.MEMBER))) {
            assertThatThrownBy(() -> SocialRules.mustBeAdmin(role, "approve join requests"))
                    .as("%s", role).hasMessage("only a club admin may approve join requests")
                    .extracting(e -> ((Refusal) e).kind()).isEqualTo(Refusal.Kind.FORBIDDEN);
        }
    }

    @Test
    void aClubKeepsAnAdmin() {
        assertThatThrownBy(() -> SocialRules.keepsAnAdmin(ClubRole.ADMIN, Optional.of(ClubRole.MEMBER), 1))
                .extracting(e -> ((Refusal) e).kind()).isEqualTo(Refusal.Kind.CONFLICT);
        assertThatThrownBy(() -> SocialRules.keepsAnAdmin(ClubRole.ADMIN, Optional.empty(), 1))
                .isInstanceOf(Refusal.class);
        SocialRules.keepsAnAdmin(ClubRole.ADMIN, Optional.empty(), 2);
        SocialRules.keepsAnAdmin(ClubRole.MODERATOR, Optional.empty(), 1);
        SocialRules.keepsAnAdmin(ClubRole.ADMIN, Optional.of(ClubRole.ADMIN), 1);
    }

    @Test
    void inviteOnlySignUpNeedsACodeAndInvitesRunOut() {
        assertThat(RULES.needsInvite(null)).isFalse();
        assertThat(INVITE_ONLY.needsInvite("code")).isTrue();
        assertThatThrownBy(() -> INVITE_ONLY.needsInvite(" ")).extracting(e -> ((Refusal) e).kind())
                .isEqualTo(Refusal.Kind.FORBIDDEN);
        SocialRules.mayInvite(1);
        assertThatThrownBy(() -> SocialRules.mayInvite(0)).hasMessage("no invites left");
    }

    @Test
    void pageSizes() {
        assertThat(RULES.pageSize(null)).isEqualTo(20);
        assertThat(RULES.pageSize(100)).isEqualTo(100);
        assertThatThrownBy(() -> RULES.pageSize(0)).isInstanceOf(Refusal.class);
        assertThatThrownBy(() -> RULES.pageSize(101)).isInstanceOf(Refusal.class);
    }

    @Test
    void rolesHaveTheirWireNames() {
        assertThat(ClubRole.ofWire("moderator")).isEqualTo(ClubRole.MODERATOR);
        assertThat(ClubRole.ADMIN.wire()).isEqualTo("admin");
        assertThatThrownBy(() -> ClubRole.ofWire("owner")).isInstanceOf(Refusal.class);
        assertThatThrownBy(() -> ClubRole.ofWire(null)).isInstanceOf(Refusal.class);
    }
}
