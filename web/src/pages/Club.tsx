import { Alert, Badge, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { club, joinClub, leaveClub, setFollowingClub, type Session } from '../api';
import { FollowButton } from '../follow';
import { useServerState } from '../serverState';
import { UserText } from '../text';

const MEMBER_ROLES = ['admin', 'moderator', 'member'];

// A club (`GET /clubs/{id}`), where search results for clubs lead: its name, description, rules and topics, and the
// caller's membership with Join (a public club), Ask to join (a private one: its admins decide) or Leave, and
// Follow / Unfollow. The club is read again after each change, so what it shows is the server's.
export function ClubPage({ session }: { session: Session }) {
  const clubId = useParams().clubId!;
  const { data, error, busy, change } = useServerState(() => club(session, clubId), [session, clubId]);

  if (error && !data) return <Alert color="red" role="alert">{error}</Alert>;
  if (!data) return <Loader aria-label="Loading the club" />;
  const member = MEMBER_ROLES.includes(data.membership ?? 'none');
  return (
    <Stack component="section" aria-label="Club" maw={560}>
      <Title order={2} style={{ overflowWrap: 'anywhere' }}><bdi>{data.name}</bdi></Title>
      <Group gap={6}>
        {data.private && <Badge variant="outline" color="gray.8">Private</Badge>}
        {data.topics.map((t) => <Badge key={t} variant="light">{t}</Badge>)}
      </Group>
      {data.description && <UserText lines={6}>{data.description}</UserText>}
      {data.rules && (
        <Stack gap={2}>
          <Text fw={600} size="sm">Rules</Text>
          <UserText size="sm" lines={8}>{data.rules}</UserText>
        </Stack>
      )}
      <Text size="sm" data-testid="club-members">
        {data.member_count} {data.member_count === 1 ? 'member' : 'members'}
        {member && ` · you are ${data.membership === 'member' ? 'a member' : `a ${data.membership}`}`}
      </Text>
      <Group>
        {member && <Button variant="default" loading={busy} onClick={() => change(() => leaveClub(session, clubId))}>
          Leave</Button>}
        {data.membership === 'none' && <Button loading={busy} onClick={() => change(() => joinClub(session, clubId))}>
          {data.private ? 'Ask to join' : 'Join'}</Button>}
        {data.membership === 'requested' && <Text size="sm" c="gray.7" role="status">
          Asked to join: the club's admins decide.</Text>}
        <FollowButton followed={!!data.followed_by_me} busy={busy}
          set={(follow) => change(() => setFollowingClub(session, clubId, follow))} />
      </Group>
      {error && <Alert color="red" role="alert">{error}</Alert>}
    </Stack>
  );
}
