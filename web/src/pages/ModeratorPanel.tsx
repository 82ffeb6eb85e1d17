import { useState, type FormEvent } from 'react';
import { Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useFrames } from '../connection';

type Act = (op: string, args?: Record<string, unknown>) => void;

/**
 * A moderator's room-wide actions (docs/protocol.md, "Commands"): the room's language (`update_room`, `""` clears
 * it), inviting someone to the room (`invite_to_room`; the room's `room_invite_sent` confirms it), and ending the
 * room (`end_room`, after a second press: it ends it for everyone). Refusals come back as the room's errors.
 */
export function ModeratorPanel({ roomId, language, act }: { roomId: string; language: string | null; act: Act }) {
  const [lang, setLang] = useState(language ?? '');
  const [invitee, setInvitee] = useState('');
  const [invited, setInvited] = useState<string | null>(null);
  const [ending, setEnding] = useState(false);
  useFrames((f) => {
    if (f.room === roomId && f.op === 'DISPATCH' && f.t === 'room_invite_sent') setInvited(f.data?.participant_id ?? null);
  }, [roomId]);

  const setLanguage = (e: FormEvent) => {
    e.preventDefault();
    act('update_room', { language: lang.trim() });
  };
  const invite = (e: FormEvent) => {
    e.preventDefault();
    if (!invitee.trim()) return;
    setInvited(null);
    act('invite_to_room', { user_id: invitee.trim() });
    setInvitee('');
  };
  return (
    <Card withBorder component="section" aria-label="Moderator tools">
      <Title order={3} size="h5" mb="xs">Moderator tools</Title>
      <Stack gap="sm">
        <Group component="form" aria-label="The room's language" onSubmit={setLanguage} align="end" gap="xs">
          <TextInput label="Room language" description="A language tag such as en or pt-BR; empty for none"
            value={lang} maxLength={35} onChange={(e) => setLang(e.currentTarget.value)} />
          <Button type="submit" variant="default">Set language</Button>
        </Group>
        <Group component="form" aria-label="Invite to the room" onSubmit={invite} align="end" gap="xs">
          <TextInput label="Invite someone (user id)" value={invitee}
            onChange={(e) => setInvitee(e.currentTarget.value)} />
          <Button type="submit" variant="default">Invite</Button>
        </Group>
        {invited && (
          <Text size="sm" role="status" style={{ overflowWrap: 'anywhere' }}>
            Invitation sent to <bdi>{invited}</bdi>.
          </Text>
        )}
        <Group gap="xs">
          {ending ? (
            <>
              <Button color="red" onClick={() => act('end_room')}>End the room for everyone</Button>
              <Button variant="default" onClick={() => setEnding(false)}>Keep the room</Button>
            </>
          ) : (
            <Button color="red" variant="outline" onClick={() => setEnding(true)}>End room</Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
