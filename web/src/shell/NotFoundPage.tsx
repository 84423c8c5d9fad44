import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <Stack align="flex-start" gap="sm" py="xl">
      <Title order={1} size="h2">Page not found</Title>
      <Text c="dimmed">There is no page at this address. It may have moved, or the link is incomplete.</Text>
      <Button component={Link} to="/">Go to your organization</Button>
    </Stack>
  );
}
