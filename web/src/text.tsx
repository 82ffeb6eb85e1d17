import { Text, type TextProps } from '@mantine/core';

/**
 * Text that people typed (titles, user ids, display names, bios), shown as text (React escapes it, never markup),
 * isolated by `<bdi>` so a right-to-left override inside cannot reorder the text around it, wrapped anywhere and
 * clipped to `lines` lines, so a long one cannot break the layout.
 */
export function UserText({ children, lines = 1, ...props }: TextProps & { children: string; lines?: number }) {
  return (
    <Text lineClamp={lines} style={{ overflowWrap: 'anywhere' }} {...props}>
      <bdi>{children}</bdi>
    </Text>
  );
}
