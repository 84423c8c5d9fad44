import { Group, Text, ThemeIcon } from '@mantine/core';

/** The product mark: a ticket-like badge and the name (the name only from `nameFrom` up, to save room on phones). */
export function Logo({ nameFrom }: { nameFrom?: 'xs' | 'sm' }) {
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon size={28} radius="md" variant="filled" aria-hidden>
        <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M4 7h16v10H4z" /><path d="M9 11h6M9 14h4" />
        </svg>
      </ThemeIcon>
      <Text fw={700} size="lg" c="var(--mantine-color-text)" visibleFrom={nameFrom}>Guestlist</Text>
    </Group>
  );
}
