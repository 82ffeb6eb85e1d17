import { useEffect, useState } from 'react';
import { Alert, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { profile, type Profile, type Session } from '../api';
import { restErrorText } from '../reasons';
import { PersonAvatar } from '../avatar';
import { UserText } from '../text';

// A person's public profile (`GET /users/{id}`), where search results for people lead.
export function ProfilePage({ session }: { session: Session }) {
  const userId = useParams().userId!;
  const [data, setData] = useState<Profile | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setData(null);
    setError(null);
    profile(session, userId).then(setData, (e) => setError(restErrorText(e)));
  }, [session, userId]);

  if (error) return <Alert color="red" role="alert">{error}</Alert>;
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
      <Text size="sm">{data.follower_count} followers · {data.following_count} following</Text>
    </Stack>
  );
}
