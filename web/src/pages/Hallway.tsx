import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { hallway, type Hallway, type HallwayRoom, type Session } from '../api';
import { useFrames } from '../connection';
import { useNames } from '../names';
import { UserText } from '../text';

/** The pages shown, as one: each room once (the first page that has it), and the last page's cursor. */
function merge(pages: Hallway[]): Hallway {
  const seen = new Set<string>();
  const fresh = (r: HallwayRoom) => !seen.has(r.room_id) && !!seen.add(r.room_id);
  return {
    version: pages[0].version,
    live: pages.flatMap((p) => p.live).filter(fresh),
    upcoming: pages.flatMap((p) => p.upcoming).filter(fresh),
    next_cursor: pages.at(-1)!.next_cursor,
  };
}

// The hallway: `GET /hallway` page by page ("More rooms" follows `next_cursor`); on each `hallway_updated` user event
// (and connect, resume) the pages shown so far are read again from the first, so the view stays as long as it was.
export function HallwayPage({ session }: { session: Session }) {
  const [pages, setPages] = useState<Hallway[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** A "More rooms" read under way (reads on updates do not disable the button: a click then is not lost). */
  const [busy, setBusy] = useState(false);
  /** Bumped by each read: an answer to an older one is dropped. */
  const generation = useRef(0);
  /** Pages the person asked to see: a read started after "More rooms" reads as many, so no click is lost. */
  const wanted = useRef(1);

  const read = useCallback(async (from: Hallway[]) => {
    const mine = ++generation.current;
    try {
      const got = [...from];
      do got.push(await hallway(session, got.at(-1)?.next_cursor ?? undefined));
      while (got.length < wanted.current && got.at(-1)!.next_cursor);
      if (mine === generation.current) {
        wanted.current = got.length;
        setPages(got);
        setError(null);
      }
    } catch (e) {
      if (mine === generation.current) setError(e instanceof Error ? e.message : String(e));
    } finally {
      if (mine === generation.current) setBusy(false);
    }
  }, [session]);
  const reload = useCallback(() => void read([]), [read]);
  useEffect(reload, [reload]);
  useFrames((f) => {
    if (f.op === 'DISPATCH' && f.t === 'hallway_updated') reload();
    if (f.op === 'READY' || f.op === 'RESUMED') reload();
  }, [reload]);

  const data = pages && merge(pages);
  const people = data
    ? [...data.live, ...data.upcoming].flatMap((r) => [...(r.speaker_ids ?? []), ...(r.followed_speaker_ids ?? [])])
    : [];
  const name = useNames(session, people);

  if (!data) {
    return error ? <Alert color="red" role="alert">The hallway could not be loaded: {error}</Alert> : <Loader aria-label="Loading the hallway" />;
  }
  return (
    <Stack component="section" aria-label="Hallway">
      <Section title="Live now" rooms={data.live} name={name}
        empty="No live rooms for you yet. Follow people and topics to fill your hallway." />
      {data.upcoming.length > 0 && <Section title="Upcoming" rooms={data.upcoming} name={name} empty="" />}
      {error && <Alert color="red" role="alert">The hallway could not be read again: {error}</Alert>}
      {data.next_cursor && (
        <Group justify="center">
          <Button variant="default" loading={busy} onClick={() => {
            wanted.current = pages!.length + 1;
            setBusy(true);
            void read(pages!);
          }}>More rooms</Button>
        </Group>
      )}
    </Stack>
  );
}

type Name = (id: string) => string;

function Section({ title, rooms, empty, name }: { title: string; rooms: HallwayRoom[]; empty: string; name: Name }) {
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">{title}</Title>
      {rooms.length === 0 && <Text c="gray.7">{empty}</Text>}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {rooms.map((r) => <RoomCard key={r.room_id} room={r} name={name} />)}
      </SimpleGrid>
    </Stack>
  );
}

function RoomCard({ room, name }: { room: HallwayRoom; name: Name }) {
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
              <li key={id} data-testid="card-speaker"><UserText size="sm">{name(id)}</UserText></li>
            ))}
          </Group>
        )}
        {followed.length > 0 && (
          <UserText size="sm" data-testid="card-followed">{`With ${followed.map(name).join(', ')}`}</UserText>
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
