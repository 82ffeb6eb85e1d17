import { Button } from '@mantine/core';

/** Follow / Unfollow of a person or a club: `followed` is the server's `followed_by_me`; `set` asks for the other. */
export function FollowButton({ followed, busy, set }: { followed: boolean; busy: boolean; set: (follow: boolean) => void }) {
  return (
    <Button variant={followed ? 'default' : 'filled'} loading={busy} onClick={() => set(!followed)}>
      {followed ? 'Unfollow' : 'Follow'}
    </Button>
  );
}
