import { useEffect, useState } from 'react';
import { Alert, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { profile, setFollowing, type Profile, type Session } from '../api';
import { restErrorText } from '../reasons';
import { PersonAvatar } from '../avatar';
import { UserText } from '../text';

// A person's public profile (`GET /users/{id}`), where search results for people lead. Another person's profile
// has a Follow / Unfollow button; the profile is read again after each change, so the counts are the server's.
export function ProfilePage({ session }: { session: Session }) {
  const userId = useParams().userId!;
  const [data, setData] = useState<Profile | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setData(null);
    setError(null);
    profile(session, userId).then(setData, (e) => setError(restErrorText(e)));
  }, [session, userId]);

  const toggleFollow = async (follow: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await setFollowing(session, userId, follow);
      setData(await profile(session, userId));
    } catch (e) {
      setError(restErrorText(e));
    } finally {
      setBusy(false);
    }
  };

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
          <Button variant={data.followed_by_me ? 'default' : 'filled'} loading={busy}
            onClick={() => toggleFollow(!data.followed_by_me)}>
            {data.followed_by_me ? 'Unfollow' : 'Follow'}
          </Button>
        </Group>
      )}
      {error && <Alert color="red" role="alert">{error}</Alert>}
    </Stack>
  );
}
