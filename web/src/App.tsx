import { AppShell, Button, Group, Text, Title } from '@mantine/core';
import { Link, Navigate, Route, Routes } from 'react-router';
import { setSession, useSession } from './session';
import { ConnectionBanner, GatewayProvider } from './connection';
import { SignIn } from './pages/SignIn';
import { HallwayPage } from './pages/Hallway';
import { RoomPage } from './pages/Room';

export function App() {
  const session = useSession();
  if (!session) return <SignIn />;
  return (
    <GatewayProvider session={session}>
      <AppShell header={{ height: 56 }} padding="md">
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Title order={1} size="h3">
              <Link to="/" style={{ color: 'inherit', textDecoration: 'none' }}>Roomcast</Link>
            </Title>
            <Group gap="xs" wrap="nowrap">
              <Text size="sm" truncate maw={160} aria-label="Signed in as">{session.userId}</Text>
              <Button variant="subtle" size="xs" onClick={() => setSession(null)}>Sign out</Button>
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Main>
          <ConnectionBanner />
          <Routes>
            <Route path="/" element={<HallwayPage session={session} />} />
            <Route path="/room/:roomId" element={<RoomPage session={session} />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </AppShell.Main>
      </AppShell>
    </GatewayProvider>
  );
}
