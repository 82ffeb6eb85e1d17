import { useEffect, useRef, useState } from 'react';
import { Alert, Badge, Button, Card, Group, Loader, Stack, Title } from '@mantine/core';
import { useNavigate, useParams } from 'react-router';
import type { Session } from '../api';
import { useFrames, useGateway } from '../connection';
import { leftText, reasonText } from '../reasons';
import { apply, fromSnapshot, ON_STAGE, type Participant, type RoomState } from '../room';
import { PersonAvatar } from '../avatar';
import { UserText } from '../text';
import { useNames } from '../names';
import { ListenButton, Microphone } from './RoomAudio';
import { ModeratorPanel } from './ModeratorPanel';

// A room: joined over the WebSocket, its state from SNAPSHOT and DISPATCH frames, its audio through WHEP and WHIP
// (RoomAudio).
export function RoomPage({ session }: { session: Session }) {
  const roomId = useParams().roomId!;
  const gateway = useGateway();
  const navigate = useNavigate();
  const [room, setRoom] = useState<RoomState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [gone, setGone] = useState<string | null>(null);
  const joinNonce = useRef<string | null>(null);
  const [volumes, setVolumes] = useState<ReadonlyMap<string, number>>(new Map());
  const me = session.userId;
  const name = useNames(session, room?.participants.map((p) => p.user_id) ?? []);

  useEffect(() => {
    const join = () => { joinNonce.current = gateway.command('join', roomId); };
    if (gateway.state === 'ready') join();
    const off = gateway.onFrame((f) => f.op === 'READY' && join());
    return off;
  }, [gateway, roomId]);

  useFrames((f) => {
    if (f.room !== roomId) return;
    if (f.op === 'SNAPSHOT') setRoom(fromSnapshot(f));
    else if (f.op === 'DISPATCH') {
      setRoom((s) => s && apply(s, f));
      if (f.t === 'participant_left' && f.data?.participant_id === me) setGone(leftText(f.data.reason));
      if (f.t === 'room_ended') setGone(leftText('room_ended'));
    } else if (f.op === 'COMMAND_RESULT' && f.outcome === 'rejected') {
      const alreadyIn = f.nonce === joinNonce.current && f.reason === 'invalid_transition';
      if (!alreadyIn) setError(reasonText(f.reason));
    } else if (f.op === 'ERROR') setError(f.message ?? 'The server refused that request.');
  }, [roomId, me]);

  const leave = () => {
    gateway.command('leave', roomId);
    gateway.forget(roomId);
    navigate('/');
  };

  if (gone) return <Alert color="blue" title="You are no longer in this room">{gone}</Alert>;
  if (!room) {
    return error ? <Alert color="red" role="alert" title="You could not join">{error}</Alert> : <Loader aria-label="Joining the room" />;
  }
  const mine = room.participants.find((p) => p.user_id === me);
  const stage = room.participants.filter((p) => ON_STAGE.has(p.role));
  const audience = room.participants.filter((p) => !ON_STAGE.has(p.role));
  const moderator = mine?.role === 'moderator';
  const handRaised = room.handQueue.includes(me);
  const act = (op: string, args: Record<string, unknown> = {}) => { setError(null); gateway.command(op, roomId, args); };

  return (
    <Stack component="section" aria-label="Room">
      <Stack gap={4}>
        <Title order={2} lineClamp={3} style={{ overflowWrap: 'anywhere' }} data-testid="room-heading"><bdi>{room.title}</bdi></Title>
        <Group gap="xs">
          {room.topic && <Badge variant="light" maw="100%">{room.topic}</Badge>}
          {room.language && <Badge variant="outline" color="gray.8" data-testid="room-language"
            title={`Language: ${room.language}`}>{room.language}</Badge>}
        </Group>
      </Stack>
      {error && <Alert color="red" role="alert" withCloseButton onClose={() => setError(null)}>{error}</Alert>}
      <Group>
        <ListenButton session={session} roomId={roomId} volumes={volumes} />
        <Microphone session={session} roomId={roomId} onStage={!!mine && ON_STAGE.has(mine.role)} muted={!!mine?.muted} />
        {mine?.role === 'listener' && (
          handRaised
            ? <Button variant="default" onClick={() => act('lower_hand')}>Lower hand</Button>
            : <Button variant="default" onClick={() => act('raise_hand')}>Raise hand</Button>
        )}
        {mine?.role === 'invited_speaker' && (
          <>
            <Button onClick={() => act('accept_invite')}>Join the stage</Button>
            <Button variant="default" onClick={() => act('decline_invite')}>Stay in the audience</Button>
          </>
        )}
        {mine && ON_STAGE.has(mine.role) && (
          mine.muted
            ? <Button variant="default" onClick={() => act('unmute')}>Unmute</Button>
            : <Button variant="default" onClick={() => act('mute')}>Mute</Button>
        )}
        {moderator && <Button variant="default" onClick={() => act('mute_all')}>Mute all</Button>}
        <Button color="red" variant="outline" onClick={leave}>Leave</Button>
      </Group>
      <People title="On stage" label="Speakers" people={stage} speaking={room.speaking} me={me} moderator={moderator} act={act}
        name={name} volumes={volumes} setVolume={(id, v) => setVolumes((all) => new Map(all).set(id, v))} />
      <People title={`Listeners (${audience.length})`} label="Listeners" people={audience} speaking={[]} me={me}
        moderator={moderator} act={act} name={name} />
      {moderator && room.handQueue.length > 0 && (
        <Card withBorder component="section" aria-label="Raised hands">
          <Title order={3} size="h5" mb="xs">Raised hands</Title>
          <Stack gap="xs">
            {room.handQueue.map((id) => (
              <Group key={id} justify="space-between" wrap="nowrap">
                <UserText>{name(id)}</UserText>
                <Group gap="xs" wrap="nowrap">
                  <Button size="xs" onClick={() => act('accept_hand', { user_id: id })} aria-label={`Accept ${name(id)}`}>Accept</Button>
                  <Button size="xs" variant="default" onClick={() => act('deny_hand', { user_id: id })} aria-label={`Deny ${name(id)}`}>Deny</Button>
                </Group>
              </Group>
            ))}
          </Stack>
        </Card>
      )}
      {moderator && <ModeratorPanel roomId={roomId} language={room.language} act={act} />}
    </Stack>
  );
}

