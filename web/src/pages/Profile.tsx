import { Alert, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { profile, setFollowing, type Session } from '../api';
import { FollowButton } from '../follow';
import { useServerState } from '../serverState';
import { PersonAvatar } from '../avatar';
import { UserText } from '../text';

// A person's public profile (`GET /users/{id}`), where search results for people lead. Another person's profile
// has a Follow / Unfollow button; the profile is read again after each change, so the counts are the server's.
export function ProfilePage({ session }: { session: Session }) {
  const userId = useParams().userId!;
  const { data, error, busy, change } = useServerState(() => profile(session, userId), [session, userId]);

  if (error && !data) return <Alert color="red" role="alert">{error}</Alert>;
  if (!data) return <Loader aria-label="Loading the profile" />;
  return (
    <Stack component="section" aria-label="Profile" maw={560}>
      <Group wrap="nowrap">
        <PersonAvatar name={data.display_name} size="xl" />
        <Stack gap={0} miw={0}>
          <Title order={2} style={{ overflowWrap: 'anywhere' }}><bdi>{data.display_name}</bdi></Title>
          <Text c="gray.7">@{data.username}</Text>
        </Stack>
      </Group>
      {data.bio && <UserText lines={6}>{data.bio}</UserText>}
      <Text size="sm" data-testid="follow-counts">
        {data.follower_count} followers · {data.following_count} following
      </Text>
      {data.followed_by_me != null && (
        <Group>
          <FollowButton followed={data.followed_by_me} busy={busy}
            set={(follow) => change(() => setFollowing(session, userId, follow))} />
        </Group>
      )}
      {error && <Alert color="red" role="alert">{error}</Alert>}
    </Stack>
  );
}
