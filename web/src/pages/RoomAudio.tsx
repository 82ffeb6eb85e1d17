import { useEffect, useState, type KeyboardEvent } from 'react';
import { Button, Group, Switch, Text } from '@mantine/core';
import type { Session } from '../api';
import { listen, speak, type Listening, type Publishing } from '../audio';

// The room's audio controls: listening (WHEP) and, on the stage, the microphone (WHIP). Both start from a click,
// as browsers require for audio; the microphone only after the person chose "Use microphone".

/** Runs `start` on a click, with its busy state and its error as a sentence. */
function useStarter<T>(start: () => Promise<T>, started: (t: T) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run() {
    setBusy(true);
    setError(null);
    try {
      started(await start());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run };
}

interface ListenProps {
  session: Session;
  roomId: string;
  /** How loud each person is heard (user id → 0..1), as set on the stage. */
  volumes: ReadonlyMap<string, number>;
}

export function ListenButton({ session, roomId, volumes }: ListenProps) {
  const [playing, setPlaying] = useState<Listening | null>(null);
  const { busy, error, run } = useStarter(() => listen(session, roomId), setPlaying);
  useEffect(() => () => playing?.stop(), [playing]);
  useEffect(() => playing?.setVolumes(volumes), [playing, volumes]);
  return (
    <>
      {playing
        ? <Button variant="default" onClick={() => setPlaying(null)}>Stop listening</Button>
        : <Button onClick={run} loading={busy}>Listen</Button>}
      {error && <Text c="red" size="sm" role="alert">{error}</Text>}
    </>
  );
}

interface MicrophoneProps {
  session: Session;
  roomId: string;
  /** Whether the person is a speaker or moderator now; leaving the stage turns the microphone off. */
  onStage: boolean;
  /** The room's mute of the person (docs/protocol.md `mute`): nothing is sent while muted. */
  muted: boolean;
}

/**
 * The microphone of a person on the stage: off until they press "Use microphone" (their consent; the browser may
 * ask too), then published through WHIP. It sends sound unless the room has them muted, and with push to talk
 * only while "Hold to talk" is held (pointer, or Space/Enter on the focused button).
 */
export function Microphone({ session, roomId, onStage, muted }: MicrophoneProps) {
  const [mic, setMic] = useState<Publishing | null>(null);
  const [pushToTalk, setPushToTalk] = useState(false);
  const [holding, setHolding] = useState(false);
  const { busy, error, run } = useStarter(() => speak(session, roomId), setMic);
  useEffect(() => () => mic?.stop(), [mic]);
  useEffect(() => { if (!onStage) setMic(null); }, [onStage]);
  const live = !!mic && !muted && (!pushToTalk || holding);
  useEffect(() => mic?.setLive(live), [mic, live]);

  if (!onStage) return null;
  if (!mic) {
    return (
      <>
        <Button onClick={run} loading={busy}>Use microphone</Button>
        {error && <Text c="red" size="sm" role="alert">{error}</Text>}
      </>
    );
  }
  const hold = (down: boolean) => (e: KeyboardEvent) => {
    if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) {
      e.preventDefault();
      setHolding(down);
    }
  };
  return (
    <Group gap="xs">
      <Switch label="Push to talk" checked={pushToTalk} onChange={(e) => setPushToTalk(e.currentTarget.checked)} />
      {pushToTalk && (
        <Button variant={holding ? 'filled' : 'default'} aria-pressed={holding}
          onPointerDown={() => setHolding(true)} onPointerUp={() => setHolding(false)}
          onPointerLeave={() => setHolding(false)} onKeyDown={hold(true)} onKeyUp={hold(false)}
          onBlur={() => setHolding(false)}>Hold to talk</Button>
      )}
      <Button variant="default" onClick={() => setMic(null)}>Turn off microphone</Button>
      <Text size="sm" c="gray.7" role="status" data-testid="microphone-state">
        {live ? 'Your microphone is on' : muted ? 'You are muted' : 'Hold to talk to be heard'}
      </Text>
    </Group>
  );
}
