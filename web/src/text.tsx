import { Avatar, Text, type AvatarProps, type TextProps } from '@mantine/core';

/**
 * Text that people typed (titles, user ids, bios), shown as text (React escapes it, never markup), isolated by
 * `<bdi>` so a right-to-left override inside cannot reorder the text around it, wrapped anywhere and clipped to
 * `lines` lines, so a long one cannot break the layout.
 */
export function UserText({ children, lines = 1, ...props }: TextProps & { children: string; lines?: number }) {
  return (
    <Text lineClamp={lines} style={{ overflowWrap: 'anywhere' }} {...props}>
      <bdi>{children}</bdi>
    </Text>
  );
}

/** Avatar colors whose shade 9 on their light background meets 4.5:1 contrast (lime, orange, yellow, green do not). */
const INITIALS_COLORS = ['blue', 'cyan', 'grape', 'indigo', 'pink', 'red', 'teal', 'violet'];

/** A person's initials in a color of their name. */
export function PersonAvatar({ name, ...props }: AvatarProps & { name: string }) {
  return <Avatar name={name} color="initials" allowedInitialsColors={INITIALS_COLORS} {...props} />;
}
