import { lazy, Suspense } from 'react';
import { ActionIcon, AppShell, Button, Group, Indicator, Loader, Text, Title } from '@mantine/core';
import { Link, Navigate, Route, Routes } from 'react-router';
import type { Session } from './api';
import { setSession, useSession } from './session';
import { ConnectionBanner, GatewayProvider } from './connection';
import { InboxProvider, useInbox } from './inbox';
import { SignIn } from './pages/SignIn';
import { HallwayPage } from './pages/Hallway';

// The client's routes, none a REST route; ingress-ws's WebClientController serves the page at each of them. The hallway is in the
// first bundle; every other screen is a chunk of its own, fetched when first opened.
const RoomPage = lazy(() => import('./pages/Room').then((m) => ({ default: m.RoomPage })));
const CreateRoomPage = lazy(() => import('./pages/CreateRoom').then((m) => ({ default: m.CreateRoomPage })));
const SearchPage = lazy(() => import('./pages/Search').then((m) => ({ default: m.SearchPage })));
const ProfilePage = lazy(() => import('./pages/Profile').then((m) => ({ default: m.ProfilePage })));
const ClubPage = lazy(() => import('./pages/Club').then((m) => ({ default: m.ClubPage })));
const NotificationsPage = lazy(() => import('./pages/Notifications').then((m) => ({ default: m.NotificationsPage })));

export function App() {
  const session = useSession();
  if (!session) return <SignIn />;
  return (
    <GatewayProvider session={session}>
      <InboxProvider session={session}>
        <AppShell header={{ height: 56 }} padding="md">
          <AppShell.Header>
            <Header session={session} />
          </AppShell.Header>
          <AppShell.Main>
            <ConnectionBanner />
            <Suspense fallback={<Loader aria-label="Loading" />}>
            <Routes>
              <Route path="/" element={<HallwayPage session={session} />} />
              <Route path="/room/:roomId" element={<RoomPage session={session} />} />
              <Route path="/new" element={<CreateRoomPage session={session} />} />
              <Route path="/find" element={<SearchPage session={session} />} />
              <Route path="/user/:userId" element={<ProfilePage session={session} />} />
              <Route path="/club/:clubId" element={<ClubPage session={session} />} />
              <Route path="/inbox" element={<NotificationsPage />} />
              <Route path="*" element={<Navigate to="/" replace />} />
            </Routes>
            </Suspense>
          </AppShell.Main>
        </AppShell>
      </InboxProvider>
    </GatewayProvider>
  );
}

// Transparent buttons: a hover background under the blue text would fall below 4.5:1 contrast (axe-core).
function Header({ session }: { session: Session }) {
  const { unread } = useInbox();
  return (
    <Group h="100%" px="sm" justify="space-between" wrap="nowrap" gap="xs">
      <Title order={1} size="h4">
        <Link to="/" style={{ color: 'inherit', textDecoration: 'none' }}>Roomcast</Link>
      </Title>
      <Group gap={4} wrap="nowrap" miw={0}>
        <Button component={Link} to="/find" variant="transparent" size="compact-sm">Search</Button>
        <Button component={Link} to="/new" variant="transparent" size="compact-sm">New room</Button>
        <Indicator label={unread} size={16} disabled={unread === 0} color="red.9">
          <ActionIcon component={Link} to="/inbox" variant="transparent"
            aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'}>
            <Bell />
          </ActionIcon>
        </Indicator>
        <Text size="sm" truncate maw={140} visibleFrom="sm" aria-label="Signed in as"><bdi>{session.userId}</bdi></Text>
        <Button variant="transparent" size="compact-sm" onClick={() => setSession(null)}>Sign out</Button>
      </Group>
    </Group>
  );
}

function Bell() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}
