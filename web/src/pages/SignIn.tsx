import { useState, type FormEvent } from 'react';
import { Alert, Button, Center, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { devToken } from '../api';
import { setSession } from '../session';

// Dev-mode sign in: any user id gets a token from `POST /dev/token` (local platforms only).
export function SignIn() {
  const [userId, setUserId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setSession(await devToken(userId.trim()));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" p="md">
      <Paper component="main" withBorder p="xl" w="100%" maw={420}>
        <form onSubmit={submit}>
          <Stack>
            <Title order={1}>Roomcast</Title>
            <Text c="gray.7">Live audio rooms. Development sign-in: type any user id.</Text>
            <TextInput label="User id" required maxLength={128} value={userId}
              onChange={(e) => setUserId(e.currentTarget.value)} autoComplete="username" />
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <Button type="submit" loading={busy} disabled={!userId.trim()}>Sign in</Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
