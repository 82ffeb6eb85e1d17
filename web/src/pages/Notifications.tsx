import { Alert, Anchor, Badge, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useInbox } from '../inbox';
import { UserText } from '../text';

// The inbox, newest first, live (see inbox.tsx); "Mark all read" clears the unread count.
export function NotificationsPage() {
  const { items, unread, error, markAllRead } = useInbox();
  return (
    <Stack component="section" aria-label="Notifications" maw={720}>
      <Group justify="space-between">
        <Title order={2}>Notifications</Title>
        <Button variant="default" size="xs" onClick={markAllRead} disabled={unread === 0}>Mark all read</Button>
      </Group>
      {error && <Alert color="red" role="alert">{error}</Alert>}
      {!items && !error && <Loader size="sm" aria-label="Loading the notifications" />}
      {items?.length === 0 && <Text c="gray.7">No notifications yet.</Text>}
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Inbox">
        {items?.map((n) => (
          <Card withBorder component="li" key={n.id} data-testid="notification">
            <Group justify="space-between" wrap="nowrap" align="start">
              <UserText fw={600}>{n.title}</UserText>
              {!n.read && <Badge size="sm">New</Badge>}
            </Group>
            <UserText lines={2} data-testid="notification-body">{n.body}</UserText>
            <Group gap="md">
              <Text size="xs" c="gray.7">{new Date(n.occurred_at).toLocaleString()}</Text>
              {n.room_id && <Anchor component={Link} size="sm" to={`/room/${encodeURIComponent(n.room_id)}`}>Open the room</Anchor>}
            </Group>
          </Card>
        ))}
      </Stack>
    </Stack>
  );
}
