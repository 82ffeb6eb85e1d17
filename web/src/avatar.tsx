import { Avatar, type AvatarProps } from '@mantine/core';

/** Avatar colors whose shade 9 on their light background meets 4.5:1 contrast (lime, orange, yellow, green do not). */
const INITIALS_COLORS = ['blue', 'cyan', 'grape', 'indigo', 'pink', 'red', 'teal', 'violet'];

/** A person's initials in a color of their name. */
export function PersonAvatar({ name, ...props }: AvatarProps & { name: string }) {
  return <Avatar name={name} color="initials" allowedInitialsColors={INITIALS_COLORS} {...props} />;
}