type Act = (op: string, args?: Record<string, unknown>) => void;

interface PeopleProps {
  title: string;
  label: string;
  people: Participant[];
  speaking: string[];
  me: string;
  moderator: boolean;
  act: Act;
  /** A person's display name (their user id until it is known). */
  name: (id: string) => string;
  /** For the stage: how loud each other person is heard (0..1), and how to change it. */
  volumes?: ReadonlyMap<string, number>;
  setVolume?: (id: string, volume: number) => void;
}

function People({ title, label, people, speaking, me, moderator, act, name, volumes, setVolume }: PeopleProps) {
  return (
    <Stack gap="xs" component="section" aria-label={label}>
      <Title order={3} size="h5">{title}</Title>
      <Group gap="md" align="start">
        {people.map((p) => (
          <Stack key={p.user_id} gap={2} align="center" w={88} data-testid="participant">
            <PersonAvatar name={name(p.user_id)} size="lg"
              style={speaking.includes(p.user_id) ? { outline: '3px solid var(--mantine-color-green-6)' } : undefined} />
            <UserText size="xs" maw={88}>{name(p.user_id)}</UserText>
            {p.role === 'moderator' && <Badge size="xs">Moderator</Badge>}
            {p.muted && <Badge size="xs" color="gray">Muted</Badge>}
            {setVolume && p.user_id !== me && (
              <Volume name={name(p.user_id)} value={volumes?.get(p.user_id) ?? 1} set={(v) => setVolume(p.user_id, v)} />
            )}
            {moderator && p.user_id !== me && <ModeratorActions p={p} name={name(p.user_id)} act={act} />}
          </Stack>
        ))}
      </Group>
    </Stack>
  );
}

/**
 * How loud a speaker is heard here, 0 to 100 % (the browser's own range input: arrow keys, Home, End), applied to the
 * track that carries their voice (audio.ts).
 */
function Volume({ name, value, set }: { name: string; value: number; set: (volume: number) => void }) {
  const percent = Math.round(value * 100);
  return (
    <input type="range" min={0} max={100} step={5} value={percent} aria-label={`Volume of ${name}`}
      aria-valuetext={`${percent} %`} title={`Volume of ${name}: ${percent} %`} style={{ width: '100%', accentColor: 'var(--mantine-color-blue-8)' }}
      onChange={(e) => set(Number(e.currentTarget.value) / 100)} />
  );
}

/**
 * What a moderator can do to someone else (docs/protocol.md, "Commands"; the room decides who may), shown under the
 * person once "Actions" is pressed: plain buttons, no popup library.
 */
function ModeratorActions({ p, name, act }: { p: Participant; name: string; act: Act }) {
  const [open, setOpen] = useState(false);
  const actions: [op: string, label: string][] = [];
  if (p.role === 'speaker') {
    if (!p.muted) actions.push(['mute', 'Mute']);
    actions.push(['promote', 'Make moderator'], ['demote', 'Move to audience']);
  }
  if (p.role === 'moderator') actions.push(['demote', 'Make speaker']);
  if (p.role === 'listener') actions.push(['invite_speaker', 'Invite to speak']);
  actions.push(['kick', 'Remove'], ['ban', 'Ban']);
  return (
    <>
      <Button size="compact-xs" variant="default" aria-expanded={open} aria-label={`Actions for ${name}`}
        onClick={() => setOpen(!open)}>Actions</Button>
      {open && (
        <Stack gap={2} role="group" aria-label={`Moderate ${name}`}>
          {actions.map(([op, label]) => (
            <Button key={op} size="compact-xs" variant="default" color={op === 'kick' || op === 'ban' ? 'red.9' : undefined}
              onClick={() => { setOpen(false); act(op, { user_id: p.user_id }); }}>{label}</Button>
          ))}
        </Stack>
      )}
    </>
  );
}
