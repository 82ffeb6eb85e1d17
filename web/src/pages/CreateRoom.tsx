import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Group, NativeSelect, Stack, Switch, TextInput, Title } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { createRoom, getRoom, topics, type NewRoom, type Session, type Topic } from '../api';
import { restErrorText } from '../reasons';

// Create a live room or schedule one (`POST /rooms`). Creation is asynchronous: the room exists once
// `GET /rooms/{id}` answers 200; a refusal by room-state-stream (e.g. a club the creator is not in) shows only as
// the room never appearing (docs/protocol.md, "Commands").
const APPEAR_WAIT_MS = 15_000;
const APPEAR_POLL_MS = 300;
const VISIBILITIES = [
  { value: 'public', label: 'Public: anyone can join' },
  { value: 'social', label: 'Friends: people you follow' },
  { value: 'club', label: 'Club: members of a club' },
  { value: 'private', label: 'Private: invited people only' },
];

async function appeared(session: Session, roomId: string): Promise<boolean> {
  for (const end = Date.now() + APPEAR_WAIT_MS; Date.now() < end;) {
    try {
      await getRoom(session, roomId);
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, APPEAR_POLL_MS));
    }
  }
  return false;
}

export function CreateRoomPage({ session }: { session: Session }) {
  const navigate = useNavigate();
  const [catalog, setCatalog] = useState<Topic[]>([]);
  const [title, setTitle] = useState('');
  const [topic, setTopic] = useState('');
  const [visibility, setVisibility] = useState<NewRoom['visibility']>('public');
  const [clubId, setClubId] = useState('');
  const [language, setLanguage] = useState('');
  const [approval, setApproval] = useState(false);
  const [startsAt, setStartsAt] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [scheduled, setScheduled] = useState<string | null>(null);
  useEffect(() => { topics(session).then((t) => setCatalog(t.topics), () => setCatalog([])); }, [session]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const room: NewRoom = {
      title, visibility, settings: { approval_required: approval },
      ...(topic && { topic }),
      ...(visibility === 'club' && { club_id: clubId }),
      ...(language.trim() && { language: language.trim() }),
      ...(startsAt && { starts_at: new Date(startsAt).getTime() }),
    };
    try {
      const { room_id } = await createRoom(session, room, crypto.randomUUID());
      if (!(await appeared(session, room_id))) {
        setError('The room was not created. If it is a club room, check that you are a member of that club.');
      } else if (startsAt) {
        setScheduled(new Date(startsAt).toLocaleString());
      } else {
        navigate(`/room/${encodeURIComponent(room_id)}`);
      }
    } catch (err) {
      setError(restErrorText(err));
    } finally {
      setBusy(false);
    }
  }

  if (scheduled) {
    return (
      <Alert color="green" title="Your room is scheduled">
        It starts {scheduled}. <Link to="/">Back to the hallway</Link>
      </Alert>
    );
  }
  return (
    <Stack component="form" onSubmit={submit} maw={560} aria-label="New room">
      <Title order={2}>Start a room</Title>
      <TextInput label="Title" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
      <NativeSelect label="Topic" value={topic} onChange={(e) => setTopic(e.currentTarget.value)}
        data={[{ value: '', label: 'No topic' }, ...catalog.map((t) => ({ value: t.slug, label: `${t.name} (${t.category})` }))]} />
      <NativeSelect label="Who can join" value={visibility} data={VISIBILITIES}
        onChange={(e) => setVisibility(e.currentTarget.value as NewRoom['visibility'])} />
      {visibility === 'club' && (
        <TextInput label="Club id" required value={clubId} onChange={(e) => setClubId(e.currentTarget.value)} />
      )}
      <TextInput label="Language" description="A language tag, e.g. en or pt-BR" value={language}
        onChange={(e) => setLanguage(e.currentTarget.value)} />
      <Switch label="Ask me to approve each person who joins" checked={approval}
        onChange={(e) => setApproval(e.currentTarget.checked)} />
      <TextInput label="Start later" description="Leave empty to start now" type="datetime-local" value={startsAt}
        onChange={(e) => setStartsAt(e.currentTarget.value)} />
      {error && <Alert color="red" role="alert" style={{ overflowWrap: 'anywhere' }}>{error}</Alert>}
      <Group>
        <Button type="submit" loading={busy}>{startsAt ? 'Schedule room' : 'Start room'}</Button>
        <Button component={Link} to="/" variant="default">Cancel</Button>
      </Group>
    </Stack>
  );
}
