import { useCallback, useEffect, useState } from 'react';
import { Alert, Badge, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { hallway, type Hallway, type HallwayRoom, type Session } from '../api';
import { useFrames } from '../connection';
import { UserText } from '../text';

// The hallway: `GET /hallway`, fetched again on each `hallway_updated` user event.
export function HallwayPage({ session }: { session: Session }) {
  const [data, setData] = useState<Hallway | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    hallway(session).then(setData, (e: Error) => setError(e.message));
  }, [session]);
  useEffect(load, [load]);
  useFrames((f) => {
    if (f.op === 'DISPATCH' && f.t === 'hallway_updated') load();
    if (f.op === 'READY' || f.op === 'RESUMED') load();
  }, [load]);

  if (error) return <Alert color="red" role="alert">The hallway could not be loaded: {error}</Alert>;
  if (!data) return <Loader aria-label="Loading the hallway" />;
  return (
    <Stack component="section" aria-label="Hallway">
      <Section title="Live now" rooms={data.live} empty="No live rooms for you yet. Follow people and topics to fill your hallway." />
      {data.upcoming.length > 0 && <Section title="Upcoming" rooms={data.upcoming} empty="" />}
    </Stack>
  );
}

function Section({ title, rooms, empty }: { title: string; rooms: HallwayRoom[]; empty: string }) {
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">{title}</Title>
      {rooms.length === 0 && <Text c="gray.7">{empty}</Text>}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {rooms.map((r) => <RoomCard key={r.room_id} room={r} />)}
      </SimpleGrid>
    </Stack>
  );
}

function RoomCard({ room }: { room: HallwayRoom }) {
  const followed = room.followed_speaker_ids ?? [];
  return (
    <Card withBorder component={Link} to={`/room/${encodeURIComponent(room.room_id)}`}
      data-testid="room-card">
      <Stack gap={6}>
        <UserText fw={600} lines={2} data-testid="room-title">{room.title}</UserText>
        {(room.topic || room.language) && (
          <Group gap={6}>
            {room.topic && <Badge variant="light" maw="100%">{room.topic}</Badge>}
            {room.language && <Badge variant="outline" color="gray.8" data-testid="room-card-language"
              title={`Language: ${room.language}`}>{room.language}</Badge>}
          </Group>
        )}
        {(room.speaker_ids ?? []).length > 0 && (
          <Group gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="On stage">
            {room.speaker_ids!.map((id) => (
              <li key={id} data-testid="card-speaker"><UserText size="sm">{id}</UserText></li>
            ))}
          </Group>
        )}
        {followed.length > 0 && (
          <UserText size="sm">{`With ${followed.join(', ')}`}</UserText>
        )}
        <Group gap="md">
          {room.lifecycle === 'live' ? (
            <>
              <Text size="sm" c="gray.7">{room.speaker_count ?? 0} speaking</Text>
              <Text size="sm" c="gray.7">{room.listener_count ?? 0} listening</Text>
            </>
          ) : (
            room.starts_at && <Text size="sm" c="gray.7">Starts {new Date(room.starts_at).toLocaleString()}</Text>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
